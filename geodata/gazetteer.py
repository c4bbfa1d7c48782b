"""The gazetteer: place names (any script or romanization) to places, with scores and reasons.

Sources, best first: your own places (``with_places`` / ``with_files``), the
curated places (:mod:`geodata.curated`), then GeoNames cities500, the UN/LOCODE
ports and the airports (:mod:`geodata.index`, :mod:`geodata.facilities`).

The query is tried as typed; when nothing carries it exactly, it is parsed
(:mod:`geodata.query`): facility words ask for a kind ("Port of Najin" wants a
port, and never gets a village confidently), qualifiers narrow the country or
US state ("Nome, Alaska"), and a named place is context ("X in Y"). Ranking:

1. exact matches after :func:`~geodata.normalize.name_key` — user places
   first, then a curated entry preferred for an ambiguous phrase, curated,
   GeoNames; among GeoNames, most populous first (an alternate name counting
   half). A user place replaces a curated one whose main name it carries (as its
   name or an alias); places that only share an alias stay listed together;
2. curated/user places whose name contains every word of the query ("Tumen"
   lists the Tumen bridges);
3. fuzzy matches (rapidfuzz, scorer chosen by measurement — QRatio; see
   ``tests/benchmarks/gazetteer.py``), only when nothing matched exactly.

Ambiguity is never hidden: the best match carries the others as ``candidates``
and ``ambiguous=True``; ``confident`` says whether the best clearly wins
(:func:`geodata.match.confident`); :mod:`geodata.resolve` is what commands do with it.

>>> g = Gazetteer.default()
>>> m = g.lookup("Rajin")
>>> m.place.name, m.place.kind, m.reason
('Najin', 'port', "alias 'Rajin'")
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from .coords import parse_coordinates
from .curated import Curated, curated_places
from .base.errors import InputError, PlaceNotFound
from .index import TOWN_MIN, GeoNamesIndex
from .match import (
    _CURATED,
    _EXACT,
    _FUZZY,
    _GN_ALIAS,
    _GN_NAME,
    _WORDS,
    Hit,
    Match,
    confident,
    place_of_row,
)
from .nameindex import NameIndex
from .normalize import latin_spelling, name_key, normalize
from .place import KINDS, Place, great_circle_km
from .query import country_code, parse_query, without_region_words
from .resolve import EXACT_SCORE, NEAR_KM, REGION_NEAR_KM, near_named, with_context

__all__ = ["Match", "Gazetteer", "FUZZY_MIN", "SCORERS"]

#: Fuzzy matches scoring below this (0..100) are not answers (they may still be suggestions).
FUZZY_MIN = 80.0
#: Suggestions for unknown names score at least this.
SUGGEST_MIN = 60.0
#: GeoNames places this close (km) to a curated/user match of the same query are the same place.
SAME_PLACE_KM = 15.0
#: rapidfuzz scorers that may be chosen (by name); the default won the measurement.
SCORERS = ("QRatio", "WRatio", "ratio", "token_sort_ratio", "token_set_ratio")

_km = great_circle_km


def _check_hints(country: str | None, kind: str | None) -> tuple[str | None, str | None]:
    if kind is not None and kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    if country is not None:
        if not (len(country) == 2 and country.isalpha() and country.isascii()):
            raise InputError(f"country {country!r} is not an ISO 3166-1 alpha-2 code; use two letters, e.g. KP, RU, CN")
        country = country.upper()
    return country, kind


class Gazetteer:
    """Curated + user places in memory, GeoNames on disk (SQLite); immutable, cheap to extend."""

    def __init__(self, *, curated: Curated | None = None, overlay: Iterable[Place] = (),
                 geonames: GeoNamesIndex | bool = True, scorer: str = "QRatio") -> None:
        if scorer not in SCORERS:
            raise InputError(f"unknown scorer {scorer!r}; use one of: {', '.join(SCORERS)}")
        self._curated = curated if curated is not None else curated_places()
        self._overlay = tuple(overlay)
        self._geonames_arg = geonames
        self._gn: GeoNamesIndex | None = geonames if isinstance(geonames, GeoNamesIndex) else None
        self.scorer = scorer
        idx = NameIndex(self._overlay, self._curated)
        self._mem, self._forms, self._words = idx.mem, idx.forms, idx.words
        self._from_gid, self._preferred = idx.from_gid, idx.preferred
        self._search_cached = lru_cache(maxsize=8192)(self._search)
        self._answer_cached = lru_cache(maxsize=8192)(self._answer)

    # ------------------------------------------------------------------ construction
    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Gazetteer:
        """The bundled gazetteer (curated + GeoNames), one per process."""
        return cls()

    def with_places(self, places: Iterable[Place]) -> Gazetteer:
        """A gazetteer where ``places`` come first.

        They replace the bundled places whose main name they carry (as a name or an
        alias) and outrank any other place sharing an alias (see :func:`geodata.nameindex.resolve_sources`).
        """
        return Gazetteer(curated=self._curated, overlay=(*self._overlay, *places),
                         geonames=self._gn if self._gn is not None else self._geonames_arg, scorer=self.scorer)

    def with_files(self, paths: Iterable[str | os.PathLike[str]]) -> Gazetteer:
        """A gazetteer with the places of user YAML/CSV files added (later files win)."""
        from .userplaces import load_places_file

        places: list[Place] = []
        for path in paths:
            places.extend(load_places_file(path))
        return self.with_places(places) if places else self

    @property
    def geonames(self) -> GeoNamesIndex | None:
        """The GeoNames index (opened, and built if needed, on first use); None if disabled."""
        if self._gn is None and self._geonames_arg is not False:
            self._gn = GeoNamesIndex()
        return self._gn

    # ------------------------------------------------------------------ queries
    def _prepare(self, query: str, country: str | None, kind: str | None,
                 limit: int) -> tuple[str, str | None, str | None, Match | None]:
        """Check a query and its hints; the Match itself when the query is coordinates."""
        text = self._check_query(query)
        country, kind = _check_hints(country, kind)
        if limit < 1:
            raise InputError(f"limit {limit} must be at least 1")
        return text, country, kind, self._coordinates(query, text)

    def search(self, query: str, *, country: str | None = None, kind: str | None = None, limit: int = 10) -> list[Match]:
        """All plausible matches, best first (at most ``limit``); empty if nothing matches.

        Each returned Match has empty ``candidates``; :meth:`lookup` nests them.
        """
        text, country, kind, point = self._prepare(query, country, kind, limit)
        if point is not None:
            return [point]
        hits, why, _ = self._answer_cached(text, country, kind)
        out = [self._match(query, h, hits, nested=False) for h in hits[:limit]]
        return [replace(m, confident=False, reason=f"{m.reason}; {why}") for m in out] if why else out

    def lookup(self, query: str, *, country: str | None = None, kind: str | None = None, limit: int = 10,
               near: Sequence[Place] = ()) -> Match:
        """The best match, with the others (up to ``limit - 1``) as candidates.

        The query is tried as typed, then through the grammar of :mod:`geodata.query`
        (facility words, ``X, Country``, ``X (Country)``, ``X in Y``). ``near``
        (places) and a place named in the query (``X in Y``) are context: see
        :func:`geodata.resolve.with_context`. Raises PlaceNotFound (with "did you
        mean" suggestions) when nothing matches, InputError for an empty query, a
        bad hint, or coordinates out of range.
        """
        text, country, kind, point = self._prepare(query, country, kind, limit)
        if point is not None:
            return point
        hits, why, near_text = self._answer_cached(text, country, kind)
        if not hits:
            hint = ", ".join(f"{k} {v}" for k, v in (("country", country), ("kind", kind)) if v)
            raise PlaceNotFound(query.strip(), self.suggest(parse_query(text).core, country=country, kind=kind),
                                hint=f"with {hint}" if hint else "")
        best = self._match(query, hits[0], hits, nested=True, limit=limit)
        if why:
            best = replace(best, confident=False, reason=f"{best.reason}; {why}")
        parsed = parse_query(text)
        latin = latin_spelling(parsed.core)   # the name only: "Находка, Россия" asks about Находка in RU
        if latin is not None and best.place.from_index:   # curated, user and case aliases are someone's choice
            best = self._same_in_latin(best, latin, country or parsed.country, kind, limit)
        named = country_code(text)
        if named and (best.place.country != named or best.place.kind not in ("city", "town", "region")):
            # "Russia" → Russia, Ohio; "Bahrain" → its airport: the country is what reporting means
            best = replace(best, confident=False,
                           reason=f"{best.reason}; but {text!r} names a country ({named}), not a place in it")
        context = list(near)
        region = False
        if near_text:  # "X in Y": Y is context only when Y itself is a confident answer
            y = None
            for text in dict.fromkeys((near_text, without_region_words(near_text))):  # "Amur Oblast", then "Amur"
                try:
                    y = self.lookup(text)
                except PlaceNotFound:
                    continue
                if y.confident:
                    break
            if y is not None and y.confident:
                context.append(y.place)
                # a region ("Krasnoyarsk Krai", found as itself or as its capital) reaches farther than a town
                region = y.place.kind == "region" or normalize(text) != normalize(near_text)
            else:
                return replace(best, confident=False, reason=f"{best.reason}; {near_text!r} is not a known place")
        if context:
            best = with_context(best, context)
        return near_named(best, context, f"which {near_text!r} names" if near_text else "given as context",
                          km=REGION_NEAR_KM if near_text and region else NEAR_KM)

    def _same_in_latin(self, best: Match, latin: str, country: str | None, kind: str | None, limit: int) -> Match:
        """``best`` (a GeoNames answer to a Cyrillic query), unsure when its Latin spelling names another place.

        "Ростов" is an alias of Rostov Veliky, while "Rostov" is Rostov-on-Don: the two spellings
        must not give two different answers. Another place counts when the Latin spelling answers it
        confidently, or, unsure, puts a curated place first (a place someone deliberately knows by
        that name); a small namesake of an unsure Latin spelling does not (Пекин is Beijing, though
        "Pekin" is also a town in Illinois).
        """
        try:
            other = self.lookup(latin, country=country, kind=kind, limit=limit)
        except PlaceNotFound:
            return best
        o = other.place
        if other.score < EXACT_SCORE:
            return best  # the Latin spelling is not known exactly
        if not other.confident and not o.id.startswith("curated:"):
            return best
        if o.id == best.place.id or _km(o, best.place) <= SAME_PLACE_KM:
            return best  # the same place
        known = {c.place.id for c in best.candidates}
        extra = () if o.id in known else (replace(other, query=best.query, candidates=()),)
        return replace(best, confident=False, ambiguous=True, candidates=(*best.candidates, *extra),
                       reason=f"{best.reason}; but its Latin spelling {latin!r} is {o.name} ({o.country or '?'}, "
                              f"{o.kind}), {_km(o, best.place):,.0f} km away")

    def suggest(self, query: str, *, country: str | None = None, kind: str | None = None, n: int = 5) -> list[str]:
        """Up to ``n`` "did you mean" names for a query that matched nothing: ``Name (CC, kind)``."""
        hits = self._fuzzy(normalize(query), country, kind, minimum=SUGGEST_MIN)
        out: list[str] = []
        for h in hits:
            label = f"{h.place.name} ({h.place.country or '?'}, {h.place.kind})"
            if label not in out:
                out.append(label)
            if len(out) >= n:
                break
        return out

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _check_query(query: str) -> str:
        if not isinstance(query, str) or not query.strip():
            raise InputError("empty place name; give a name such as 'Najin' or coordinates such as '42.25,130.28'")
        return query.strip()

    @staticmethod
    def _coordinates(query: str, text: str) -> Match | None:
        lonlat = parse_coordinates(text)
        if lonlat is None:
            return None
        lon, lat = lonlat
        place = Place(id=f"point:{lat:.6f},{lon:.6f}", name=text, lat=lat, lon=lon, kind="point",
                      source="coordinates as typed")
        return Match(query, place, 100.0, "coordinates", ambiguous=False, confident=True)

    def _answer(self, text: str, country: str | None, kind: str | None) -> tuple[tuple[Hit, ...], str, str | None]:
        """Hits for the query as typed or, failing an exact match, as parsed; a reason to doubt; a context name."""
        literal = self._search_cached(text, country, kind)
        if literal and literal[0].band != _FUZZY:
            return literal, "", None
        q = parse_query(text)
        ctry = country or q.country
        core = q.core
        hits = list(self._search_cached(core, ctry, kind)) if q.parsed else list(literal)
        gn = self.geonames
        if gn is not None and (q.kinds or not hits or hits[0].band == _FUZZY):
            exact = [h for h in hits if h.band != _FUZZY]
            fac = self._facility_hits(gn, core, q.kinds, ctry, kind, exact)
            if fac:
                hits = sorted(exact + fac, key=Hit.rank)
        if q.admin1:
            hits = [h for h in hits if h.admin1 == q.admin1 or (h.tier <= _CURATED and h.place.country == q.country)]
        why = ""
        if q.kinds and hits and gn is not None and hits[0].band == _EXACT and not any(
                h.place.kind in q.kinds for h in hits):  # "丹东港": the ports named like the place the name gave
            town = hits[0].place
            near = [h for h in self._facility_hits(gn, town.name, q.kinds, ctry, kind, [])
                    if _km(h.place, town) <= SAME_PLACE_KM * 3]
            hits = [*near, *hits]
        if q.kinds and hits:
            wanted = [h for h in hits if h.place.kind in q.kinds]
            if wanted:  # the facility asked for; places of other kinds are not candidates
                elsewhere = [h.place for h in hits if h.place.kind not in q.kinds and h.band == _EXACT
                             and (h.place.population or 0) >= (TOWN_MIN if h.tier != _GN_ALIAS else 10 * TOWN_MIN)
                             and _km(h.place, wanted[0].place) > 100]
                if elsewhere:
                    b = elsewhere[0]
                    why = f"{core!r} is also {b.name} ({b.country}, {b.kind}), {_km(b, wanted[0].place):,.0f} km away"
                hits = wanted
            else:
                b = hits[0].place
                why = (f"no {' or '.join(q.kinds)} named {core!r} is known "
                       f"(best: {b.name}, a {b.kind} in {b.country or '?'}); "
                       "add it with --gazetteer FILE")
        return tuple(hits), why, q.near

    def _facility_hits(self, gn: GeoNamesIndex, core: str, kinds: tuple[str, ...], country: str | None,
                       kind: str | None, exact: list[Hit]) -> list[Hit]:
        """Ports and airports (namespaced keys) and LOCODE/ICAO/IATA codes for ``core``."""
        key = name_key(core)
        # without a facility word only ports (named after their town) stand in for a missing place
        spaces = [k for k in ("port", "airport") if k in kinds] if kinds else ["port", "airport"]
        keys = [f"{k}:{key}" for k in spaces] + ([f"airport-city:{key}"] if "airport" in kinds else [])
        if key.isalnum() and key.isascii() and 3 <= len(key) <= 5 and " " not in core.strip():
            keys.append(f"code:{key}")
        rows = gn.exact_many(keys)
        words = core.split()
        while not rows and "airport" in kinds and len(words) > 1:  # "Pyongyang Sunan airport": the city's airports
            words = words[:-1]
            rows = gn.exact_many([f"airport{ns}:{name_key(' '.join(words))}" for ns in ("", "-city")])
        out: list[Hit] = []
        for row in rows:
            p = place_of_row(row)
            same_kind = [h for h in (*exact, *out) if h.place.kind == p.kind]
            if (country and p.country != country) or (kind and p.kind != kind) or self._duplicate(p, same_kind):
                continue
            how = f"{row.kind} code {row.alias!r}" if row.alias and row.alias.isupper() and " " not in row.alias \
                else f"{row.kind} {row.alias or row.name!r}"
            if words != core.split():
                how += f" (of {' '.join(words)!r}; the rest of {core!r} not matched)"
            score = 97.0 + 0.5 * ("IATA" in p.source) + 0.5 * ("international" in p.name.lower())
            out.append(Hit(p, score, how, _EXACT, _GN_ALIAS, admin1=None))
        return out

    def _match(self, query: str, best: Hit, hits: tuple[Hit, ...], *, nested: bool, limit: int = 10) -> Match:
        others = [h for h in hits if h is not best]
        latin = normalize(query).isascii()
        if not nested:
            return Match(query, best.place, best.score, best.reason, ambiguous=bool(others),
                         confident=confident(best, others, latin=latin))
        cands = tuple(Match(query, h.place, h.score, h.reason, ambiguous=True, confident=False)
                      for h in others[: max(0, limit - 1)])
        return Match(query, best.place, best.score, best.reason, ambiguous=bool(others),
                     confident=confident(best, others, latin=latin), candidates=cands)

    def _search(self, text: str, country: str | None, kind: str | None) -> tuple[Hit, ...]:
        key = name_key(text)
        if not key:
            return ()

        def ok(p: Place) -> bool:
            return (country is None or p.country == country) and (kind is None or p.kind == kind)

        hits: list[Hit] = []
        seen: set[str] = set()
        for tier, p, matched, is_alias in self._mem.get(key, ()):
            if p.id in seen or not ok(p):
                continue
            seen.add(p.id)
            preferred = self._preferred.get(key) == p.id
            reason = (f"preferred for {text!r}" if preferred else f"alias {matched!r}" if is_alias else "exact name")
            hits.append(Hit(p, 100.0 if not is_alias else 98.0, reason, _EXACT, tier, preferred))
        words = frozenset(normalize(text).split())
        if any(len(w) >= 3 for w in words):
            for tier, p, name_words in self._words:
                if p.id not in seen and words < name_words and ok(p):
                    seen.add(p.id)
                    hits.append(Hit(p, 80.0, f"words of {text!r} in {p.name!r}", _WORDS, tier))
        self._geonames_hits(key, ok, seen, hits)
        if not any(h.band == _EXACT for h in hits):
            for h in self._fuzzy(normalize(text), country, kind, minimum=FUZZY_MIN):
                if h.place.id not in seen and not self._duplicate(h.place, hits):
                    seen.add(h.place.id)
                    hits.append(h)
        hits.sort(key=Hit.rank)
        return tuple(hits)

    def _geonames_hits(self, key: str, ok: Callable[[Place], bool], seen: set[str], hits: list[Hit]) -> None:
        """Add the GeoNames places named ``key`` to ``hits`` (a curated/user place derived from one stands in)."""
        gn = self.geonames
        if gn is None:
            return
        for row in gn.exact(key):
            if row.gid in self._from_gid:  # GeoNames knows a name for a curated place: answer with the curated one
                tier, p = self._from_gid[row.gid]
                if p.id not in seen and ok(p):
                    seen.add(p.id)
                    hits.append(Hit(p, 95.0, f"GeoNames name {row.alias or row.name!r}", _EXACT, tier))
                continue
            p = place_of_row(row)
            if ok(p) and not self._duplicate(p, hits):
                tier = _GN_ALIAS if row.alias else _GN_NAME
                hits.append(Hit(p, 95.0 if row.alias else 100.0,
                                f"alias {row.alias!r}" if row.alias else "exact name", _EXACT, tier,
                                admin1=row.admin1))

    @staticmethod
    def _duplicate(p: Place, hits: list[Hit]) -> bool:
        """A GeoNames place already present as a curated/user hit (same country, within SAME_PLACE_KM)."""
        for h in hits:
            if h.place.id == p.id:
                return True
            if h.tier <= _CURATED and h.place.country == p.country and _km(h.place, p) <= SAME_PLACE_KM:
                return True
        return False

    def _scorer(self) -> Any:
        from rapidfuzz import fuzz

        return getattr(fuzz, self.scorer)

    def _fuzzy(self, norm: str, country: str | None, kind: str | None, minimum: float) -> list[Hit]:
        """Fuzzy hits over curated/user forms and GeoNames forms, best first, within 8 points of the best."""
        from rapidfuzz import process

        if not norm:
            return []
        scorer = self._scorer()
        hits: list[Hit] = []
        for form, score, _ in process.extract(norm, list(self._forms), scorer=scorer, limit=20, score_cutoff=minimum):
            for tier, p, matched in self._forms[form]:
                if (country is None or p.country == country) and (kind is None or p.kind == kind):
                    hits.append(Hit(p, score, f"fuzzy {score:.0f} ({self.scorer}) on {matched!r}", _FUZZY, tier))
        gn = self.geonames
        if gn is not None and kind in (None, "city", "town", "village"):
            forms = gn.fuzzy_forms(norm)
            for form, score, _ in process.extract(norm, forms, scorer=scorer, limit=12, score_cutoff=minimum):
                for row in gn.exact(form.replace(" ", ""), limit=10):
                    if row.gid in self._from_gid:
                        tier, p = self._from_gid[row.gid]
                        if (country is None or p.country == country) and (kind is None or p.kind == kind):
                            hits.append(Hit(p, score, f"fuzzy {score:.0f} ({self.scorer}) on {row.alias or row.name!r}", _FUZZY, tier))
                        continue
                    p = place_of_row(row)
                    if (country is None or p.country == country) and (kind is None or p.kind == kind):
                        shown = row.alias or row.name
                        hits.append(Hit(p, score, f"fuzzy {score:.0f} ({self.scorer}) on {shown!r}", _FUZZY,
                                         _GN_ALIAS if row.alias else _GN_NAME, admin1=row.admin1))
        hits.sort(key=Hit.rank)
        out: list[Hit] = []
        ids: set[str] = set()
        top = hits[0].score if hits else 0.0
        for h in hits:
            if h.place.id in ids or h.score < top - 8:
                continue
            if h.tier > _CURATED and self._duplicate(h.place, out):
                continue
            ids.add(h.place.id)
            out.append(h)
        return out
