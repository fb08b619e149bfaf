"""The world map of the records, PNG and SVG, drawn with matplotlib on the shapes of
``safecity.report.shapes``: countries shaded by their number of records (a sequential palette in
which one record already stands out from the grey), a point per place sized by its records, small
countries ringed, and the title, legend and credit line drawn in the image itself.

The PNG's pixels map linearly to the shapes' coordinates (``pixel``), so a test can look at the
colour inside a given country."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, PathPatch

from safecity.report.shapes import Country, inside_point, load_shapes, project

SCALE = 0.5  # PNG pixels per map unit
DPI = 100
TOP, BOTTOM = 64, 96  # PNG pixels above the map (title) and below it (legend, credit)
BACKGROUND = "#ffffff"
NO_AGREEMENT = "#dedede"
BORDER = "#ffffff"
INK, MUTED = "#222222", "#555555"
POINT = "#08306b"
# records per country: at least 1, 2, 3, 5 (ColorBrewer OrRd 7, its four darkest)
PALETTE = (("#fc8d59", 1), ("#e34a33", 2), ("#b30000", 3), ("#7f0000", 5))
SMALL = 14.0  # map units: a country with records narrower than this is ringed
RING = 20.0  # map units: the ring's radius (a place's point is 10 or more)
PATH_COMMAND = re.compile(r"([MLQCz])([^MLQCz]*)")


@dataclass(frozen=True)
class Place:
    """Where records are (a city, or the capital of a record without one)."""

    lat: float
    lon: float
    records: int


@dataclass(frozen=True)
class MapData:
    counts: dict[str, int]  # ISO code -> records
    places: tuple[Place, ...]
    title: str
    subtitle: str
    credit: str


def colour(count: int) -> str:
    chosen = NO_AGREEMENT
    for shade, least in PALETTE:
        if count >= least:
            chosen = shade
    return chosen


def bins() -> list[tuple[str, str]]:
    """(colour, label) of each class of the palette: "1", "2", "3-4", "5 or more"."""
    labels = []
    for i, (shade, least) in enumerate(PALETTE):
        upper = PALETTE[i + 1][1] - 1 if i + 1 < len(PALETTE) else None
        if upper is None:
            labels.append((shade, f"{least} or more"))
        else:
            labels.append((shade, str(least) if upper == least else f"{least}–{upper}"))
    return labels


def point_radius(records: int) -> float:
    """A place's radius in map units: its area grows with its records."""
    return (3.0 + 2.2 * float(np.sqrt(records))) / SCALE


def pixel(x: float, y: float) -> tuple[int, int]:
    """The PNG pixel (column, row) at map coordinates (x, y)."""
    bx, by, _, _ = load_shapes().box
    return int((x - bx) * SCALE), int(TOP + (y - by) * SCALE)


def _ring_centre(country: Country) -> tuple[float, float]:
    if country.dots:
        x, y, _ = country.dots[0]
        return x, y
    return inside_point(country.code)


def _countries(counts: dict[str, int]) -> PatchCollection:
    shapes = load_shapes()
    patches: list[Patch] = []
    colours: list[str] = []
    for code in sorted(shapes.countries):
        country = shapes.countries[code]
        patches.append(PathPatch(country.path()))
        colours.append(colour(counts.get(code, 0)))
    return PatchCollection(
        patches, facecolors=colours, edgecolors=BORDER, linewidths=0.3, antialiased=True
    )


def _rings(counts: dict[str, int]) -> PatchCollection:
    """Countries too small to see: a ring in their colour where they are."""
    shapes = load_shapes()
    patches: list[Patch] = []
    colours: list[str] = []
    for code, count in sorted(counts.items()):
        country = shapes.countries.get(code)
        if count and country is not None and country.extent() < SMALL:
            patches.append(Circle(_ring_centre(country), RING))
            colours.append(colour(count))
    return PatchCollection(patches, facecolors=colours, edgecolors=INK, linewidths=0.8)


