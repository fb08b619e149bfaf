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
            if (entry["kind"], term) not in {(h.label, h.term) for h in matcher.find(term)}:
                lost.append((entry["kind"], term))
    assert lost == []


def test_a_page_in_a_language_the_vocabulary_does_not_read_proposes_nothing() -> None:
    from dataclasses import replace

    text = (
        "马尼拉报道\n马尼拉では、華為が平安城市の視頻監控システムを马尼拉市内に設置したと伝えられて"
        "いる。政府はこれについてコメントしていない。"
    )
    japanese = analyze(text)
    assert japanese.language == "ja" and japanese.countries == ["PH"]
    assert propose(japanese) == []
    # the same names, read as Chinese, would make the candidate
    assert [p.country for p in propose(replace(japanese, language="zh"))] == ["PH"]
