"""``extractors.analyze``: the contract of its output, and what it finds in pages we wrote."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import analyze, propose

NAV = "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/tech'>Tech</a></nav>"
FOOT = "<footer>Contact us. All rights reserved. Follow us on social networks.</footer>"


def page(
    title: str,
    *paragraphs: str,
    date: str = "2018-03-14",
    charset: str = "utf-8",
    canonical: str | None = None,
) -> str:
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><meta charset='{charset}'><title>{title}</title>{link}"
        f"<meta property='article:published_time' content='{date}'></head><body>{NAV}"
        f"<article><h1>{title}</h1>{body}</article>{FOOT}</body></html>"
    )


DEAL_EN = page(
    "Quito police get a new eye in the sky",
    "Ecuador's interior ministry signed a contract with Huawei in 2018 to extend the ECU 911 "
    "network in Quito with 800 more CCTV cameras and facial recognition software.",
    "The command centre on the hill will receive the video feeds around the clock, officials said, "
    "and licence-plate recognition will follow next year.",
)
DEAL_ZH = page(
    "华为助力塞尔维亚建设平安城市",
    "据报道，华为与塞尔维亚内务部签署战略合作协议，在贝尔格莱德部署高清视频监控摄像头和人脸识别系统。",
    "该项目还包括一个新的指挥中心，预计将于明年全面投入使用。",
    charset="gbk",
)


def test_output_has_the_contract_fields() -> None:
    result = analyze(DEAL_EN, "http://127.0.0.1/quito.html").to_dict()
    assert list(result) == [
        "source",
        "title",
        "published",
        "language",
        "categories",
        "mentions",
        "vendors",
        "countries",
        "cities",
        "agreement",
        "claims",
    ]
    assert result["source"] == "http://127.0.0.1/quito.html"
    assert result["published"] == "2018-03-14"
    assert result["language"] == "en"
    assert result["categories"] == sorted(result["categories"])
    assert set(result["agreement"]) >= {"detected", "cues", "stage"}
    json.dumps(result)


def test_english_deal_is_tagged() -> None:
    result = analyze(DEAL_EN).to_dict()
    assert {"cctv", "facial_recognition", "command_center", "license_plate_recognition"} <= set(
        result["categories"]
    )
    assert result["vendors"] == ["huawei"]
    assert result["countries"] == ["EC"]
    assert {"name": "Quito", "country": "EC"} in result["cities"]
    assert result["agreement"]["detected"] and result["agreement"]["stage"] == "signed"
    assert "Home" not in {m["sentence"] for m in result["mentions"]}


def test_gbk_chinese_deal_is_decoded_and_tagged() -> None:
    analysis = analyze(DEAL_ZH.encode("gbk"))
    result = analysis.to_dict()
    assert result["language"] == "zh"
    assert "贝尔格莱德" in analysis.text
    assert {"video_surveillance", "facial_recognition", "command_center"} <= set(
        result["categories"]
    )
    assert result["vendors"] == ["huawei"]
    assert result["countries"] == ["RS"]
    assert result["cities"] == [{"name": "Belgrade", "country": "RS"}]
    assert result["agreement"]["detected"]


def test_english_and_chinese_reports_propose_the_same_candidate() -> None:
    english = page(
        "Belgrade signs up for Huawei cameras",
        "Serbia's interior ministry and Huawei signed a memorandum on a Safe City project: "
        "Belgrade will get 1,000 high-definition cameras with facial recognition.",
    )
    keys = {(p.vendor, p.country, p.city) for p in propose(analyze(english))}
    keys_zh = {(p.vendor, p.country, p.city) for p in propose(analyze(DEAL_ZH.encode("gbk")))}
    assert keys == keys_zh == {("huawei", "RS", "Belgrade")}


def test_near_misses_propose_nothing() -> None:
    five_g = page(
        "Huawei switches on 5G in Nairobi",
        "Huawei and a Kenyan operator signed a deal to launch 5G base stations in Nairobi, "
        "promising faster mobile internet for two million subscribers.",
    )
    wifi = page(
        "Free Wi-Fi for the capital",
        "The city of Lusaka and Huawei agreed a smart city plan covering free public Wi-Fi, "
        "online tax payments and e-government services for Zambia.",
    )
    rival = page(
        "Hikvision wins Lahore contract",
        "Hikvision signed a contract with the Punjab government to install CCTV cameras "
        "with facial recognition across Lahore, Pakistan.",
    )
    phone = page(
        "Review: the new Huawei flagship",
        "The phone's face unlock works even in dim light, and it sells in Mexico from May.",
    )
    for html in (five_g, wifi, rival, phone):
        assert propose(analyze(html)) == [], html


def test_home_country_of_the_vendor_is_not_the_deal_country() -> None:
    html = page(
        "Chinese firm wins Lusaka deal",
        "China's Huawei will build a command center and install surveillance cameras in "
        "Lusaka under a contract signed with the government of Zambia.",
    )
    assert {(p.country, p.city) for p in propose(analyze(html))} == {("ZM", "Lusaka")}


def test_ambiguous_place_names_need_support() -> None:
    alone = page(
        "Cameras in Georgia",
        "Huawei signed a deal for CCTV cameras in Georgia's malls, "
        "the Atlanta company said on Monday.",
    )
    supported = page(
        "Tbilisi cameras",
        "Huawei signed a deal for CCTV cameras in Tbilisi, "
        "the capital of Georgia, with the interior ministry.",
    )
    assert "GE" not in analyze(alone).to_dict()["countries"]
    assert analyze(supported).to_dict()["countries"] == ["GE"]


def test_bad_input_never_raises() -> None:
    for html in [
        "",
        "   ",
        b"\x00\xff\xfe" * 1000,
        "<html>" + "<div>" * 5000 + "text",
        b"<html><body><p>caf\xe9 \xff\xfe broken</p>",
        "<<<>>>!!!",
        "plain text only",
    ]:
        result = analyze(html)
        assert result.to_dict()["categories"] == []


def test_page_in_uncovered_language_gets_its_language_and_no_mentions() -> None:
    html = page(
        "Nowe kamery w mieście",
        "Rada miasta zdecydowała dziś o budowie nowego parku i dwóch boisk dla dzieci. "
        "Prace ruszą wiosną, a ich koszt wyniesie kilka milionów złotych.",
    )
    result = analyze(html).to_dict()
    assert result["language"] == "pl"
    assert result["mentions"] == [] and result["vendors"] == []


words = st.sampled_from(
    [
        "Huawei",
        "华为",
        "CCTV",
        "cameras",
        "facial recognition",
        "Belgrade",
        "贝尔格莱德",
        "signed",
        "人脸识别",
        "Serbia",
        "command centre",
        "ANPR",
        "video surveillance",
        "police",
        "the",
        "é",
        "\n",
        "平安城市",
        "contract",
        ".",
        "。",
        "-",
        "İ",
        "ß",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, min_size=1, max_size=40))
def test_every_mention_points_at_its_term(parts: list[str]) -> None:
    text = " ".join(parts)
    analysis = analyze(f"<html><body><article><p>{text}</p><p>{text}</p></article></body></html>")
    for mention in analysis.mentions:
        assert analysis.text[mention.start : mention.end] == mention.term
        assert mention.term in mention.sentence


def test_a_20_megabyte_page_is_read_in_part_without_error() -> None:
    row = "<div><p>Huawei installed CCTV cameras in Lusaka, Zambia, the police said.</p></div>"
    body = ("<html><body>" + row * (20_000_000 // len(row)) + "</body></html>").encode()
    result = analyze(body)
    assert result.error is None and result.language == "en"
    assert "cctv" in result.categories and result.countries == ["ZM"]
    assert len(result.text) < len(body)


def test_police_body_cameras_are_cctv_and_a_phone_camera_is_not() -> None:
    police = page(
        "Body cameras for every patrol",
        "The police service has 970 body cameras in use and has asked for 2,000 more.",
    )
    phone = page(
        "A phone for night shots",
        "The new phone has three rear cameras and a selfie camera on the front.",
    )
    assert analyze(police).to_dict()["categories"] == ["cctv"]
    assert analyze(phone).to_dict()["categories"] == []


def test_chinese_names_on_an_english_page_are_read_in_their_runs() -> None:
    html = page(
        "Nairobi cameras",
        "Huawei (华为) installed 1,800 CCTV cameras in Nairobi, the Kenyan capital. "
        "Its Chinese slogan for the project was 平安城市, a safe city.",
        "The Indian Ocean port of Mombasa (印度洋沿岸) is next.",
    )
    result = analyze(html)
    terms = {(h.kind, h.term) for h in result.hits}
    assert ("vendor", "华为") in terms and ("product", "平安城市") in terms
    assert "IN" not in result.countries  # 印度 inside 印度洋 is no India
