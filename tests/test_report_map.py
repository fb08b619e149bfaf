"""The report's world map as a reader sees it: no Antarctica, one record visibly coloured, points
at the places, small countries ringed, title, legend and credit in the PNG and the SVG, and an
SVG small enough to publish."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from keywords import load_vocabulary
from safecity.report.shapes import contains, inside_point, load_shapes, project
from safecity.report.worldmap import (
    NO_AGREEMENT,
    PALETTE,
    POINT,
    MapData,
    Place,
    colour,
    draw_map,
    pixel,
)

SVG = "{http://www.w3.org/2000/svg}"


def rgb(colour_hex: str) -> tuple[int, int, int]:
    return int(colour_hex[1:3], 16), int(colour_hex[3:5], 16), int(colour_hex[5:7], 16)


def distance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a[:3], b[:3], strict=True)) ** 0.5)


CAPITALS = {  # latitude, longitude
    "KE": (-1.29, 36.82),
    "EC": (-0.23, -78.52),
    "ZM": (-15.39, 28.32),
    "PK": (33.69, 73.06),
    "RS": (44.79, 20.45),
    "BR": (-15.79, -47.88),
    "CN": (39.90, 116.40),
    "AU": (-35.28, 149.13),
    "US": (38.90, -77.04),
    "KG": (42.87, 74.59),
    "SG": (1.29, 103.85),
}


def capital(code: str) -> tuple[float, float]:
    return CAPITALS[code]


def drawn(tmp_path: Path, data: MapData) -> tuple[Image.Image, ET.Element, int]:
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    draw_map(data, png, svg)
    with Image.open(png) as image:
        picture = image.convert("RGB")
    return picture, ET.parse(svg).getroot(), svg.stat().st_size


def example(counts: dict[str, int], places: tuple[Place, ...] = ()) -> MapData:
    return MapData(
        counts,
        places,
        "Safe City agreements found in public sources",
        "3 records in 2 countries (status confirmed)",
        "Data: safecity-watch records, 2026-01-02 10:00 UTC. Made with safecity-watch 0.1.0.",
    )


def test_antarctica_is_left_out_and_the_map_is_wider_than_half_its_height() -> None:
    shapes = load_shapes()
    assert "AQ" not in shapes.countries
    _, top, width, height = shapes.box
    assert height / width < 0.45  # Robinson with Antarctica is 0.51
    assert project(-75.0, 0.0)[1] > top + height  # the Antarctic coast is below the map
    assert project(-55.0, -68.0)[1] < top + height  # Cape Horn is on it


@pytest.mark.parametrize("code", sorted(set(CAPITALS) - {"SG"}))  # Singapore: a few pixels
def test_capitals_fall_inside_their_countries(code: str) -> None:
    assert contains(code, *project(*capital(code)))


def test_one_record_stands_out_from_the_countries_without_any() -> None:
    assert distance(rgb(colour(1)), rgb(NO_AGREEMENT)) > 100
    shades = [rgb(shade) for shade, _ in PALETTE]
    assert all(distance(a, b) > 40 for a, b in itertools.pairwise(shades))
    # sequential: each class darker than the one before
    assert [sum(s) for s in shades] == sorted((sum(s) for s in shades), reverse=True)


def test_countries_points_and_small_countries_show_in_the_png(tmp_path: Path) -> None:
    nairobi = Place(-1.28, 36.82, 2)
    picture, _, _ = drawn(tmp_path, example({"KE": 2, "BR": 1, "SG": 1}, (nairobi,)))
    assert distance(picture.getpixel(pixel(*inside_point("BR"))), rgb(colour(1))) < 8
    assert distance(picture.getpixel(pixel(*inside_point("FR"))), rgb(NO_AGREEMENT)) < 8
    assert distance(picture.getpixel(pixel(*project(nairobi.lat, nairobi.lon))), rgb(POINT)) < 60
    # Singapore is a few pixels wide: ringed in its colour where its dot is
    singapore = pixel(*project(*capital("SG")))
    around = [picture.getpixel((singapore[0] + dx, singapore[1])) for dx in range(-8, 9)]
    assert sum(distance(p, rgb(colour(1))) < 8 for p in around) >= 8


def test_title_legend_and_credit_are_in_the_svg_and_the_png(tmp_path: Path) -> None:
    picture, svg, _ = drawn(tmp_path, example({"KE": 1}, (Place(-1.28, 36.82, 1),)))
    texts = " ".join("".join(t.itertext()) for t in svg.iter(SVG + "text"))
    for words in (
        "Safe City agreements found in public sources",
        "3 records in 2 countries",
        "Records per country",
        "none",
        "3–4",
        "5 or more",
        "Records at a city",
        "1 record",
        "Data: safecity-watch records, 2026-01-02 10:00 UTC",
        "safecity-watch 0.1.0",
    ):
        assert words in texts, words
    width, height = picture.size
    _, map_top = pixel(0, load_shapes().box[1])
    title_band = picture.crop((0, 0, width // 2, map_top))
    bottom_band = picture.crop((0, height - 90, width, height))
    for band in (title_band, bottom_band):  # text drawn: dark pixels on the white
        darkest, _ = band.convert("L").getextrema()
        assert isinstance(darkest, int) and darkest < 80


def test_the_svg_stays_small_with_every_country_and_many_places(tmp_path: Path) -> None:
    countries = [c for c in load_vocabulary().countries if c.lat is not None]
    counts = {c.code: 1 + i % 6 for i, c in enumerate(countries)}
    places = tuple(Place(c.lat or 0.0, c.lon or 0.0, 1 + i % 9) for i, c in enumerate(countries))
    _, svg, size = drawn(tmp_path, example(counts, places))
    assert svg.tag == SVG + "svg"
    assert size < 400_000, size
