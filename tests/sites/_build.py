"""Regenerate the spiders' fixture sites from the texts below.

    .venv/bin/python tests/sites/_build.py

Every page, feed, sitemap and PDF under tests/sites/<spider>/ is written by this script and
committed; edit the texts here and re-run it (the GBK and Big5 pages are hard to edit by hand).
All texts are fictional, written for these tests. ``{{BASE}}`` and ``{{OTHER}}`` are replaced by the
test server with its own base URL and that of a second server on 127.0.0.2.
"""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

FILLER_EN = (
    "The department publishes this notice for the information of residents, suppliers and the "
    "press. Questions can be sent to the information office during working hours."
)
FILLER_ZH = "本公告供市民、供应商和媒体参阅。如有疑问，请在工作时间联系信息办公室。"


def page(
    title: str,
    paragraphs: list[str],
    *,
    links: list[tuple[str, str]] = (),
    lang: str = "en",
    meta_charset: str | None = "utf-8",
    nav: list[tuple[str, str]] = (),
) -> str:
    """A plain article page: navigation, a headline, paragraphs, a list of links, a footer."""
    head = f'<meta charset="{meta_charset}">' if meta_charset else ""
    menu = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in nav)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    items = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in links)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{head}<title>{html.escape(title)}</title>'
        f"</head><body><header><nav><ul>{menu}</ul></nav></header><main><article>"
        f'<h1>{html.escape(title)}</h1>{body}</article><ul class="links">{items}</ul></main>'
        "<footer><p>Copyright notice. All rights reserved.</p></footer></body></html>\n"
    )


