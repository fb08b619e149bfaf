"""Pair decisions: which (vendor, country) pairs a page proposes, and by which rule.

Every text here is written for this test: a headline line, then paragraphs, as a crawled page reads.
"""

from __future__ import annotations

import pytest

from extractors import analyze, propose


def pairs(text: str) -> dict[str, str]:
    """country -> the rule of the strongest evidence, for Huawei."""
    return {p.country: p.rule for p in propose(analyze(text)) if p.vendor == "huawei"}


def test_a_stated_contract_is_a_deal_and_a_country_named_for_comparison_is_not_proposed() -> None:
    text = (
        "Uganda police sign CCTV contract with Huawei\n"
        "The Uganda Police Force signed a contract with Huawei for 1,800 surveillance cameras in "
        "Kampala.\n"
        "In the United States, San Francisco banned facial recognition by city agencies last year."
    )
    assert pairs(text) == {"UG": "deal"}


def test_supplied_by_and_installing_are_deployments() -> None:
    text = (
        "Cameras go up across Accra\n"
        "The command centre in Accra is fed by CCTV cameras supplied by Huawei.\n"
        "Ghana's police are installing 2,000 Huawei cameras along the main roads."
    )
    assert pairs(text) == {"GH": "deployment"}


def test_the_headline_place_carries_to_a_body_sentence_about_the_vendor() -> None:
    text = (
        "Lusaka gets a new command centre\n"
        "The system was built by Huawei and links 600 surveillance cameras to the police."
    )
    assert pairs(text) == {"ZM": "deployment"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry said the contract for the surveillance cameras in Nairobi does not involve "
        "Huawei.",
        "Huawei was among the bidders for the Nairobi CCTV tender.",
        "Huawei technicians allegedly helped the Nairobi police intercept the phones of critics, "
        "near the CCTV command centre.",
        "A Safe City with Huawei cameras may come later to Nairobi, officials said.",
        "Kenyan lawmakers debated a ban on Huawei gear for the Nairobi CCTV network.",
    ],
)
def test_denials_bids_allegations_speculation_and_bans_propose_nothing(sentence: str) -> None:
    assert pairs(f"Cameras and contracts\n{sentence}") == {}


def test_another_vendors_deal_on_a_page_that_names_huawei_only_as_not_involved() -> None:
    text = (
        "Town hall buys new cameras\n"
        "The city of Quito signed a contract with Hikvision for 300 CCTV cameras in Ecuador.\n"
        "Huawei did not take part in the project."
    )
    assert pairs(text) == {}


def test_a_list_of_countries_the_vendor_sold_to_is_one_candidate_each() -> None:
    text = (
        "Vendor's reach grows\n"
        "Huawei has sold Safe City systems to Kenya, Pakistan and Serbia, the report says."
    )
    assert set(pairs(text)) == {"KE", "PK", "RS"}


def test_a_win_after_a_bid_is_a_deal() -> None:
    text = (
        "Tender result\n"
        "Huawei won the bid for the Lahore Safe City project as the lowest bidder, Pakistan's "
        "authority said."
    )
    assert set(pairs(text)) == {"PK"}


def test_the_vendors_home_country_is_never_proposed() -> None:
    text = "Shenzhen shows its cameras\nHuawei installed 40,000 CCTV cameras in Shenzhen, China."
    assert pairs(text) == {}


def test_not_only_affirms() -> None:
    text = (
        "Belgrade upgrade\n"
        "Huawei not only supplied the surveillance cameras in Belgrade but also trained the police."
    )
    assert set(pairs(text)) == {"RS"}


def test_a_project_card_ties_its_fields_together() -> None:
    text = (
        "Project profile\n"
        "Project: Safe City Nairobi\n"
        "Country: Kenya\n"
        "Developer: Huawei\n"
        "Status: completed"
    )
    assert set(pairs(text)) == {"KE"}


