"""SVG path data (the ``d`` attribute) and ``transform`` attributes into matplotlib paths and
transforms: the subset world maps use (move, line, horizontal, vertical, cubic and quadratic curves,
close; matrix, translate, scale)."""

from __future__ import annotations

import re

import numpy as np
from matplotlib.path import Path
from matplotlib.transforms import Affine2D, Transform

TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
TRANSFORM = re.compile(r"(matrix|translate|scale)\s*\(([^)]*)\)")
MOVETO, LINETO = int(Path.MOVETO), int(Path.LINETO)
CURVE3, CURVE4, CLOSEPOLY = int(Path.CURVE3), int(Path.CURVE4), int(Path.CLOSEPOLY)


class _Pen:
    def __init__(self) -> None:
        self.vertices: list[tuple[float, float]] = []
        self.codes: list[int] = []
        self.x = self.y = 0.0
        self.start = (0.0, 0.0)
        self.control: tuple[float, float] | None = None

    def add(self, code: int, *points: tuple[float, float]) -> None:
        for point in points:
            self.vertices.append(point)
            self.codes.append(code)
        self.x, self.y = points[-1]

    def step(self, cmd: str, a: list[float]) -> None:
        rel = cmd.islower()
        ox, oy = (self.x, self.y) if rel else (0.0, 0.0)
        kind = cmd.upper()
        control = None
        if kind == "M":
            self.add(MOVETO, (ox + a[0], oy + a[1]))
            self.start = (self.x, self.y)
        elif kind in ("L", "T", "A"):  # arcs end where they end; maps draw none
            self.add(LINETO, (ox + a[-2], oy + a[-1]))
        elif kind == "H":
            self.add(LINETO, ((ox if rel else 0.0) + a[0], self.y))
        elif kind == "V":
            self.add(LINETO, (self.x, (oy if rel else 0.0) + a[0]))
        elif kind in ("C", "S"):
            first = self._reflect() if kind == "S" else (ox + a[0], oy + a[1])
            rest = a[-4:]
            control = (ox + rest[0], oy + rest[1])
            self.add(CURVE4, first, control, (ox + rest[2], oy + rest[3]))
        elif kind == "Q":
            control = (ox + a[0], oy + a[1])
            self.add(CURVE3, control, (ox + a[2], oy + a[3]))
        elif kind == "Z":
            self.add(CLOSEPOLY, self.start)
        self.control = control

    def _reflect(self) -> tuple[float, float]:
        if self.control is None:
            return (self.x, self.y)
        return (2 * self.x - self.control[0], 2 * self.y - self.control[1])


def parse_path(d: str) -> Path:
    """The path ``d`` describes; a command's repeated argument groups repeat it (after a move, as
    lines)."""
    pen = _Pen()
    tokens = TOKEN.findall(d)
    i, cmd = 0, ""
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                pen.step(cmd, [])
                continue
        count = ARGS[cmd.upper()]
        args = [float(t) for t in tokens[i : i + count]]
        if len(args) < count:
            break  # a truncated path ends where its data ends
        pen.step(cmd, args)
        i += count
        if cmd in "Mm":
            cmd = "l" if cmd == "m" else "L"
    if not pen.vertices:
        return Path(np.empty((0, 2)))
    return Path(np.array(pen.vertices), np.array(pen.codes, dtype=np.uint8))


def parse_transform(text: str | None) -> Transform:
    transform: Transform = Affine2D()
    for name, args in TRANSFORM.findall(text or ""):
        n = [float(v) for v in re.split(r"[\s,]+", args.strip()) if v]
        if name == "matrix" and len(n) == 6:
            step = Affine2D(np.array([[n[0], n[2], n[4]], [n[1], n[3], n[5]], [0, 0, 1]]))
        elif name == "translate":
            step = Affine2D().translate(n[0], n[1] if len(n) > 1 else 0.0)
        else:
            step = Affine2D().scale(n[0], n[1] if len(n) > 1 else n[0])
        # SVG applies the listed transforms right to left
        transform = step + transform
    return transform
