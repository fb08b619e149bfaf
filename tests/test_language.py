"""Language detection on short texts of the seventeen languages, and the post-step that tells
Serbian and Malay from their neighbours (texts written for these tests)."""

from __future__ import annotations

import pytest

from extractors.language import detect_language

SHORT = {
    "en": "The city council signed a contract with the company to install new cameras downtown.",
    "pl": "Urząd miasta podpisał umowę z firmą na montaż nowych kamer w centrum.",
    "sl": "Mestna občina je s podjetjem podpisala pogodbo za nove kamere v središču.",
    "fr": "La mairie a signé un contrat avec l'entreprise pour installer de nouvelles caméras.",
    "es": "El municipio firmó un contrato con la empresa para instalar nuevas cámaras en centro.",
    "pt": "A prefeitura assinou um contrato com a empresa para instalar novas câmeras no centro.",
    "de": "Die Stadtverwaltung hat mit dem Unternehmen einen Vertrag über neue Kameras gemacht.",
    "it": "Il comune ha firmato un contratto con l'azienda per installare nuove telecamere.",
    "tr": "Belediye, şehir merkezine yeni kameralar kurmak için şirketle bir sözleşme imzaladı.",
    "ru": "Мэрия подписала договор с компанией об установке новых камер в центре города.",
    "uk": "Міська рада підписала договір з компанією про встановлення нових камер у центрі.",
    "bg": "Общината подписа договор с компанията за поставяне на нови камери в центъра на града.",
    "mk": "Општината потпиша договор со компанијата за поставување нови камери во центарот.",
    "sr": "Градска управа је потписала уговор са компанијом о постављању нових камера у центру.",
    "ar": "وقعت البلدية عقدا مع الشركة لتركيب كاميرات جديدة في وسط المدينة.",
    "vi": "Ủy ban thành phố đã ký hợp đồng với công ty để lắp đặt camera mới ở trung tâm.",
    "zh": "市政府与该公司签署合同，在市中心安装新的监控摄像头，项目将于明年完工。",
    "ja": "市は同社と契約を結び、市内中心部に新しい監視カメラを設置した。",
    "ko": "시는 회사와 계약을 맺고 시내 중심가에 새 감시 카메라를 설치했다.",
}
# Japanese in katakana and in kanji with few kana (a headline): still Japanese, not Chinese
JAPANESE = (
    "ファーウェイがセーフシティのプロジェクトでケニアにカメラを納入した。",
    "マンダレー管区政府、華為技術との提携を見直しへ 治安改善事業",
)


@pytest.mark.parametrize("text", JAPANESE)
def test_japanese_in_katakana_or_mostly_kanji_is_japanese(text: str) -> None:
    assert detect_language(text) == "ja"


SERBIAN_LATIN = (
    "Gradska uprava je potpisala ugovor sa kompanijom o postavljanju novih kamera u centru grada. "
    "Ministarstvo kaže da će sistem uvek raditi i da je bezbednost građana na prvom mestu."
)
CROATIAN = (
    "Gradska uprava potpisala je ugovor s tvrtkom o postavljanju novih kamera u središtu grada. "
    "Ministarstvo kaže da će sustav uvijek raditi i da je sigurnost građana na prvom mjestu."
)
SLOVENE = (
    "Mestna uprava je podpisala pogodbo s podjetjem za namestitev novih kamer v središču mesta, "
    "ki bodo delovale tudi ponoči, in ministrstvo pravi, da je to lahko varneje."
)
MONTENEGRIN = (
    "Opština je postavila video nadzor na četiri raskrsnice radi veće bezbjednosti saobraćaja, "
    "a kamere će pratiti i gradski trg."
)
INDONESIAN = (
    "Pemerintah kota menandatangani kontrak dengan perusahaan itu karena polisi membutuhkan "
    "kamera baru di pusat kota, yaitu di jalan-jalan utama."
)
MALAY = (
    "Kerajaan negeri telah memeterai perjanjian dengan syarikat itu kerana polis memerlukan "
    "kamera baharu di pusat bandar, iaitu di jalan-jalan utama."
)


@pytest.mark.parametrize("lang", sorted(SHORT))
def test_each_language_is_told_apart_on_one_sentence(lang: str) -> None:
    assert detect_language(SHORT[lang]) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (SERBIAN_LATIN, "sr"),
        (MONTENEGRIN, "sr"),
        (CROATIAN, "hr"),
        (SLOVENE, "sl"),
        (INDONESIAN, "id"),
        (MALAY, "ms"),
    ],
)
def test_neighbours_langdetect_confuses_are_told_apart_by_their_words(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Beograd je mesto, kjer je Huawei postavil kamere. Mesto ima zdaj nov sistem.", "sl"),
        ("Kitajsko podjetje Huawei bo v Beogradu namestilo tisoč kamer za nadzor mesta.", "sl"),
        ("Beograd je mesto gde su kamere postavljene.", "sr"),
        ("Policie nainstalovala v ulicích nové kamery.", "cs"),
    ],
)
def test_slovene_is_told_from_serbian_on_belgrade_and_from_czech(text: str, lang: str) -> None:
    # Slovene writes Beograd and mesto (city) too; its v, z, še, kot, kjer outweigh them. Czech
    # writes v and z as well: they do not make Czech Slovene.
    assert detect_language(text) == lang


def test_serbian_cyrillic_with_only_shared_letters_reads_the_copula() -> None:
    # ј and њ are also Macedonian; "је" (is) is Serbian, Macedonian says "е"
    assert (
        detect_language("Полиција је набавила нове камере и њихов број ће расти у граду.") == "sr"
    )
