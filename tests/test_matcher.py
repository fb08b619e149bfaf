"""The term matcher: boundaries, case, accents, plurals, exclusions and Chinese token alignment."""

from __future__ import annotations

from extractors.chinese import token_boundaries
from extractors.matcher import COUNTRY, CUE, EXCLUDE, PRODUCT, VENDOR, Entry, Matcher
from keywords.model import Term


def matcher(*specs: tuple[str, str, str, bool]) -> Matcher:
    entries = []
    for kind, label, text, case_sensitive in specs:
        target = label if kind != EXCLUDE else PRODUCT
        entries.append((Term(text, "en", case_sensitive), Entry(kind, target, text, "en")))
    return Matcher(entries, frozenset())


def found(m: Matcher, text: str, boundaries: list[int] | None = None) -> list[tuple[str, str]]:
    return [(h.label, h.term) for h in m.find(text, boundaries)]


def test_terms_match_on_word_boundaries_only() -> None:
    m = matcher((PRODUCT, "cctv", "cctv camera", False), (VENDOR, "zte", "ZTE", True))
    assert found(m, "New CCTV Cameras went up.") == [("cctv", "CCTV Cameras")]
    assert found(m, "ZTEX boards and xZTE") == []
    assert found(m, "ZTE and zte") == [("zte", "ZTE")]


def test_accents_hyphens_and_case_are_folded_with_offsets_kept() -> None:
    m = matcher(
        (PRODUCT, "cctv", "camaras de videovigilancia", False),
        (PRODUCT, "license_plate_recognition", "license plate recognition", False),
    )
    text = "Se instalaron Cámaras de Videovigilancia y License-Plate Recognition."
    hits = m.find(text)
    assert [(h.label, text[h.start : h.end]) for h in hits] == [
        ("cctv", "Cámaras de Videovigilancia"),
        ("license_plate_recognition", "License-Plate Recognition"),
    ]


def test_longest_match_wins_within_a_kind_and_kinds_may_overlap() -> None:
    m = matcher(
        (PRODUCT, "video_surveillance", "video surveillance", False),
        (PRODUCT, "video_surveillance", "intelligent video surveillance", False),
        (VENDOR, "huawei", "Huawei", True),
        (CUE, "signed", "signed", False),
    )
    hits = m.find("Huawei signed for intelligent video surveillance")
    assert [(h.kind, h.term) for h in hits] == [
        (VENDOR, "Huawei"),
        (CUE, "signed"),
        (PRODUCT, "intelligent video surveillance"),
    ]


def test_excluded_phrases_drop_overlapping_matches() -> None:
    m = matcher(
        (PRODUCT, "facial_recognition", "facial recognition", False),
        (EXCLUDE, PRODUCT, "facial recognition unlock", False),
    )
    assert found(m, "The phone offers facial recognition unlock.") == []
    assert found(m, "Police use facial recognition at the station.") == [
        ("facial_recognition", "facial recognition")
    ]


def test_chinese_terms_must_line_up_with_jieba_tokens() -> None:
    entries = [
        (Term("拟", "zh"), Entry(CUE, "proposed", "拟", "zh")),
        (Term("华为", "zh"), Entry(VENDOR, "huawei", "华为", "zh")),
        (Term("印度", "zh"), Entry(COUNTRY, "IN", "印度", "zh")),
    ]
    m = Matcher(entries, frozenset(), frozenset({"公司"}))
    text = "模拟测试显示，华为公司拟在毛里求斯建设新的中心，该国位于印度洋。"
    assert found(m, text, token_boundaries(text)) == [("huawei", "华为"), ("proposed", "拟")]
    assert found(m, "华为与印度签约。", token_boundaries("华为与印度签约。")) == [
        ("huawei", "华为"),
        ("IN", "印度"),
    ]


def _raw_terms(entry: dict[str, object], keys: tuple[str, ...]) -> list[str]:
    return [t for key in keys for t in entry.get(key, []) or []]  # type: ignore[union-attr]


