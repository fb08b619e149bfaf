"""Benefit claims, contract values, counterparts and years, in our six languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import analyze
from extractors.counterpart import find_counterpart
from extractors.value import find_values, parse_number
from keywords import load_vocabulary

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "watching-huaweis-safe-cities.txt"


def claims(text: str) -> list[tuple[object, ...]]:
    result = analyze(f"<html><body><article><p>{text}</p></article></body></html>")
    return [(c.metric, c.direction, c.before, c.after, c.percent, c.unit) for c in result.claims]


@pytest.mark.corpus
def test_every_claim_the_study_quotes_comes_out_of_it() -> None:
    if not SEED.exists():
        pytest.skip(f"the study is not at {SEED} (../shared is not part of the project)")
    result = analyze(SEED.read_text(encoding="utf-8"))
    found = {(c.metric, c.direction, c.before, c.after, c.percent, c.unit) for c in result.claims}
    assert found >= {
        ("violent_crime", "down", None, None, 15.0, "%"),
        ("case_clearance", "up", None, None, 45.0, "%"),
        ("response_time", "down", 10.0, 4.5, None, "minutes"),
        ("citizen_satisfaction", "up", 60.2, 98.3, None, "%"),
        ("crime", "down", None, None, 46.0, "%"),
    }
    assert set(result.countries) >= {"KE"}
    assert {c["name"] for c in result.cities} >= {"Nairobi", "Mombasa"}
    assert "facial_recognition" in result.categories


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "After the rollout, robberies dropped by 32 percent and the police response time "
            "went from 18 minutes to 7 minutes.",
            [
                ("theft", "down", None, None, 32.0, "%"),
                ("response_time", "down", 18.0, 7.0, None, "minutes"),
            ],
        ),
        (
            "项目运行一年后，全市刑事案件发案率下降了21%，破案率提升38%，平均出警时间从12分钟缩短到6分钟。",
            [
                ("crime", "down", None, None, 21.0, "%"),
                ("case_clearance", "up", None, None, 38.0, "%"),
                ("response_time", "down", 12.0, 6.0, None, "minutes"),
            ],
        ),
        (
            "系統啟用後，竊盜案件減少了百分之多，破案率提高15%。",
            [("case_clearance", "up", None, None, 15.0, "%")],
        ),
        (
            "Selon la police, la criminalité a reculé de 25 % et le délai d'intervention est "
            "passé de 30 à 12 minutes.",
            [
                ("crime", "down", None, None, 25.0, "%"),
                ("response_time", "down", 30.0, 12.0, None, "minutes"),
            ],
        ),
        (
            "Los homicidios bajaron un 12,5% y la satisfacción ciudadana subió de 40% a 71%.",
            [
                ("homicide", "down", None, None, 12.5, "%"),
                ("citizen_satisfaction", "up", 40.0, 71.0, None, "%"),
            ],
        ),
        (
            "Segundo o governo, os roubos caíram 19% desde a instalação das câmeras.",
            [("theft", "down", None, None, 19.0, "%")],
        ),
    ],
)
def test_claims_in_every_language(text: str, expected: list[tuple[object, ...]]) -> None:
    assert claims(text) == expected


def test_percentages_without_a_metric_are_not_claims() -> None:
    assert (
        claims(
            "Some 71 percent of the agreements are with middle-income countries, "
            "and 40% of the budget went to cameras."
        )
        == []
    )


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("The contract, worth $173.1 million, was signed on Monday.", 173.1e6, "USD"),
        ("a loan of 1.9 billion kyats from a Chinese bank", 1.9e9, "MMK"),
        ("项目合同金额约1.5亿美元。", 1.5e8, "USD"),
        ("un financement de 3,2 milliards de FCFA", 3.2e9, "XOF"),
        ("un contrato de USD 120 millones", 120e6, "USD"),
        ("investimento de R$ 45 milhões", 45e6, "BRL"),
        ("budget: 1 500 000 FCFA", 1.5e6, "XOF"),
    ],
)
def test_contract_values(text: str, amount: float, currency: str) -> None:
    values = find_values(text, 0, len(text), load_vocabulary())
    assert [(v.amount, v.currency) for v in values] == [(pytest.approx(amount), currency)]


def test_prices_and_plain_numbers_are_not_contract_values() -> None:
    text = "Tickets cost $5 and 1,000 cameras were installed in 2019."
    assert find_values(text, 0, len(text), load_vocabulary()) == []
    assert parse_number("1,000") == 1000 and parse_number("4,5") == 4.5


@pytest.mark.parametrize(
    "sentence, places, expected",
    [
        (
            "Serbia's Ministry of Interior signed a memorandum with Huawei.",
            [],
            "Ministry of Interior",
        ),
        (
            "The deal was awarded by the Punjab Safe Cities Authority in 2016.",
            [],
            "Punjab Safe Cities Authority",
        ),
        ("Huawei signed with the government of Zambia.", [], "government of Zambia"),
        ("le ministère de la Sécurité publique a signé un accord", [], "ministère de la Sécurité"),
        ("La Policía Nacional firmó el convenio con ZTE.", [], "Policía Nacional"),
        ("A Polícia Nacional de Angola assinou o contrato.", [], "Polícia Nacional de Angola"),
        ("肯尼亚内政部与华为签署协议。", ["肯尼亚"], "肯尼亚内政部"),
    ],
)
def test_counterparts(sentence: str, places: list[str], expected: str) -> None:
    found = find_counterpart(sentence, load_vocabulary(), places)
    assert found is not None and found.startswith(expected)


def test_agreement_carries_stage_counterpart_year_and_value() -> None:
    html = (
        "<html><body><article><p>Bolivia's Ministry of Government signed a contract with Huawei "
        "in 2016 for a BOL-110 emergency system worth $105 million, with 2,000 surveillance "
        "cameras and a command centre in La Paz.</p></article></body></html>"
    )
    agreement = analyze(html).to_dict()["agreement"]
    assert agreement["detected"] and agreement["stage"] == "signed"
    assert agreement["counterpart"] == "Ministry of Government"
    assert agreement["year"] == 2016
    assert agreement["value"] == {"amount": 105e6, "currency": "USD", "text": "$105 million"}


def test_traditional_chinese_is_folded_with_offsets_kept() -> None:
    text = "華為與塞爾維亞內政部簽署平安城市協議，在貝爾格勒部署人臉辨識與車牌辨識系統及指揮中心。"
    result = analyze(f"<html><body><article><p>{text}</p><p>{text}</p></article></body></html>")
    assert result.vendors == ["huawei"] and result.countries == ["RS"]
    assert {"command_center", "safe_city"} <= set(result.categories)
    assert result.agreement.detected
    for mention in result.mentions:
        assert result.text[mention.start : mention.end] == mention.term


def test_plain_text_is_read_as_text() -> None:
    result = analyze("Huawei will install CCTV cameras in Lusaka, Zambia.\nThe deal was signed.")
    assert result.countries == ["ZM"] and "cctv" in result.categories


def test_a_figure_takes_the_metric_of_its_own_clause() -> None:
    text = "Robberies in the centre fell by 30 percent while traffic accidents rose slightly."
    claims = [(c.metric, c.direction, c.percent) for c in analyze(text).claims]
    assert claims == [("theft", "down", 30)]


def test_a_fact_in_the_headline_and_the_body_is_one_claim() -> None:
    text = (
        "Crime fell 46% after the cameras went up\n"
        "Police say crime fell 46% in the districts the cameras cover."
    )
    assert [(c.metric, c.percent) for c in analyze(text).claims] == [("crime", 46)]


def test_italian_counterparts_and_values() -> None:
    text = "Il Ministero dell'Interno ha firmato con Huawei un accordo da 20 milioni di euro."
    vocabulary = load_vocabulary()
    assert find_counterpart(text, vocabulary, []) == "Ministero dell'Interno"
    (value,) = find_values(text, 0, len(text), vocabulary)
    assert (value.amount, value.currency) == (20_000_000, "EUR")


@pytest.mark.parametrize(
    ("text", "metric", "percent"),
    [
        ("Dzięki kamerom przestępczość spadła o 30 procent.", "crime", 30),
        ("Liczba kradzieży zmniejszyła się o 25 proc.", "theft", 25),
        ("Število prometnih nesreč se je zmanjšalo za 40 odstotkov.", "traffic_accidents", 40),
        ("Kriminaliteta je upadla za 30 odstotkov.", "crime", 30),
    ],
)
def test_polish_and_slovene_claims(text: str, metric: str, percent: int) -> None:
    assert [(c.metric, c.direction, c.percent) for c in analyze(text).claims] == [
        (metric, "down", percent)
    ]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Umowa o wartości 20 mln zł obejmuje kamery.", 20_000_000, "PLN"),
        ("Kontrakt wart 3,5 mld złotych.", 3_500_000_000, "PLN"),
        ("Pogodba je vredna 5 milijonov evrov.", 5_000_000, "EUR"),
    ],
)
def test_polish_and_slovene_values(text: str, amount: int, currency: str) -> None:
    (value,) = find_values(text, 0, len(text), load_vocabulary())
    assert (value.amount, value.currency) == (amount, currency)


@pytest.mark.parametrize(
    "text",
    [
        "Kameralar sayesinde suç oranı yüzde 30 azaldı.",
        "Suç oranı %30 düştü.",
        "Die Kriminalität sank um 30 Prozent.",
        "Преступность снизилась на 30 процентов.",
        "Angka kejahatan turun 30 persen.",
    ],
)
def test_percentages_in_the_new_languages_and_the_turkish_order(text: str) -> None:
    assert [(c.metric, c.direction, c.percent) for c in analyze(text).claims] == [
        ("crime", "down", 30)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("カメラの設置後、犯罪は30%減少した。", [("crime", "down", None, None, 30, "%")]),
        ("犯罪件数は30パーセント減少した。", [("crime", "down", None, None, 30, "%")]),
        (
            "緊急対応時間は10分から4.5分に短縮された。",
            [("response_time", "down", 10, 4.5, None, "minutes")],
        ),
        ("범죄가 30퍼센트 감소했다.", [("crime", "down", None, None, 30, "%")]),
        (
            "출동 시간은 10분에서 4.5분으로 단축됐다.",
            [("response_time", "down", 10, 4.5, None, "minutes")],
        ),
    ],
)
def test_japanese_and_korean_claims_put_from_after_the_number(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    assert claims(text) == expected