def write(path: str, content: str | bytes, encoding: str = "utf-8") -> None:
    file = HERE / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica, Latin text) and a document title."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 72 740 Td 15 TL " + " ".join(f"({text(x)}) Tj T*" for x in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({text(title)}) /Producer (safecity-watch tests) >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out.encode("latin-1")))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out.encode("latin-1"))
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def urlset(urls: list[str], news: bool = False) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    entries = []
    for number, url in enumerate(urls):
        extra = (
            "<news:news><news:publication><news:name>Daily Ledger</news:name>"
            "<news:language>en</news:language></news:publication>"
            f"<news:publication_date>2024-03-{number + 10:02d}T08:00:00+00:00</news:publication_date>"
            f"<news:title>Report {number + 1}</news:title></news:news>"
            if news
            else f"<lastmod>2024-0{number % 9 + 1}-15</lastmod>"
        )
        entries.append(f"  <url><loc>{url}</loc>{extra}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


# ------------------------------------------------------------------------------------- huawei
# The server on 127.0.0.1 plays www.huawei.com and e.huawei.com, the one on 127.0.0.2 (``_other``)
# blog.huawei.com; paths have the shapes of the real sites. Every page's menu links to the Safe
# Cities page, so a page is handed on by its own words, not by its menu.
HUAWEI_NAV = [
    ("/en/news", "News"),
    ("/en/industries/safe-cities/", "Safe Cities"),
    ("/en/case-studies/", "Case studies"),
    ("/en/consumer/phones/p60-pro.html", "Phones"),
    ("/en/about/careers/", "Careers"),
    ("/en/legal/terms-of-use.html", "Terms of use"),
    ("/en/privacy-policy.html", "Privacy"),
]
HUAWEI_NEVER = {  # linked from every page or listed in a sitemap, and never fetched
    "en/consumer/phones/p60-pro.html": ("HUAWEI P60 Pro", "Night photography and face unlock."),
    "en/about/careers/index.html": ("Careers", "Join our teams around the world."),
    "en/legal/terms-of-use.html": ("Terms of use", "The terms that govern this site."),
    "en/privacy-policy.html": ("Privacy", "How this site handles personal data."),
}
# Fetched (sitemap or listing) and not handed on: corporate pages under the same shapes
HUAWEI_OTHER = {
    "en/news/2020/annual-results-2019.html": (
        "Huawei reports its 2019 financial results",
        [
            "Revenue grew across the carrier, enterprise and consumer businesses, the annual report "
            "says, and research spending reached a new high.",
            "The company thanked its customers and suppliers for their trust in a difficult year.",
        ],
    ),
    "en/news/2020/new-phone-launch.html": (
        "A new phone launch",
        ["The launch event took place in Paris; the new phone unlocks with face unlock."],
    ),
    "de/news/de/2016/hw_474301": (
        "5G-Testnetz in Bayern gestartet",
        [
            "Huawei und ein Netzbetreiber haben in München ein 5G-Testnetz in Betrieb genommen.",
            "Die Partner messen Datenraten und Latenzen für Industrieanwendungen.",
        ],
    ),
    "en/stories/5g-underground": (
        "5G underground: a connected mine",
        [
            "Deep below the surface, miners now steer drills remotely over a private 5G network.",
            "Fewer people work at the rock face, and the mine runs around the clock.",
        ],
    ),
    "en/events/mwc2019/topics/5g-day": (
        "5G Day at the congress",
        ["Operators shared what their first 5G networks taught them about spectrum and sites."],
    ),
    "en/publications/global/ict_insights/201509091408/utilities/201509091701": (
        "Grids that heal themselves",
        [
            "Utilities add sensors and fibre to the power grid so that a fault is isolated within "
            "seconds and power comes back to most homes at once.",
        ],
    ),
    "en/products/routers/ar-router.html": (
        "AR enterprise router",
        ["An access router for branch offices, with SD-WAN built in."],
    ),
}


def huawei() -> None:
    write(
        "huawei/robots.txt", "User-agent: *\nDisallow: /en/search\nSitemap: {{BASE}}/sitemap.xml\n"
    )
    write(
        "huawei/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <sitemap><loc>{{BASE}}/sitemap-en.xml</loc><lastmod>2024-04-01</lastmod></sitemap>\n"
        "  <sitemap><loc>{{BASE}}/sitemap-cn.xml.gz</loc><lastmod>2024-04-01</lastmod></sitemap>\n"
        "</sitemapindex>\n",
    )
    write(
        "huawei/sitemap-en.xml",
        urlset(
            [
                "{{BASE}}/en/industries/safe-cities/",
                "{{BASE}}/en/news/2019/belgrade-safe-city-agreement.html",
                "{{BASE}}/de/news/de/2016/hw_474283",
                "{{BASE}}/de/news/de/2016/hw_474301",
                "{{BASE}}/en/stories/market-day-in-a-watched-square",
                "{{BASE}}/en/stories/5g-underground",
                "{{BASE}}/en/consumer/phones/p60-pro.html",
                "{{BASE}}/en/about/careers/index.html",
                "{{BASE}}/en/legal/terms-of-use.html",
                "{{BASE}}/en/products/routers/ar-router.html",
            ]
        ),
    )
    cn = urlset(["http://127.0.0.1:1/placeholder"]).replace(
        "http://127.0.0.1:1/placeholder", "/cn/industries/safe-city/index.html"
    )
    write("huawei/sitemap-cn.xml.gz", gzip.compress(cn.encode("utf-8"), mtime=0))
    huawei_safe_city_pages()
    for path, (title, paragraphs) in HUAWEI_OTHER.items():
        lang = "de" if path.startswith("de/") else "en"
        write(f"huawei/{path}", page(title, paragraphs, lang=lang, nav=HUAWEI_NAV))
    for path, (title, text) in HUAWEI_NEVER.items():
        write(f"huawei/{path}", page(title, [text] * 3, nav=HUAWEI_NAV))
    huawei_listings()
    huawei_blog()


def huawei_safe_city_pages() -> None:
    """The Safe City pages, under the shapes a URL rule would not guess."""
    write(
        "huawei/en/industries/safe-cities/index.html",
        page(
            "Safer cities, step by step",
            [
                "Huawei's Safe City solution connects video surveillance, an integrated command center "
                "and intelligent video analytics so that police can respond faster.",
                "Cities in Africa and Asia have deployed the solution. In Nairobi, 1,800 high-definition "
                "surveillance cameras feed a national police command center.",
                "Download the solution brochure for the architecture and the references.",
            ],
            links=[
                ("/en/industries/safe-cities/safe-city-brochure.pdf", "Brochure (PDF)"),
                ("/en/consumer/phones/p60-pro.html", "Our new phone"),
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/industries/safe-cities/safe-city-brochure.pdf",
        pdf(
            "Safe City Solution Brochure",
            [
                "Huawei Safe City Solution",
                "Intelligent video surveillance and a converged command center for public safety.",
                "Reference project: Nairobi, Kenya. 1,800 cameras connected to the police command center.",
                "Facial recognition and licence plate recognition at the edge.",
            ],
        ),
    )
    write(
        "huawei/en/news/2019/belgrade-safe-city-agreement.html",
        page(
            "Huawei and the Serbian Ministry of Interior sign Safe City agreement",
            [
                "Belgrade, 2019: Huawei and the Ministry of Interior of Serbia signed a strategic "
                "partnership agreement on the Safe City project for Belgrade.",
                "The project covers video surveillance with facial recognition and licence plate "
                "recognition cameras across the city, and a new command center.",
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/de/news/de/2016/hw_474283",
        page(
            "Mehr Sicherheit für Innenstädte",
            [
                "Huawei stellte auf einer Fachtagung in Berlin seine Safe City Lösung vor: Kameras, "
                "Datenplattform und eine gemeinsame Leitstelle für Polizei und Feuerwehr.",
                "Mehrere Städte in Afrika und Asien setzen das System bereits ein, hieß es.",
            ],
            lang="de",
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/stories/market-day-in-a-watched-square",
        page(
            "Market day in a watched square",
            [
                "The traders of the old square in Kisumu used to close early. Since the county "
                "connected its new CCTV cameras to a police command center, they stay until dark.",
                "Huawei engineers spent a year on the project with the county government.",
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/events/mwc2019/topics/safe-city-summit",
        page(
            "Summit: what a Safe City needs first",
            [
                "Mayors and police chiefs compared notes on video surveillance, data sharing and the "
                "cost of running a command center around the clock.",
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/publications/global/ict_insights/201509091408/focus/201509091608",
        page(
            "Focus: cities that see trouble coming",
            [
                "Safe cities start with knowing what happens where: cameras, sensors and emergency "
                "calls meet on one map in a city's command center.",
                "This issue's focus follows three cities from tender to operation.",
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/cn/industries/safe-city/index.html",
        page(
            "平安城市解决方案",
            [
                "华为平安城市解决方案融合视频监控、指挥中心与智能视频分析，助力公安提升治安防控能力。",
                "该方案已在肯尼亚内罗毕等地部署，连接上千路高清摄像机。",
            ],
            lang="zh",
        ),
    )
    stories = {
        "nairobi-safe-city": ("Nairobi Safe City", "Nairobi", "Kenya", "Safaricom"),
        "lahore-safe-city": (
            "Lahore Safe City",
            "Lahore",
            "Pakistan",
            "the Punjab Safe Cities Authority",
        ),
        "bishkek-public-safety": (
            "Bishkek public safety",
            "Bishkek",
            "Kyrgyzstan",
            "the city hall",
        ),
    }
    for slug, (title, city, country, partner) in stories.items():
        write(
            f"huawei/en/case-studies/{slug}.html",
            page(
                title,
                [
                    f"Together with {partner}, Huawei built a Safe City platform for {city}, {country}.",
                    f"The video surveillance network of {city} links thousands of cameras to a command "
                    "center where operators use intelligent video analytics.",
                    "Response times of the police fell after the system went live, the customer says.",
                ],
                nav=HUAWEI_NAV,
            ),
        )


def huawei_listings() -> None:
    """News, case studies (paginated), an event, an ICT Insights issue."""
    write(
        "huawei/en/news/index.html",
        page(
            "News",
            ["The latest news from Huawei."],
            links=[
                ("/en/news/2019/belgrade-safe-city-agreement.html", "An agreement in Belgrade"),
                ("/en/news/2020/new-phone-launch.html", "A new phone launch"),
                ("/en/news/2020/annual-results-2019.html", "Annual results"),
                ("/en/events/mwc2019/", "Our congress in Barcelona"),
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/events/mwc2019/index.html",
        page(
            "Barcelona 2019",
            ["Talks and summits at our booth."],
            links=[
                ("/en/events/mwc2019/topics/safe-city-summit", "Summit for cities"),
                ("/en/events/mwc2019/topics/5g-day", "5G Day"),
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/publications/global/ict_insights/index.html",
        page(
            "ICT Insights",
            ["Our magazine for enterprise customers."],
            links=[("/en/publications/global/ict_insights/201509091408", "Issue 14")],
            nav=HUAWEI_NAV,
        ),
    )
    issue = "/en/publications/global/ict_insights/201509091408"
    write(
        f"huawei{issue}/index.html",
        page(
            "ICT Insights, issue 14",
            ["In this issue."],
            links=[
                (f"{issue}/focus/201509091608", "Focus: cities that see trouble coming"),
                (f"{issue}/utilities/201509091701", "Grids that heal themselves"),
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/case-studies/index.html",
        page(
            "Case studies",
            ["How our customers work with us."],
            links=[
                ("/en/case-studies/nairobi-safe-city.html", "Nairobi: a safer capital"),
                ("/en/case-studies/lahore-safe-city.html", "Lahore: the Safe City project"),
                ("/en/case-studies/page/2/", "Next page"),
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/case-studies/page/2/index.html",
        page(
            "Case studies, page 2",
            ["More customer stories."],
            links=[
                ("/en/case-studies/bishkek-public-safety.html", "Bishkek: one map for the police"),
                ("/en/case-studies/page/3/", "Next page"),
            ],
            nav=HUAWEI_NAV,
        ),
    )
    write(
        "huawei/en/case-studies/page/3/index.html",
        page("Case studies, page 3", ["The end of the list."], nav=HUAWEI_NAV),
    )


def huawei_blog() -> None:
    """blog.huawei.com: dated posts, a paginated home page."""
    blog_nav = [("/", "Blog home")]
    write(
        "huawei/_other/index.html",
        page(
            "Huawei Blog",
            ["Opinions from our people."],
            links=[
                ("/2019/08/26/safe-then-smart/", "Safe first, smart next"),
                ("/2019/08/27/wi-fi-at-home/", "Better Wi-Fi at home"),
                ("/page/2/", "Older posts"),
            ],
            nav=blog_nav,
        ),
    )
    write(
        "huawei/_other/page/2/index.html",
        page(
            "Huawei Blog, page 2",
            ["Older posts."],
            links=[("/2018/05/14/one-room-for-every-emergency/", "One room for every emergency")],
            nav=blog_nav,
        ),
    )
    posts = {
        "2019/08/26/safe-then-smart": (
            "Safe first, smart next",
            "Cities that want to be smart usually start by being safe: a safe city project brings "
            "the cameras, the network and the command center that later serve traffic and water.",
        ),
        "2018/05/14/one-room-for-every-emergency": (
            "One room for every emergency",
            "Police, ambulance and fire services answer calls from one emergency command center; "
            "the operators see the same video surveillance feeds.",
        ),
        "2019/08/27/wi-fi-at-home": (
            "Better Wi-Fi at home",
            "Move the router off the floor and away from the microwave, and your video calls "
            "will thank you.",
        ),
    }
    for path, (title, text) in posts.items():
        write(f"huawei/_other/{path}/index.html", page(title, [text], nav=blog_nav))


# ------------------------------------------------------------------------------------- government
GOV_NAV = [
    ("/", "Home"),
    ("/tourism/", "Tourism and culture"),
    ("/tax/forms.html", "Tax forms"),
    ("/weather.html", "Weather"),
]


def government() -> None:
    write("government/robots.txt", "User-agent: *\nDisallow: /admin/\n")
    write(
        "government/index.html",
        page(
            "City of Novo Polje: official portal",
            [
                "Welcome to the official portal of the City of Novo Polje.",
                "Find services for residents and businesses, council decisions and city news.",
            ],
            links=[
                ("/public-security/", "Department of Public Security"),
                ("/procurement/", "Procurement notices and tenders"),
                ("/events/spring-fair.html", "Spring fair opens on Saturday"),
                ("{{OTHER}}/partner.html", "Police partner portal"),
                ("/go/police-portal", "Regional police portal"),
                ("/admin/police-login.html", "Police staff login"),
            ],
            nav=GOV_NAV,
        ),
    )
    for path, title in [
        ("tourism/index.html", "Tourism and culture"),
        ("tax/forms.html", "Tax forms"),
        ("weather.html", "Weather"),
        ("events/spring-fair.html", "Spring fair"),
        ("staff/canteen.html", "Staff canteen menu"),
    ]:
        write(
            f"government/{path}",
            page(title, ["Museums, parks and the old town.", FILLER_EN], nav=GOV_NAV),
        )
    write(
        "government/public-security/index.html",
        page(
            "Department of Public Security",
            [
                "The department is responsible for public order and for the city's emergency services.",
                FILLER_EN,
            ],
            links=[
                ("/public-security/notices/", "Public notices of the department"),
                ("/staff/canteen.html", "Staff canteen menu"),
            ],
            nav=GOV_NAV,
        ),
    )
    write(
        "government/public-security/notices/index.html",
        page(
            "Public notices",
            [
                "Notices published by the Department of Public Security.",
            ],
            links=[
                (
                    "/public-security/notices/2019-video-surveillance-tender.html",
                    "Tender: video surveillance and command center for the city",
                ),
                ("/staff/canteen.html", "Staff canteen menu"),
            ],
            nav=GOV_NAV,
        ),
    )
    write(
        "government/public-security/notices/2019-video-surveillance-tender.html",
        page(
            "Tender: city video surveillance system and command center",
            [
                "The City of Novo Polje invites bids for a video surveillance system with 400 CCTV "
                "cameras, facial recognition at the main squares and a command center for the police.",
                "Huawei and two other suppliers collected the tender documents in March 2019.",
                FILLER_EN,
            ],
            nav=GOV_NAV,
        ),
    )
    write(
        "government/procurement/index.html",
        page(
            "Procurement notices",
            [
                "Calls for tenders and contract awards of the city.",
            ],
            links=[
                (
                    "/procurement/2020-facial-recognition-award.html",
                    "Contract award: facial recognition cameras",
                ),
                ("/procurement/2020-school-meals.html", "School meals supply"),
            ],
            nav=GOV_NAV,
        ),
    )
    write(
        "government/procurement/2020-facial-recognition-award.html",
        page(
            "Contract award: facial recognition cameras",
            [
                "The contract for facial recognition cameras and licence plate recognition at the city "
                "entrances was awarded to Huawei in 2020 for a term of five years.",
                FILLER_EN,
            ],
            nav=GOV_NAV,
        ),
    )
    write(
        "government/procurement/2020-school-meals.html",
        page(
            "School meals supply",
            ["The contract for school meals was awarded to a local caterer.", FILLER_EN],
            nav=GOV_NAV,
        ),
    )
    # Chinese pages: GBK declared only in the meta tag, GBK declared nowhere, Big5 in the header
    write(
        "government/zh/index.html",
        page(
            "新田市人民政府门户网站",
            [
                "欢迎访问新田市人民政府门户网站。",
                FILLER_ZH,
            ],
            links=[("/zh/gonggao/", "市公安局通知公告"), ("/zh/lvyou.html", "旅游指南")],
            lang="zh",
            meta_charset="gbk",
        ),
        encoding="gbk",
    )
    write(
        "government/zh/lvyou.html",
        page("旅游指南", ["古城、公园和博物馆。", FILLER_ZH], lang="zh", meta_charset="gbk"),
        encoding="gbk",
    )
    write(
        "government/zh/gonggao/index.html",
        page(
            "通知公告",
            [
                "市公安局发布的通知公告。",
                FILLER_ZH,
            ],
            links=[("/zh/gonggao/pingan-chengshi.html", "平安城市视频监控项目招标公告")],
            lang="zh",
            meta_charset=None,
        ),
        encoding="gbk",
    )
    write(
        "government/zh/gonggao/pingan-chengshi.html",
        page(
            "平安城市視頻監控項目招標公告",
            [
                "新田市公安局就平安城市視頻監控項目公開招標，包括人臉識別攝像機與指揮中心建設。",
                "華為等三家供應商已購買招標文件。",
                "本公告供市民、供應商和媒體參閱。",
            ],
            lang="zh",
            meta_charset=None,
        ),
        encoding="big5",
    )
    write(
        "government/_headers.json",
        json.dumps(
            {
                "/zh/gonggao/pingan-chengshi.html": {"Content-Type": "text/html; charset=big5"},
            },
            indent=2,
        ),
    )


# ------------------------------------------------------------------------------------- news
NEWS = {
    "a1": (
        "Lusaka switches on its new city cameras",
        "en",
        "utf-8",
        [
            "Lusaka, Zambia: the police switched on the Safe City video surveillance network built by "
            "Huawei, with a command center in the capital.",
            "Officials said the cameras would help to fight crime in the central business district.",
        ],
    ),
    "a2": (
        "华为助力肯尼亚建设平安城市",
        "zh",
        "gbk",
        [
            "据报道，华为与肯尼亚政府合作建设的平安城市项目已在内罗毕投入使用。",
            "该项目包括视频监控系统和指挥中心，覆盖内罗毕主要道路。",
        ],
    ),
    "a3": (
        "華為參與塞爾維亞平安城市項目",
        "zh",
        "big5",
        [
            "據報道，華為與塞爾維亞內政部簽署協議，在貝爾格萊德建設平安城市項目。",
            "項目包括人臉識別攝像機和視頻監控系統。",
        ],
    ),
    "a4": (
        "巴基斯坦拉合尔平安城市项目进展",
        "zh",
        "gbk",
        [
            "巴基斯坦旁遮普省的拉合尔平安城市项目由华为提供视频监控设备。",
            "项目建设了指挥中心，并在全市安装了监控摄像头。",
        ],
    ),
    "a5": (
        "Quito emergency centre upgrades its video wall",
        "en",
        "utf-8",
        [
            "Quito, Ecuador: the ECU 911 emergency service upgraded the command center that receives "
            "the feeds of the city's surveillance cameras.",
            "The upgrade was paid for by the national government.",
        ],
    ),
    "a6": (
        "Weekend weather: rain on Sunday",
        "en",
        "utf-8",
        [
            "Rain is expected across the region on Sunday, with sunshine returning on Monday.",
            "Temperatures will stay mild for the season.",
        ],
    ),
}
# how each article tells its charset: header (see _headers.json), meta tag, or nowhere
NEWS_CHARSET_IN = {
    "a1": "meta",
    "a2": "header",
    "a3": "meta",
    "a4": "none",
    "a5": "meta",
    "a6": "none",
}


def news() -> None:
    headers = {}
    for slug, (title, lang, encoding, paragraphs) in NEWS.items():
        where = NEWS_CHARSET_IN[slug]
        meta = encoding if where == "meta" else None
        write(
            f"news/articles/{slug}.html",
            page(title, paragraphs, lang=lang, meta_charset=meta),
            encoding=encoding,
        )
        if where == "header":
            headers[f"/articles/{slug}.html"] = {"Content-Type": f"text/html; charset={encoding}"}
    write("news/_headers.json", json.dumps(headers, indent=2))
    items = [
        ("a1", "Wed, 13 Mar 2024 09:00:00 +0000"),
        ("a2", "Thu, 14 Mar 2024 10:30:00 +0000"),
        ("a3", "Fri, 15 Mar 2024 07:15:00 +0000"),
        ("missing", "Sat, 16 Mar 2024 07:15:00 +0000"),
    ]
    rss_items = "".join(
        f"<item><title>{html.escape(NEWS.get(slug, ('Gone',))[0])}</title>"
        f"<link>{{{{BASE}}}}/articles/{slug}.html</link>"
        f'<guid isPermaLink="true">{{{{BASE}}}}/articles/{slug}.html</guid>'
        f"<pubDate>{date}</pubDate><description>Summary.</description></item>\n"
        for slug, date in items
    )
    write(
        "news/feed.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel>\n<title>Daily Ledger</title>'
        "<link>{{BASE}}/</link><description>World news</description><language>en</language>\n"
        '<atom:link href="{{BASE}}/feed.xml" rel="self" type="application/rss+xml"/>\n'
        + rss_items
        + "<item><title>Elsewhere</title><link>{{OTHER}}/articles/elsewhere.html</link></item>\n"
        "</channel></rss>\n",
    )
    write(
        "news/atom.xml",
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "<title>Asia desk</title><id>urn:uuid:7d0c4f8e-asia-desk</id>"
        "<updated>2024-03-16T10:00:00Z</updated>\n"
        '<link rel="self" href="{{BASE}}/atom.xml"/>\n'
        "<entry><title>Lahore</title><id>urn:uuid:lahore-1</id><updated>2024-03-16T09:00:00Z</updated>"
        '<link rel="alternate" type="text/html" href="{{BASE}}/articles/a4.html"/>'
        '<link rel="enclosure" type="image/jpeg" href="{{BASE}}/images/a4.jpg"/></entry>\n'
        "<entry><title>Lusaka</title><id>urn:uuid:lusaka-1</id><updated>2024-03-13T09:00:00Z</updated>"
        '<link href="{{BASE}}/articles/a1.html"/></entry>\n'
        "</feed>\n",
    )
    write(
        "news/news-sitemap.xml",
        urlset(["{{BASE}}/articles/a5.html", "{{BASE}}/articles/a6.html"], news=True),
    )
    for number, (day, _hour) in enumerate(GDELT_TIMES, start=1):
        write(
            f"news/gdelt/g{number:02d}.html",
            page(
                f"Report {number} from the wires",
                [
                    f"Report {number}: officials in Harare discussed the city's surveillance cameras and "
                    f"the Safe City project with Huawei on day {day} of the month.",
                    "The city council will publish the contract later this year.",
                ],
            ),
        )


# seen dates of the fake GDELT articles: day of March 2024, hour (UTC)
GDELT_TIMES = [
    (2, 9),
    (3, 14),
    (5, 8),
    (5, 20),
    (8, 11),
    (9, 16),
    (12, 7),
    (14, 13),
    (15, 22),
    (18, 10),
    (20, 12),
    (20, 12),
    (20, 12),
]


# ------------------------------------------------------------------------------------- archive
# Captures in a CDX answer: (timestamp, original, mimetype, statuscode, digest, snapshot text or None)
CAPTURES = [
    (
        "20190312084501",
        "https://e.huawei.com/en/industries/safe-city/",
        "text/html",
        "200",
        "AAAAFIRSTVERSIONOFTHESAFECITYPAGE",
        "first",
    ),
    (
        "20190601101010",
        "https://e.huawei.com/en/industries/safe-city/",
        "text/html",
        "200",
        "AAAAFIRSTVERSIONOFTHESAFECITYPAGE",
        None,
    ),
    (
        "20190701000000",
        "https://e.huawei.com/en/industries/safe-city/",
        "warc/revisit",
        "-",
        "AAAAFIRSTVERSIONOFTHESAFECITYPAGE",
        None,
    ),
    (
        "20200115120000",
        "https://e.huawei.com/en/industries/safe-city/",
        "text/html",
        "200",
        "BBBBSECONDVERSIONOFTHESAFECITYPAGE",
        "second",
    ),
    (
        "20200116000000",
        "https://e.huawei.com/en/industries/safe-city/old",
        "text/html",
        "301",
        "CCCCREDIRECTCAPTURE",
        None,
    ),
    (
        "20200220093000",
        "https://e.huawei.com/en/industries/safe-city/logo.jpg",
        "image/jpeg",
        "200",
        "DDDDIMAGE",
        None,
    ),
    (
        "20200301080000",
        "https://e.huawei.com/en/case-studies/safe-city-nairobi",
        "text/html",
        "200",
        "EEEENAIROBICASESTUDY",
        "nairobi",
    ),
    (
        "20200302080000",
        "https://e.huawei.com/en/industries/safe-city/brochure.pdf",
        "application/pdf",
        "200",
        "FFFFBROCHURE",
        "pdf",
    ),
]
SNAPSHOTS = {
    "first": page(
        "Safe City | Huawei Enterprise",
        [
            "Huawei Safe City: video surveillance, a converged command center and big data for the "
            "police of Nairobi and other capitals.",
            "Over 100 cities in 30 countries have chosen the solution.",
        ],
    ),
    "second": page(
        "Safe City | Huawei Enterprise",
        [
            "Huawei Safe City: intelligent video analytics and facial recognition for public safety "
            "in Belgrade, Nairobi and Lahore.",
            "Over 200 cities in 40 countries have chosen the solution.",
        ],
    ),
    "nairobi": page(
        "Safe City for Nairobi",
        [
            "Huawei and Safaricom delivered the Nairobi Safe City project: 1,800 cameras and a "
            "command center for the National Police Service of Kenya.",
            "Crime in the covered areas fell, according to the customer.",
        ],
    ),
}


def archive() -> None:
    rows = [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]]
    for timestamp, original, mimetype, status, digest, snapshot in CAPTURES:
        key = "com,huawei,e)/" + original.split("e.huawei.com/", 1)[1]
        rows.append([key, timestamp, original, mimetype, status, digest, "4321"])
        if snapshot is None:
            continue
        target = f"archive/web/{timestamp}/{original.split('://', 1)[1]}"
        target += "index.html" if target.endswith("/") else ""
        if snapshot == "pdf":
            write(
                target,
                pdf(
                    "Safe City brochure",
                    [
                        "Huawei Safe City solution brochure.",
                        "Video surveillance and command center references: Nairobi, Kenya.",
                    ],
                ),
            )
        else:
            write(target, SNAPSHOTS[snapshot])
    write("archive/cdx.json", json.dumps(rows))


# ------------------------------------------------------------------------------------- site
def site() -> None:
    write("site/robots.txt", "User-agent: *\nDisallow: /private/\n")
    links = [
        ("/ok.html", "An ordinary page"),
        ("/bomb.html", "Compressed page"),
        ("/big.html", "Very large page"),
        ("/files/report", "A report"),
        ("/slow-down.html", "A busy server"),
        ("/storm/", "Old links"),
    ]
    write("site/index.html", page("Hazards", ["Links to pages that try the crawler."], links=links))
    write(
        "site/ok.html",
        page(
            "An ordinary page",
            [
                "Huawei built a Safe City command center with video surveillance in Lusaka, Zambia.",
                FILLER_EN,
            ],
        ),
    )
    storm = [(f"/storm/missing-{n:03d}.html", f"Old link {n}") for n in range(80)]
    write("site/storm/index.html", page("Old links", ["An archive of dead links."], links=storm))


if __name__ == "__main__":
    huawei()
    government()
    news()
    archive()
    site()