def test_a_new_proposal_carries_its_counterpart_value_and_stage() -> None:
    text = (
        "Botswana signs for Safer City\n"
        "The Botswana Police Service signed a contract with Huawei worth $20 million for CCTV "
        "cameras in Gaborone."
    )
    (proposal,) = propose(analyze(text))
    assert proposal.country == "BW" and proposal.stage == "signed"
    assert proposal.counterpart and "Police" in proposal.counterpart
    assert proposal.value is not None and proposal.value.amount == 20_000_000
    assert proposal.evidence[0].rule == "deal"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kamery Huawei w Serbii\n"
            "Huawei zainstalował w Serbii tysiąc kamer monitoringu miejskiego dla policji.",
            {"RS": "deployment"},
        ),
        (
            "Huawei zaprzecza\n"
            "Huawei zaprzeczył, że zainstalował kamery monitoringu miejskiego w Serbii.",
            {},
        ),
        (
            "Pogodba s Huaweijem\n"
            "Vlada je s Huaweijem podpisala pogodbo za nadzorne kamere v Keniji.",
            {"KE": "deal"},
        ),
        (
            "Huawei zanika\n"
            "Huawei je zanikal, da je v Keniji namestil nadzorne kamere.",
            {},
        ),
    ],
)
def test_polish_and_slovenian_deals_and_denials(text: str, expected: dict[str, str]) -> None:
    assert pairs(text) == expected


def test_every_marker_of_pairs_toml_reaches_the_matcher_under_its_kind() -> None:
    """Each term of keywords/pairs.toml, matched alone, comes back as a marker of its own kind
    (a loader or matcher that drops a language, a kind or a cased term fails here)."""
    import tomllib

    from extractors.lexicon import default_lexicon
    from keywords.loader import HERE

    raw = tomllib.loads((HERE / "pairs.toml").read_text(encoding="utf-8"))
    matcher = default_lexicon().marker_matcher
    lost = []
    for entry in raw["marker"]:
        terms = [t for key, v in entry.items() if key not in ("kind", "exclude") for t in v]
        for term in terms:
            text = term.removesuffix("*")  # a stem (제재*) matches as written without its star
            if (entry["kind"], text) not in {(h.label, h.term) for h in matcher.find(text)}:
                lost.append((entry["kind"], term))
    assert lost == []


def test_a_page_in_a_language_the_vocabulary_does_not_read_proposes_nothing() -> None:
    from dataclasses import replace

    text = (
        "Huawei nainstaloval kamerový systém CCTV v Nairobi\nPodle zpráv čínská firma Huawei "
        "nainstalovala kamery CCTV v hlavním městě Nairobi. Vláda se k věci nevyjádřila."
    )
    czech = analyze(text)
    assert czech.language == "cs" and czech.countries == ["KE"]
    assert propose(czech) == []
    # the same names, read as English, would make the candidate
    assert [p.country for p in propose(replace(czech, language="en"))] == ["KE"]


def site_pairs(text: str, url: str) -> dict[str, str]:
    return {p.country: p.rule for p in propose(analyze(text, url)) if p.vendor == "huawei"}


CAPITAL_STORY = (
    "Cameras for the capital\n"
    "The police have installed 400 surveillance cameras supplied by Huawei in the city centre.\n"
    "Officers say the footage already helps them trace stolen motorbikes."
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.mg/2020/06/cameras", {"MG": "deployment"}),
        ("https://www.guardian.co.tt/news/cameras", {"TT": "deployment"}),
        ("https://eltiempo.com.co/seguridad/camaras", {"CO": "deployment"}),
        ("https://www.example.co.uk/news/cameras", {"GB": "deployment"}),
        # codes sold as generic names, and domains of no country, say nothing of where a site is
        ("https://startup.io/blog/cameras", {}),
        ("https://security.co/news/cameras", {}),
        ("https://example.com/news/cameras", {}),
        ("https://example.eu/news/cameras", {}),
    ],
)
def test_a_local_story_naming_no_country_is_about_its_sites_country(
    url: str, expected: dict[str, str]
) -> None:
    assert site_pairs(CAPITAL_STORY, url) == expected


def test_the_sites_country_is_not_used_when_the_page_names_another_country() -> None:
    text = CAPITAL_STORY + "\nA similar network was built in Kenya last year."
    assert "MG" not in site_pairs(text, "https://news.example.mg/2020/06/cameras")


