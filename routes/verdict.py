"""What checking a case concludes: a claim's :class:`Verdict` and its :class:`Figures`, and the :class:`Analysis`
(a case with every leg routed and every claim checked), which outputs are made from.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal, Mapping, Sequence

from geodata.base.geodesy import is_line
from geodata.base.lonlats import LonLats

from .model import Case, LonLat
from .routed import Route, routes_by_key

#: verdict kinds that check a leg's own routed line (its implied speed), not a line of their own
LEG_CHECKS = ("speed", "plausibility")

#: what a check can conclude
VerdictText = Literal["consistent", "inconsistent", "cannot check"]
VERDICTS: tuple[VerdictText, ...] = ("consistent", "inconsistent", "cannot check")


@dataclass(frozen=True)
class Figures:
    """A verdict's numbers, for exports: claimed and computed values (ranges as low/high) in ``unit``.

    ``delta`` is computed minus the nearest claimed value (0 when they overlap),
    ``tolerance`` the allowed absolute difference, both in ``unit``; ``basis``
    names what was measured (``geodesic``, ``rail``, ``rate × period``, …).
    A figure that could not be computed is None.
    """

    unit: str | None = None
    claimed_low: float | None = None
    claimed_high: float | None = None
    computed_low: float | None = None
    computed_high: float | None = None
    delta: float | None = None
    tolerance: float | None = None
    basis: str | None = None

    @staticmethod
    def mid(low: float | None, high: float | None) -> float | None:
        """The one value of a range: the value itself when low == high, else the middle (None if open).

        >>> Figures.mid(3.0, 3.0), Figures.mid(2.0, 4.0), Figures.mid(2.0, None)
        (3.0, 3.0, None)
        """
        if low is None or high is None:
            return None
        return low if low == high else (low + high) / 2.0


@dataclass(frozen=True)
class Verdict:
    """The result of checking one claim, or one leg's plausibility.

    ``claimed`` and ``computed`` are human text with units; ``method`` names the
    dataset and method that produced the computed figure; ``coords`` is an
    optional line to draw (e.g. the measured geodesic), (lon, lat).
    """

    claim_id: str            # the claim's id, or "plausibility:<shipment>/<leg>"
    kind: str                # distance | bearing | border_distance | rate | speed | plausibility
    verdict: VerdictText     # one of VERDICTS
    claimed: str
    computed: str
    method: str
    detail: str = ""         # the difference (in the claim's unit and %), or why it cannot be checked
    source: str | None = None
    leg: str | None = None   # "<shipment>/<leg>" for speed and plausibility verdicts
    coords: Sequence[LonLat] = ()   # held as a LonLats (one float64 array; behaves as a tuple of pairs)
    line: int | None = None  # line of the claim in the case file
    figures: Figures = Figures()   # the numbers behind claimed/computed/detail

    def __post_init__(self) -> None:
        if not isinstance(self.coords, LonLats):
            object.__setattr__(self, "coords", LonLats(self.coords))

    @property
    def ok(self) -> bool:
        return self.verdict != "inconsistent"

    @property
    def has_line(self) -> bool:
        """True when ``coords`` is a line to draw and measure: at least two distinct points.

        A check about one place (a sighting that cannot be placed on its journey) has one point.
        """
        return is_line(self.coords)


@dataclass(frozen=True)
class Analysis:
    """A case with every leg routed and every claim checked: what outputs are made from."""

    case: Case
    routes: tuple[Route, ...]
    verdicts: tuple[Verdict, ...] = ()

    def route(self, key: str) -> Route:
        """The route of leg ``key`` (``"<shipment>/<leg>"``): a dict lookup, indexed once per analysis."""
        try:
            return self.routes_by_key[key]
        except KeyError:
            raise KeyError(f"no routed leg {key!r}") from None

    @cached_property
    def routes_by_key(self) -> Mapping[str, Route]:
        """The routes by leg key (built on first use)."""
        return routes_by_key(self.routes)

    @cached_property
    def verdicts_by_leg(self) -> Mapping[str, tuple[Verdict, ...]]:
        """The verdicts that name a leg (speed, plausibility), by leg key, in order (built on first use)."""
        out: dict[str, list[Verdict]] = {}
        for v in self.verdicts:
            if v.leg is not None:
                out.setdefault(v.leg, []).append(v)
        return {k: tuple(vs) for k, vs in out.items()}