def test_every_term_and_exclude_of_the_vocabulary_files_is_a_matcher_entry_exactly_once() -> None:
    """Read the TOML files themselves, not the loaded vocabulary: a term the loader or the matcher's
    entry builder drops (or loads twice) fails here."""
    import tomllib
    from collections import Counter

    from extractors.matcher import FUTURE, WEAK, _entries
    from keywords import load_vocabulary
    from keywords.loader import HERE as root
    from keywords.loader import TERM_LANGUAGES
    from keywords.model import toml_key

    languages = tuple(map(toml_key, TERM_LANGUAGES))
    term_keys = (*languages, "names", "acronyms")
    expected: Counter[tuple[str, str, str]] = Counter()
    products = tomllib.loads((root / "products.toml").read_text(encoding="utf-8"))
    for c in products["category"]:
        expected.update((PRODUCT, c["id"], t) for t in _raw_terms(c, term_keys))
        expected.update((EXCLUDE, PRODUCT, t) for t in _raw_terms(c, ("exclude",)))
        expected.update((EXCLUDE, WEAK, t) for t in _raw_terms(c, ("exclude",)))
        expected.update((WEAK, c["id"], t) for t in _raw_terms(c, ("weak",)))
    vendors = tomllib.loads((root / "vendors.toml").read_text(encoding="utf-8"))
    for v in vendors["vendor"]:
        expected.update((VENDOR, v["id"], t) for t in _raw_terms(v, term_keys))
        expected.update((EXCLUDE, VENDOR, t) for t in _raw_terms(v, ("exclude",)))
    cues = tomllib.loads((root / "cues.toml").read_text(encoding="utf-8"))
    for cue in cues["cue"]:
        expected.update((CUE, cue["stage"], t) for t in _raw_terms(cue, term_keys))
        expected.update((EXCLUDE, f"cue:{cue['stage']}", t) for t in _raw_terms(cue, ("exclude",)))
    expected.update((FUTURE, "future", t) for t in _raw_terms(cues["future"], languages))

    built = Counter(
        (e.kind, e.label, e.term)
        for _term, e in _entries(load_vocabulary())
        if e.kind not in (COUNTRY, "city")
    )
    assert built == expected


def test_a_cue_exclude_guards_its_own_stage_only() -> None:
    entries = [
        (Term("will be installed", "en"), Entry(CUE, "proposed", "will be installed", "en")),
        (Term("installed", "en"), Entry(CUE, "deployed", "installed", "en")),
        (Term("will be installed", "en"), Entry(EXCLUDE, "cue:deployed", "will be installed", "")),
        (Term("license agreement", "en"), Entry(EXCLUDE, "cue:signed", "license agreement", "en")),
        (Term("agreement", "en"), Entry(CUE, "signed", "agreement", "en")),
    ]
    m = Matcher(entries, frozenset())
    assert found(m, "Cameras will be installed.") == [("proposed", "will be installed")]
    assert found(m, "Cameras were installed.") == [("deployed", "installed")]
    assert found(m, "The license agreement of the app.") == []
    assert found(m, "A loan agreement was reached.") == [("signed", "agreement")]


def _inflected(*specs: tuple[str, str, str, str]) -> Matcher:
    """Matcher over (kind, label, text, lang) with the packaged inflection tables."""
    from extractors.matcher import inflections
    from keywords import load_vocabulary

    entries = [
        (Term(text, lang), Entry(kind, label, text, lang)) for kind, label, text, lang in specs
    ]
    return Matcher(entries, frozenset(), frozenset(), inflections(load_vocabulary()))


def test_a_stem_takes_its_languages_endings_and_nothing_else() -> None:
    m = _inflected(
        (PRODUCT, "video_surveillance", "видеонаблюдени*", "ru"),
        (PRODUCT, "cctv", "камер* видеонаблюдения", "ru"),
    )
    assert found(m, "системы видеонаблюдения и видеонаблюдением") == [
        ("video_surveillance", "видеонаблюдения"),
        ("video_surveillance", "видеонаблюдением"),
    ]
    assert ("cctv", "камерами видеонаблюдения") in found(m, "камерами видеонаблюдения")
    # not an ending: камерный (chamber), and a stem inside a longer word
    assert found(m, "камерный оркестр, видеонаблюдениеxyz") == []


def test_endings_chain_in_turkish_and_german_compounds() -> None:
    m = _inflected(
        (PRODUCT, "facial_recognition", "yüz tanıma*", "tr"),
        (PRODUCT, "video_surveillance", "Videoüberwachung*", "de"),
    )
    assert [t for _, t in found(m, "yüz tanıma sistemlerinin; yüz tanımasını")] == [
        "yüz tanıma",
        "yüz tanımasını",
    ]
    text = "Videoüberwachungsanlagen und Videoüberwachungssysteme"
    assert [t for _, t in found(m, text)] == [
        "Videoüberwachungsanlagen",
        "Videoüberwachungssysteme",
    ]


def test_inner_stems_are_spelled_out_and_serbian_names_decline() -> None:
    m = _inflected(
        (PRODUCT, "safe_city", "безбедн* град*", "sr"),
        (VENDOR, "huawei", "Huawei*", "sr"),
        (VENDOR, "huawei", "Хуавеи*", "sr"),
    )
    assert [t for _, t in found(m, "пројекат безбедног града")] == ["безбедног града"]
    assert [t for _, t in found(m, "opremu Huaweija i Huaweijevih kamera")] == [
        "Huaweija",
        "Huaweijevih",
    ]
    assert [t for _, t in found(m, "Хуавеијевих камера")] == ["Хуавеијевих"]