def test_a_country_inside_a_city_name_is_part_of_the_city() -> None:
    text = (
        "Police get new eyes\n"
        "Huawei installed CCTV cameras and a command centre in Port of Spain for the police."
    )
    assert pairs(text) == {"TT": "deployment"}


def test_a_deal_with_a_government_is_a_deal_though_the_verb_deal_with_is_not() -> None:
    deal = (
        "Cameras in Central Asia\n"
        "The Uzbek government agreed a deal with Huawei last spring: CCTV cameras and face "
        "recognition for three regional centres."
    )
    verb = (
        "Cameras in Central Asia\n"
        "Huawei says it will deal with the Uzbek government's questions about CCTV cameras and "
        "face recognition."
    )
    assert pairs(deal) == {"UZ": "deal"}
    assert pairs(verb) == {"UZ": "passing"}


def test_a_denial_before_but_is_not_said_of_the_vendor_named_after_it() -> None:
    text = (
        "Manila cameras\n"
        "The Philippine police have no contract with Huawei, but the interior ministry signed a "
        "deal with Huawei for 12,000 CCTV cameras."
    )
    denial_after = (
        "Manila cameras\n"
        "The Philippine interior ministry bought CCTV cameras, but Huawei was not the supplier."
    )
    assert pairs(text) == {"PH": "deal"}
    assert pairs(denial_after) == {}


def test_a_quote_speaks_for_the_place_of_the_speaker_introduced_before_it() -> None:
    text = (
        "Dakar forum on safer cities\n"
        "Ministers from several countries met in Dakar to compare notes on urban security.\n"
        "The Malian security minister said crime had fallen in the capital.\n"
        '"With our partner Huawei and its video surveillance, the streets are safer," he said.'
    )
    not_a_quote = text.replace('"With our partner', "With their partner").replace(',"', ",")
    assert "ML" in pairs(text)
    assert "ML" not in pairs(not_a_quote)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ケニア、監視カメラ網が稼働\nファーウェイはケニアの首都ナイロビで監視カメラ1800台を"
            "設置した。",
            {"KE": "deployment"},
        ),
        # Japanese denies at the end of the sentence, after the vendor and the place
        (
            "監視カメラの契約\nファーウェイは、ナイロビ市と監視カメラの契約を結んだとの報道について、"
            "「契約は結んでいない」と否定した。",
            {},
        ),
        (
            "監視カメラの契約\nファーウェイは、ナイロビ市に監視カメラを納入する可能性があるとみられる。",
            {},
        ),
    ],
)
def test_japanese_deals_and_sentence_final_denials(text: str, expected: dict[str, str]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "케냐 감시카메라 가동\n화웨이는 케냐 나이로비에 감시카메라 1800대를 설치했다고 밝혔다.",
            {"KE": "deployment"},
        ),
        # Korean denies at the end of the sentence too
        (
            "감시카메라 계약\n화웨이는 나이로비 시와 감시카메라 계약을 맺었다는 보도에 대해 "
            '"계약은 체결하지 않았다"고 부인했다.',
            {},
        ),
    ],
)
def test_korean_deals_and_sentence_final_denials(text: str, expected: dict[str, str]) -> None:
    assert pairs(text) == expected


def test_a_5g_deal_does_not_borrow_the_cameras_named_further_down() -> None:
    filler = "\n".join(f"Paragraph {n} recalls the company's history." for n in range(3))
    five_g = (
        "Huawei and the cities\n"
        "Britain agreed a 5G network deal with Huawei last week.\n"
        f"{filler}\n"
        "Elsewhere its Safe City cameras watch whole districts."
    )
    cameras = five_g.replace("a 5G network deal", "a deal")
    assert "GB" not in pairs(five_g)
    assert pairs(cameras).get("GB") == "deal"


def test_japanese_kanji_words_do_not_untie_a_chinese_agreement() -> None:
    # 協議 (Japanese: talks) and 圧力 (pressure) fold to Chinese 协议 (agreement) and 压力 (load)
    text = (
        "塞尔维亚签署监控协议\n"
        "塞尔维亚内务部与华为签署协议，在贝尔格莱德安装人脸识别摄像头，以缓解城市交通压力。"
    )
    assert "RS" in pairs(text)