def _points(places: Iterable[Place]) -> PatchCollection:
    patches: list[Patch] = [
        Circle(project(p.lat, p.lon), point_radius(p.records))
        for p in sorted(places, key=lambda p: -p.records)  # small ones on top
    ]
    return PatchCollection(patches, facecolors=POINT, edgecolors=BORDER, linewidths=0.8, alpha=0.85)


def _legend(figure: Figure, data: MapData, height: float) -> None:
    handles: list[Patch | Line2D] = [Patch(facecolor=NO_AGREEMENT, label="none")]
    handles += [Patch(facecolor=shade, label=label) for shade, label in bins()]
    most = max((p.records for p in data.places), default=1)
    sizes = sorted({1, most})
    points = [
        Line2D([], [], linestyle="", marker="o", markerfacecolor=POINT, markeredgecolor=BORDER,
               markersize=2 * point_radius(n) * SCALE * 72 / DPI, alpha=0.85,
               label=f"{n} record{'s' if n > 1 else ''}")
        for n in sizes
    ]  # fmt: skip
    y = (BOTTOM - 8) / height
    figure.legend(handles=handles, title="Records per country", loc="upper left",
                  bbox_to_anchor=(0.01, y), ncols=len(handles), frameon=False, fontsize=10,
                  title_fontsize=10, alignment="left", handlelength=1.6)  # fmt: skip
    figure.legend(handles=points, title="Records at a city (or the capital)", loc="upper left",
                  bbox_to_anchor=(0.52, y), ncols=len(points), frameon=False, fontsize=10,
                  title_fontsize=10, alignment="left")  # fmt: skip


def _figure(data: MapData) -> Figure:
    bx, by, width, height = load_shapes().box
    map_w, map_h = width * SCALE, height * SCALE
    total = TOP + map_h + BOTTOM
    figure = Figure(figsize=(map_w / DPI, total / DPI), dpi=DPI)
    figure.patch.set_facecolor(BACKGROUND)
    axes = figure.add_axes((0, BOTTOM / total, 1, map_h / total))
    axes.set_axis_off()
    axes.set_xlim(bx, bx + width)
    axes.set_ylim(by + height, by)  # SVG's y grows downwards
    counts = {k.upper(): v for k, v in data.counts.items()}
    for collection in (_countries(counts), _rings(counts), _points(data.places)):
        axes.add_collection(collection)
    figure.text(12 / map_w, 1 - 10 / total, data.title, ha="left", va="top", fontsize=17,
                fontweight="bold", color=INK)  # fmt: skip
    figure.text(12 / map_w, 1 - 38 / total, data.subtitle, ha="left", va="top", fontsize=11,
                color=MUTED)  # fmt: skip
    _legend(figure, data, total)
    figure.text(12 / map_w, 8 / total, data.credit, ha="left", va="bottom", fontsize=8.5,
                color=MUTED)  # fmt: skip
    return figure


def _number(text: str) -> str:
    return f"{float(text):.1f}".removesuffix(".0")


def compact_path(d: str) -> str:
    """SVG path data with one decimal (a twentieth of a pixel) and the implicit line-tos SVG
    allows: a third of matplotlib's size."""
    out: list[str] = []
    previous = ""
    for command, args in PATH_COMMAND.findall(d):
        numbers = " ".join(_number(n) for n in args.split())
        implicit = command == "L" and previous in ("M", "L")
        out.append(numbers if implicit else f"{command}{numbers}")
        previous = command
    return " ".join(out)


def _compact_svg(svg: Path) -> None:
    text = svg.read_text(encoding="utf-8")
    text = re.sub(r' d="([^"]*)"', lambda m: f' d="{compact_path(m[1])}"', text)
    svg.write_text(text, encoding="utf-8")


def draw_map(data: MapData, png: Path, svg: Path) -> None:
    """The map in PNG and SVG (its text as text, searchable and selectable)."""
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "safecity", "font.size": 10}):
        figure = _figure(data)
        FigureCanvasAgg(figure)  # draws without pyplot's global state
        figure.savefig(png, format="png", dpi=DPI)
        figure.savefig(svg, format="svg", metadata={"Date": None})
    _compact_svg(svg)
