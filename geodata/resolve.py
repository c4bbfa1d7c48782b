"""The one resolution policy: from a gazetteer Match to the place a command may use.

Every command and the API resolve names the same way:

1. :meth:`Gazetteer.lookup` answers with the best match, its candidates, and
   whether it is ``confident``.
2. Context may settle an ambiguous or unsure name (:func:`with_context`): the
   other places of the same leg and shipment, the other names of a ``route`` or
   ``distance`` command, ``--near PLACE``, or ``X in Y``. Among the candidates
   that carry the name exactly (never a fuzzy match), the one nearest the
   context wins when it is clearly nearer (half the distance of the next, and
   within :data:`CONTEXT_MAX_KM`); with a mode (``sea``), the kinds that mode
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

__all__ = ["CONTEXT_MAX_KM", "alternatives", "describe", "lookup_all", "require", "with_context"]

#: Context decides only for a candidate this close (km) to a context place.
CONTEXT_MAX_KM = 3000.0
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
    wanted = MODE_KINDS.get(mode or "", ())
    if wanted and any(m.place.kind in wanted for m in pool):
        pool = [m for m in pool if m.place.kind in wanted]
    scored = sorted(((min(_km(m.place, c) for c in ctx), i, m) for i, m in enumerate(pool)), key=lambda t: t[:2])
    d0, _, chosen = scored[0]
    near_ctx = min(ctx, key=lambda c: _km(chosen.place, c))
    decisive = d0 <= CONTEXT_MAX_KM and (len(scored) == 1 or d0 <= 0.5 * scored[1][0])
    if not decisive:
        same = [m for m in pool if m.place.country and m.place.country in {c.country for c in ctx}]
        if len(same) != 1:
            return match
        chosen = same[0]
        d0 = min(_km(chosen.place, c) for c in ctx)
        why = f"the only candidate in {chosen.place.country}, like {near_ctx.name}"
    else:
        why = f"nearest to {near_ctx.name} ({d0:,.0f} km)"
    if chosen is match and match.confident:
        return replace(match, reason=f"{match.reason}; context: {why}")
    rest = tuple(m for m in (match, *others) if m is not chosen)
    return replace(chosen, query=match.query, confident=True, ambiguous=bool(rest), candidates=rest,
                   reason=f"{chosen.reason}; context: {why}"
                   + (f", of {len(pool)} candidates" if len(pool) > 1 else ""))


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
