"""The one resolution policy: from a gazetteer Match to the place a command may use.

Every command and the API resolve names the same way:

1. :meth:`Gazetteer.lookup` answers with the best match, its candidates, and
   whether it is ``confident``.
2. Context may settle an ambiguous or unsure name (:func:`with_context`): the
   other places of the same leg and shipment, the other names of a ``route`` or
   ``distance`` command, ``--near PLACE``, or ``X in Y``. Among the candidates
   that carry the name exactly (never a fuzzy match), the one nearest the
   context wins when it is clearly nearer (half the distance of the next, and
   within :data:`CONTEXT_MAX_KM`, or :data:`ALIAS_CONTEXT_KM` for a GeoNames
   place that carries the name only as an alternate name, which never wins over
   one whose own name it is); with a mode (``sea``), the kinds that mode
   needs (ports) come first. The choice is recorded in ``reason`` and the
   alternatives stay listed.
3. :func:`require` turns a match that is still not confident into
   :class:`~geodata.base.errors.AmbiguousPlace` (exit 2, with the candidates): no
   command ever picks silently.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from .base.errors import AmbiguousPlace
from .place import Place, great_circle_km

__all__ = ["CONTEXT_MAX_KM", "NEAR_KM", "alternatives", "describe", "lookup_all", "near_named", "require",
           "with_context"]

#: Context decides only for a candidate this close (km) to a context place.
CONTEXT_MAX_KM = 3000.0
#: ... and only this close (km) for a candidate that carries the name as an alternate name, not its own name
#: ("Alat" near Baku is not Olot, Uzbekistan, 1,190 km away, which GeoNames also calls Alat).
ALIAS_CONTEXT_KM = 250.0
#: A candidate's own name scores this; an alternate name less.
OWN_NAME_SCORE = 100.0
#: An answer farther than this (km) from every place named as context by the user (``--near``, "X, Y",
#: "X near Y") is not confident: "Mirny near Plesetsk" is not Mirny in Yakutia, 3,559 km away.
NEAR_KM = 1000.0
#: ... or this far (km) from a region named so ("Norilsk, Krasnoyarsk Krai": 1,499 km from Krasnoyarsk, in the krai)
REGION_NEAR_KM = 2500.0
#: A candidate carries the name (exactly or as an alias) from this score; fuzzy matches score lower.
EXACT_SCORE = 95.0
#: Kinds a leg's mode makes plausible at its ends (tried first when present among the candidates).
MODE_KINDS = {"sea": ("port",), "air": ("airport",), "rail": ("rail_station", "city", "town", "border_crossing")}


_km = great_circle_km


def describe(p: Place) -> str:
    """``Name (CC, kind) at lat, lon`` — how a candidate is named in messages."""
    return f"{p.name} ({p.country or '?'}, {p.kind}) at {p.lat:.2f}, {p.lon:.2f}"


def alternatives(match: Any, n: int = 4) -> list[str]:
    """Descriptions of the other candidates of a match (at most ``n``)."""
    return [describe(c.place) for c in getattr(match, "candidates", ())[:n] if c.place.id != match.place.id]


def with_context(match: Any, context: Sequence[Place], *, mode: str | None = None) -> Any:
    """The match re-decided by context places (see the module docstring); unchanged when context does not decide.

    >>> from geodata.gazetteer import Gazetteer
    >>> g = Gazetteer.default()
    >>> m = with_context(g.lookup("Nome"), [g.lookup("Anchorage").place])
    >>> m.place.country, m.confident, "nearest to Anchorage" in m.reason
    ('US', True, True)
    """
    others = [c for c in getattr(match, "candidates", ()) if c.place.id != match.place.id]
    if not context or (match.confident and not match.ambiguous):
        return match
    ctx = [p for p in context if p.id != match.place.id]
    ctx_ids = {p.id for p in context}
    pool = [m for m in (match, *others) if m is match and (match.confident or m.score >= EXACT_SCORE)
            or (m.score >= EXACT_SCORE and m.place.id not in ctx_ids   # never the context place itself (Khasan → Kazan)
                and (not match.confident or m.score >= match.score))]  # nor an alias over a confident exact name (Busan)
    if not pool or not ctx:
        return match
    if any(m.score >= OWN_NAME_SCORE for m in pool):   # a place's own name before another's old or foreign one (Kars)
        pool = [m for m in pool if not _gazetteer_alias(m) or (m is match and match.confident)]
    wanted = MODE_KINDS.get(mode or "", ())
    if wanted and any(m.place.kind in wanted for m in pool):
        pool = [m for m in pool if m.place.kind in wanted]
    scored = sorted(((min(_km(m.place, c) for c in ctx), i, m) for i, m in enumerate(pool)), key=lambda t: t[:2])
    d0, _, chosen = scored[0]
    near_ctx = min(ctx, key=lambda c: _km(chosen.place, c))
    reach = ALIAS_CONTEXT_KM if _gazetteer_alias(chosen) else CONTEXT_MAX_KM
    decisive = d0 <= reach and (len(scored) == 1 or d0 <= 0.5 * scored[1][0])
    if not decisive:
        same = [m for m in pool if m.place.country and m.place.country in {c.country for c in ctx}]
        if len(same) != 1:
            return match
        chosen = same[0]
        d0 = min(_km(chosen.place, c) for c in ctx)
        if _gazetteer_alias(chosen) and d0 > ALIAS_CONTEXT_KM:
            return match   # Volna, Novorossiysk: not a village 845 km away that GeoNames also calls Volna
        why = f"the only candidate in {chosen.place.country}, like {near_ctx.name}"
    else:
        why = f"nearest to {near_ctx.name} ({d0:,.0f} km)"
    if chosen is match and match.confident:
        return replace(match, reason=f"{match.reason}; context: {why}")
    rest = tuple(m for m in (match, *others) if m is not chosen)
    return replace(chosen, query=match.query, confident=True, ambiguous=bool(rest), candidates=rest,
                   reason=f"{chosen.reason}; context: {why}"
                   + (f", of {len(pool)} candidates" if len(pool) > 1 else ""))


def near_named(match: Any, places: Sequence[Place], what: str, *, km: float = NEAR_KM) -> Any:
    """``match``, not confident when it lies over ``km`` from every one of ``places`` (named as context)."""
    if not places or not getattr(match, "confident", False):
        return match
    d, p = min(((_km(match.place, c), c) for c in places), key=lambda t: t[0])
    if d <= km:
        return match
    return replace(match, confident=False,
                   reason=f"{match.reason}; but {d:,.0f} km from {p.name} ({p.country or '?'}), {what}")


def _gazetteer_alias(m: Any) -> bool:
    """Whether a GeoNames, port or airport candidate carries the name only as an alternate name (an old or foreign
    name: Kadirli was "Kars"); curated, user and case places' aliases are someone's deliberate choice."""
    return m.score < OWN_NAME_SCORE and m.place.from_index


def require(match: Any) -> Place:
    """The match's place when it is confident; else AmbiguousPlace (exit 2) listing the candidates."""
    if getattr(match, "confident", True):
        return match.place
    cands = [describe(match.place)] + alternatives(match, 5)
    why = "not a confident match" if not match.ambiguous else "ambiguous"
    raise AmbiguousPlace(match.query.strip(), cands, why=f"{why} ({match.reason})")


def lookup_all(gazetteer: Any, queries: Iterable[str], *, country: str | None = None, mode: str | None = None,
               near: Sequence[Place] = ()) -> list[Any]:
    """Look up several names that belong together (a route, a distance): each is context for the others.

    Confident answers are found first; then each unsure or ambiguous name is
    re-decided with the confident places (and ``near``) as context.
    """
    matches = [gazetteer.lookup(q, country=country) for q in queries]
    sure = [m.place for m in matches if m.confident]
    out = []
    for m in matches:
        ctx = [*near, *(p for p in sure if p.id != m.place.id)]
        if ctx and (not m.confident or m.ambiguous):
            m = with_context(m, ctx, mode=mode)
        out.append(m)
    return out
