"""Greedy non-overlapping label placement in linear time: a grid of placed boxes and a label budget.

Each label is tried at a few positions around its anchor (right-up, right-down,
left-up, left-down, above, below), in priority order; a position is taken when
its box lies inside the frame and overlaps no box already placed. Placed boxes
are kept in a uniform grid (a spatial hash whose cells are as big as a typical
label), so each test looks only at the few boxes in the cells it covers, not at
every label placed so far. At most ``budget`` labels are placed and at most
``4 × budget`` are tried: a map of thousands of places labels the ones that
matter (the caller orders them) and leaves the rest as unlabelled markers.
Pure geometry in display units (e.g. pixels, y up); no drawing library here.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]          # x0, y0, x1, y1

#: (dx, dy, ha, va) in points from the anchor, in the order they are tried
POSITIONS = ((6, 3, "left", "bottom"), (6, -3, "left", "top"), (-6, 3, "right", "bottom"),
             (-6, -3, "right", "top"), (0, 8, "center", "bottom"), (0, -8, "center", "top"))
#: labels placed at most on one map (a slide stays readable), and tried at most (4×)
LABEL_BUDGET = 120


def mpl_text(text: str) -> str:
    """User text made literal for matplotlib (a ``$`` would start mathtext).

    >>> print(mpl_text("$5m deal"))
    \\$5m deal
    """
    return str(text).replace("$", r"\$")


@dataclass(frozen=True)
class Placed:
    """Label ``index`` (into the caller's list) at ``POSITIONS[position]``, occupying ``box``."""

    index: int
    position: int
    box: Box


def label_box(anchor: tuple[float, float], size: tuple[float, float], position: int, scale: float,
              pad: float) -> Box:
    """The box of a ``size`` (width, height) label at ``POSITIONS[position]`` from ``anchor``.

    ``scale`` converts points to display units (dpi / 72); ``pad`` is the label's
    padding on every side, in display units.
    """
    dx, dy, ha, va = POSITIONS[position]
    x, y = anchor[0] + dx * scale, anchor[1] + dy * scale
    w, h = size
    x0 = x if ha == "left" else x - w if ha == "right" else x - w / 2
    y0 = y if va == "bottom" else y - h
    return (x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad)


class _Grid:
    """Boxes bucketed by the grid cells they cover; overlap tests look only at neighbouring boxes."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 1e-9)
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, b: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [(i, j) for i in range(math.floor(b[0] / c), math.floor(b[2] / c) + 1)
                for j in range(math.floor(b[1] / c), math.floor(b[3] / c) + 1)]

    def overlaps(self, b: Box) -> bool:
        for k in self._keys(b):
            for o in self.cells.get(k, ()):
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                    return True
        return False

    def add(self, b: Box) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)


def place_labels(anchors: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]], frame: Box, *,
                 scale: float = 1.0, pad: float = 0.0, budget: int = LABEL_BUDGET,
                 taken: Sequence[Box] = ()) -> list[Placed]:
    """Place labels greedily in the given (priority) order; the placed ones, in that order.

    ``anchors`` are the points labelled and ``sizes`` the (width, height) of each
    label, in display units; ``frame`` is the box labels must stay inside;
    ``taken`` are boxes already occupied. Linear in the number of labels tried
    (at most ``4 × budget``).
    """
    if not anchors:
        return []
    typical = max(max(w for w, _ in sizes), max(h for _, h in sizes)) + 2 * pad
    grid = _Grid(typical)
    for b in taken:
        grid.add(b)
    out: list[Placed] = []
    for i, (anchor, size) in enumerate(zip(anchors, sizes, strict=True)):
        if len(out) >= budget or i >= 4 * budget:
            break
        for k in range(len(POSITIONS)):
            b = label_box(anchor, size, k, scale, pad)
            if b[0] < frame[0] or b[1] < frame[1] or b[2] > frame[2] or b[3] > frame[3]:
                continue
            if not grid.overlaps(b):
                grid.add(b)
                out.append(Placed(i, k, b))
                break
    return out
