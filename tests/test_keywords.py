"""The vocabulary loads, is complete, and reports mistakes as file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from keywords import CATEGORY_IDS, LANGUAGES, VocabularyError, load_vocabulary
from keywords.loader import HERE


def test_packaged_vocabulary_is_complete() -> None:
    vocabulary = load_vocabulary()
    assert {c.id for c in vocabulary.categories} == set(CATEGORY_IDS)
    for entry in (*vocabulary.categories, *vocabulary.cues, *vocabulary.metrics):
        langs = {t.lang for t in entry.terms}
        assert set(LANGUAGES) <= langs, entry
    assert any(v.id == "huawei" and v.focus for v in vocabulary.vendors)
    belgrade = [c for c in vocabulary.cities if c.name == "Belgrade"]
    assert belgrade and "贝尔格莱德" in {t.text for t in belgrade[0].terms}
    assert len(vocabulary.countries) >= 249


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "keywords"
    shutil.copytree(HERE, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _break(path: Path, old: str, new: str, after: str = "") -> int:
    """Replace the first ``old`` that follows ``after``; return the line it stood on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old, text.index(after))
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


def test_empty_term_is_reported_with_file_and_line(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    line = _break(directory / "products.toml", "en = [", 'en = ["  ", ', after='id = "cctv"')
    with pytest.raises(VocabularyError, match=rf"products\.toml:{line}: category 'cctv': empty"):
        load_vocabulary(directory)


def test_duplicate_vendor_id_is_reported_with_line(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "vendors.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[vendor]]\nid = "huawei"\nname = "X"\n'
        'country = "CN"\nnames = ["X"]\n',
        encoding="utf-8",
    )
    total = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(VocabularyError, match=rf"vendors\.toml:{total - 3}: vendor id 'huawei'"):
        load_vocabulary(directory)


def test_unknown_stage_and_bad_toml_are_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _break(directory / "cues.toml", 'stage = "signed"', 'stage = "sealed"')
    with pytest.raises(VocabularyError, match=r"cues\.toml:\d+: unknown stage 'sealed'"):
        load_vocabulary(directory)
    directory = _copy(tmp_path / "again")
    (directory / "site_kinds.toml").write_text("[weights\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"site_kinds\.toml: .*line 1"):
        load_vocabulary(directory)


def test_a_category_without_a_language_is_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "products.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "noise_detection"')
    block_end = text.index("[[category]]", start)
    block = text[start:block_end]
    cut = block.index("\npt = [")
    end = block.index("]", cut) + 1
    path.write_text(text[:start] + block[:cut] + block[end:] + text[block_end:], encoding="utf-8")
    with pytest.raises(
        VocabularyError,
        match=r"products\.toml:\d+: category 'noise_detection': "
        r"no terms for 'pt'",
    ):
        load_vocabulary(directory)


def test_a_stem_outside_a_language_list_and_a_misplaced_star_are_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    line = _break(directory / "vendors.toml", '"Huawei",', '"Huawei*",', after='id = "huawei"')
    expected = rf"vendors\.toml:{line}: vendor 'huawei': 'Huawei\*'"
    with pytest.raises(VocabularyError, match=expected):
        load_vocabulary(directory)
    directory = _copy(tmp_path / "again")
    _break(directory / "products.toml", '"видеонаблюдени*",', '"видео*наблюдени",')
    with pytest.raises(VocabularyError, match=r"products\.toml:\d+: .*'видео\*наблюдени'"):
        load_vocabulary(directory)


def test_an_inflection_table_needs_a_known_language_and_endings(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _break(directory / "matching.toml", "[inflection.it]", "[inflection.la]")
    with pytest.raises(VocabularyError, match=r"matching\.toml:\d+: inflection\.la: not one of"):
        load_vocabulary(directory)


def test_polish_and_slovenian_find_their_declined_forms() -> None:
    from extractors.lexicon import default_lexicon

    matcher = default_lexicon().matcher

    def found(text: str, *kinds: str) -> set[str]:
        return {h.label for h in matcher.find(text) if h.kind in kinds}

    assert "BY" in found("Kamery zamontowano na Białorusi.", "country")  # Białoruś, declined
    assert "RS" in found("Umowę podpisano w Serbii.", "country")  # Serbia, as in English
    assert "KE" in found("Kamere so namestili v Keniji.", "country")  # Kenija
    assert "CN" in found("Podjetje je zgradilo centre na Kitajskem.", "country")
    assert "rs-792680" in found("w Belgradzie i v Beogradu", "city")
    assert found("Umowę zawarto z Huaweiem, a pogodbo s Huaweijem.", "vendor") == {"huawei"}
    products = found(
        "Kamerami monitoringu miejskiego i prepoznavanjem obrazov zarządza centrum dowodzenia.",
        "product",
    )
    assert products == {"cctv", "facial_recognition", "command_center"}
    # Polish words that are other countries' names elsewhere stay words; Slovene "leta" is a year
    assert found("Goście zjedli dania, a czad ulatniał się z pieca.", "country") == set()
    assert found("Do konca leta bodo kamere nameščene.", "country") == set()


def test_the_new_languages_find_countries_and_cities_in_their_own_forms() -> None:
    from extractors.lexicon import default_lexicon

    matcher = default_lexicon().matcher

    def places(text: str) -> set[str]:
        return {h.label for h in matcher.find(text) if h.kind in ("country", "city")}

    assert "RS" in places("Камеры установлены в Сербии.")  # Сербия, declined
    assert "RS" in places("Kamere su postavljene u Srbiji.")  # Srbija, declined
    assert "RS" in places("وقعت الحكومة في صربيا")
    assert "AZ" in places("Azerbaycan'da güvenli şehir")  # pycountry's Turkish name
    assert "VN" in places("tại Việt Nam")
    # everyday words that are country names elsewhere stay words
    assert places("Это само собой разумеется, того и жди.") == set()
    assert places("مشروع مالي كبير") == set()
    text = "Belgrad'da, Beogradu, Београду; БЕОГРАД —"
    cities = [h.label for h in matcher.find(text) if h.kind == "city"]
    assert len(cities) == 4
    assert set(cities) == {"rs-792680"}


def _listed(lang: str) -> dict[str, set[str]]:
    """Every term a language lists in the vocabulary files, folded as the matcher reads it, with
    the tables (file, entry, kind) that list it."""
    import tomllib

    from extractors.normalize import fold

    out: dict[str, set[str]] = {}

    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            name = value.get("kind") or value.get("stage") or value.get("id") or value.get("code")
            for key, inner in value.items():
                if key == lang and isinstance(inner, list):
                    for term in inner:
                        out.setdefault(fold(term.rstrip("*")), set()).add(f"{where}/{name}")
                else:
                    walk(inner, f"{where}/{key}" if name is None else where)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, where)

    for path in sorted(HERE.glob("*.toml")):
        walk(tomllib.loads(path.read_text(encoding="utf-8")), path.stem)
    return out


def test_a_japanese_term_in_kanji_alone_means_the_same_where_chinese_lists_it() -> None:
    # Japanese and Chinese terms are matched on every page, folded to Simplified Chinese: a Japanese
    # word written in kanji only (協議, talks) that Chinese lists elsewhere (协议, agreement) would
    # change what a Chinese sentence says (future markers are read in the page's language only)
    kana = set(map(chr, range(0x3040, 0x3100)))
    chinese = _listed("zh")
    clashes = {
        term: (tables, chinese[term])
        for term, tables in _listed("ja").items()
        if not kana & set(term)
        and term in chinese
        and not tables & chinese[term]
        and not all("/future" in t for t in tables)
    }
    assert clashes == {}


def test_a_bad_site_country_alias_is_reported_with_file_and_line(tmp_path: Path) -> None:
    from keywords.pairs import load_pair_words

    directory = _copy(tmp_path)
    line = _break(directory / "pairs.toml", 'uk = "GB"', 'uk = "GBR"', after="[site_country]")
    with pytest.raises(VocabularyError, match=rf"pairs\.toml:{line}: site_country\.aliases"):
        load_pair_words(directory)
