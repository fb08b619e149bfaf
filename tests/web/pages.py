"""Pages for the triage app's tests, written for them: each names Huawei, a Safe City product and a
place, so storing it through ``store.pages.save_page`` proposes a candidate."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from extractors import analyze
from keywords import load_vocabulary
from store.pages import FetchedPage, save_page
from store.runs import RunTally, add_to_run


def article(title: str, canonical: str, *paragraphs: str, lang: str = "en") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{canonical}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


FILLER = "Officials did not say when the work would be finished or what it would cost in the end."
FILLER_ZH = "有关部门没有透露项目的完工时间和最终费用。"

PAGES: dict[str, tuple[str, bytes]] = {
    "belgrade": (
        "https://daily.example/serbia-cameras",
        article(
            "Serbia signs camera deal",
            "https://daily.example/serbia-cameras",
            "Serbia's interior ministry signed an agreement with Huawei in 2019 to put facial "
            "recognition cameras on the streets of Belgrade.",
            FILLER,
        ),
    ),
    "belgrade_zh": (
        "https://zh-news.example/rs",
        article(
            "塞尔维亚签署监控协议",
            "https://zh-news.example/rs",
            "塞尔维亚内务部2019年与华为签署协议，在贝尔格莱德街头安装人脸识别摄像头。",
            FILLER_ZH,
            lang="zh",
        ),
    ),
    "nairobi": (
        "https://county.go.ke/notice",
        article(
            "Nairobi command centre",
            "https://county.go.ke/notice",
            "The Kenyan government signed a contract with Huawei in 2015 for a police command "
            "center and CCTV cameras across Nairobi.",
            "Huawei engineers installed the first cameras in Nairobi a year later. " + FILLER,
        ),
    ),
    "lahore": (
        "https://paper.example/lahore",
        article(
            "Lahore safe city opens",
            "https://paper.example/lahore",
            "The Punjab government opened the Lahore Safe City command center, built by Huawei, "
            "in 2016, with licence plate recognition on the main roads of Lahore, Pakistan.",
            FILLER,
        ),
    ),
    "quito": (
        "https://wire.example/quito",
        article(
            "Quito cameras",
            "https://wire.example/quito",
            "Ecuador's government deployed Huawei video surveillance in Quito under a 2011 "
            "agreement, linking city cameras to an emergency command center in Quito.",
            FILLER,
        ),
    ),
}

# Markup an attacker controls, as text: the title and the page text carry script tags and event
# handlers (escaped in the HTML, so they are words of the page), and the body carries real ones.
HOSTILE = (
    "https://hostile.example/bishkek",
    (
        b"<html><head><meta charset='utf-8'>"
        b"<title>&lt;script&gt;window.__pwned=1&lt;/script&gt; Bishkek &lt;img src=x "
        b"onerror=alert(1)&gt;</title>"
        b"<link rel='canonical' href='https://hostile.example/bishkek'>"
        b"<script>window.__pwned = 1; alert('script ran');</script></head>"
        b"<body onload='window.__pwned=1'><article>"
        b"<h1>&lt;script&gt;window.__pwned=1&lt;/script&gt; Bishkek "
        b"&lt;b onmouseover=alert(1)&gt;deal&lt;/b&gt;</h1>"
        b"<p>Kyrgyzstan signed a Safe City agreement with Huawei in 2019 for facial recognition "
        b"cameras in Bishkek &lt;script&gt;window.__pwned=2&lt;/script&gt; and "
        b"&lt;img src=x onerror=window.__pwned=3&gt; said the ministry.</p>"
        b"<p onmouseover='window.__pwned=4'>The deal includes a command center in Bishkek "
        b"<img src=x onerror='window.__pwned=5'> with new cameras.</p>"
        b"<script>document.title='pwned'</script></article></body></html>"
    ),
)


def store_page(
    session: Session, url: str, body: bytes, run_id: int | None = None, when: datetime | None = None
) -> str:
    fetched = FetchedPage(url, url, 200, "text/html", body, when or datetime.now(UTC))
    kinds = load_vocabulary().site_kinds
    outcome = save_page(session, fetched, analyze(body, url), kinds, run_id)
    if run_id is not None:  # counted on the run, as the crawl pipeline counts its batches
        tally = RunTally()
        tally.add(outcome, len(body))
        add_to_run(session, run_id, tally)
    return outcome