def test_arabic_proclitics_and_letter_variants() -> None:
    m = _inflected(
        (VENDOR, "huawei", "هواوي", "ar"),
        (PRODUCT, "safe_city", "المدينة الآمنة", "ar"),
        (PRODUCT, "cctv", "كاميرات المراقبة", "ar"),
    )
    # و + هواوي, ب + المدينة, and آ written as bare ا, ة as ه
    text = "وقعت وهواوي اتفاقا بالمدينة الامنه ولكاميرات المراقبة"
    assert [t for _, t in found(m, text)] == ["هواوي", "المدينة الامنه", "كاميرات المراقبة"]
    assert [t for _, t in found(m, "اتفاق لـهواوي")] == ["هواوي"]
    # not a proclitic: a longer word that merely ends in the term's letters
    assert found(m, "مكاميرات المراقبة") == []


def test_the_fold_keeps_every_offset_and_reads_letter_variants_as_one() -> None:
    from extractors.normalize import fold

    samples = {
        "أمن إدارة آمنة مدينةٌ": "امن اداره امنه مدينهٌ",  # hamza seats, ta marbuta; a mark stays
        "Ёлка": "елка",
        "İstanbul ışık Đà Nẵng": "istanbul isik da nang",
        "Überwachung Straße": "uberwachung strase",
        "ＣＣＴＶと５Ｇ": "cctvと5g",  # full-width Latin, as Japanese sets it
    }
    for text, folded in samples.items():
        assert fold(text) == folded
        assert len(fold(text)) == len(text)


def test_future_markers_count_in_their_own_language_only_when_the_language_is_known() -> None:
    from extractors.matcher import FUTURE

    entries = [
        (Term("va", "fr"), Entry(FUTURE, "future", "va", "fr")),
        (Term("sẽ được", "vi"), Entry(FUTURE, "future", "sẽ được", "vi")),
    ]
    m = Matcher(entries, frozenset())
    text = "Camera và trung tâm chỉ huy sẽ được lắp đặt."
    assert [h.term for h in m.find(text)] == ["và", "sẽ được"]
    assert [h.term for h in m.find(text, language="vi")] == ["sẽ được"]
    assert [h.term for h in m.find("Huawei va installer", language="fr")] == ["va"]
    assert [h.term for h in m.find(text, language="cs")] == ["và", "sẽ được"]


def test_japanese_katakana_words_match_whole_and_particles_end_a_term() -> None:
    entries = [
        (Term("インド", "ja"), Entry(COUNTRY, "IN", "インド", "ja")),
        (Term("インドネシア", "ja"), Entry(COUNTRY, "ID", "インドネシア", "ja")),
        (Term("カメラ", "ja"), Entry(PRODUCT, "cctv", "カメラ", "ja")),
        (Term("セーフシティ", "ja"), Entry(PRODUCT, "safe_city", "セーフシティ", "ja")),
        (Term("ファーウェイ", "ja"), Entry(VENDOR, "huawei", "ファーウェイ", "ja")),
        (Term("顔認証", "ja"), Entry(PRODUCT, "facial_recognition", "顔認証", "ja")),
    ]
    m = Matcher(entries, frozenset(), katakana_heads=frozenset({"プロジェクト", "システム"}))

    def japanese(text: str) -> list[tuple[str, str]]:
        return found(m, text, token_boundaries(text))

    # a particle (は, を, の) or a kanji after a katakana word ends it
    assert japanese("ファーウェイはインドネシアで顔認証システムを導入した。") == [
        ("huawei", "ファーウェイ"),
        ("ID", "インドネシア"),
        ("facial_recognition", "顔認証"),
    ]
    # インド inside インドネシア, カメラ inside カメラマン are other words; a listed head may follow
    assert japanese("カメラマンがセーフシティプロジェクトを撮った。") == [
        ("safe_city", "セーフシティ")
    ]
    assert japanese("インドの監視カメラ") == [("IN", "インド"), ("cctv", "カメラ")]
    # the middle dot separates words
    assert japanese("ファーウェイ・ジャパン") == [("huawei", "ファーウェイ")]
    # Chinese is unchanged: no kana, no katakana rule
    assert japanese("华为公司") == []


def test_korean_stems_take_particles_and_a_script_change_is_a_boundary() -> None:
    from extractors.matcher import Inflection

    entries = [
        (Term("화웨이*", "ko"), Entry(VENDOR, "huawei", "화웨이*", "ko")),
        (Term("케냐*", "ko"), Entry(COUNTRY, "KE", "케냐*", "ko")),
        (Term("CCTV", "*", True), Entry(PRODUCT, "cctv", "CCTV", "*")),
    ]
    korean = Inflection(("가", "는", "를", "에서", "의"), 2)
    m = Matcher(entries, frozenset(), inflections={"ko": korean})
    assert found(m, "화웨이가 케냐에서의 CCTV를 설치했다.") == [
        ("huawei", "화웨이가"),
        ("KE", "케냐에서의"),
        ("cctv", "CCTV"),
    ]
    # an ending that is not a particle makes another word
    assert found(m, "화웨이코리아 케냐인") == []
