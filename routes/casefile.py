"""Case files (YAML, version 1): parse, validate and resolve into a :class:`~routes.model.Case`.

Every problem in a file is collected and reported at once, sorted by line, as
``file:line: message`` in one :class:`~geodata.errors.InputError`. Warnings
(coordinates outside the declared country, zero-length legs, ambiguous names
resolved with confidence) do not stop loading: get them with
:func:`load_case_with_warnings`.

A CSV of legs (``.csv``) is read by :mod:`routes.legcsv` into the same
structure and validated by the same code.

>>> case = parse_case('''
... title: Demo
... places:
...   - {name: Depot A, lat: 45.88, lon: 40.09, kind: depot}
...   - {name: Port B, lat: 42.25, lon: 130.28, kind: port}
... shipments:
...   - id: s1
...     legs:
...       - {from: Port B, to: Depot A, mode: rail, depart: 2023-09-12, arrive: 2023-10-01}
... ''', filename="demo.yaml")
>>> leg = case.shipments[0].legs[0]
>>> leg.key, leg.label, leg.origin.id, leg.origin.source, leg.line
('s1/1', 'Port B → Depot A', 'case:port-b', 'case file demo.yaml:5', 9)
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from geodata.errors import InputError, PlaceNotFound, Problem
from geodata.place import KINDS, Place

from .dates import When, parse_when
from .model import CONFIDENCES, MODES, STATUSES, Avoid, Case, Claim, Leg, LonLat, Quantity, Shipment, Source
from .sightings import build_sightings, place_refs, read_sightings
from .yamlsource import MAX_BYTES, YList, YMap, check_size, load_mapping, plain, type_name

VERSION = 1
TOP_KEYS = ("version", "title", "notes", "places", "sources", "shipments", "claims", "avoid", "stay_in")
SHIPMENT_KEYS = ("id", "title", "cargo", "quantity", "status", "confidence", "sources", "notes", "legs", "sightings",
                 "avoid", "stay_in")
LEG_KEYS = ("from", "to", "mode", "via", "depart", "arrive", "carrier", "carrier_mmsi", "carrier_imo", "notes",
            "sources", "path", "avoid", "stay_in")
PLACE_KEYS = ("name", "lat", "lon", "kind", "country", "uncertainty_km", "aliases", "source", "notes")
SOURCE_KEYS = ("id", "title", "publisher", "date", "url", "author", "notes")
QUANTITY_KEYS = ("value", "unit", "qualifier")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_RANGE = re.compile(r"^\s*([0-9][0-9,_.]*)\s*(?:-|–|—|to)\s*([0-9][0-9,_.]*)\s*$")
#: how far (km) a place may lie outside its declared country before a warning (coastal ports, borders)
COUNTRY_TOLERANCE_KM = 5.0
#: gazetteer score from which another candidate goes by the same name or alias (partial word matches score lower)
SAME_NAME_SCORE = 95.0


# --------------------------------------------------------------------------- public API

def load_case(path: str | os.PathLike[str], *, gazetteer: Any = None,
              gazetteer_files: Sequence[str | os.PathLike[str]] = ()) -> Case:
    """Read, validate and resolve a case file (``.yaml``/``.yml``, or ``.csv`` of legs).

    Raises :class:`~geodata.errors.InputError` listing every problem found.
    """
    return load_case_with_warnings(path, gazetteer=gazetteer, gazetteer_files=gazetteer_files)[0]


def load_case_with_warnings(path: str | os.PathLike[str], *, gazetteer: Any = None,
                            gazetteer_files: Sequence[str | os.PathLike[str]] = ()) -> tuple[Case, list[Problem]]:
    """Like :func:`load_case`, and also return the warnings (sorted by line)."""
    name = str(path)
    text = read_text(path)
    if Path(name).suffix.lower() == ".csv":
        from .legcsv import csv_document

        doc, early = csv_document(text, filename=name)
    else:
        doc, early = load_mapping(text, name)
    return _build(doc, early, filename=name, gazetteer=gazetteer, gazetteer_files=gazetteer_files)


def parse_case(text: str, *, filename: str, gazetteer: Any = None,
               gazetteer_files: Sequence[str | os.PathLike[str]] = ()) -> Case:
    """Parse case-file YAML ``text``; ``filename`` is used in messages and provenance."""
    return parse_case_with_warnings(text, filename=filename, gazetteer=gazetteer, gazetteer_files=gazetteer_files)[0]


def parse_case_with_warnings(text: str, *, filename: str, gazetteer: Any = None,
                             gazetteer_files: Sequence[str | os.PathLike[str]] = ()) -> tuple[Case, list[Problem]]:
    """Like :func:`parse_case`, and also return the warnings (sorted by line)."""
    doc, early = load_mapping(text, filename)
    return _build(doc, early, filename=filename, gazetteer=gazetteer, gazetteer_files=gazetteer_files)


def read_text(path: str | os.PathLike[str]) -> str:
    """A case file's text, with clear errors for a missing path, a folder, a huge or binary file."""
    name = str(path)
    p = Path(path)

    def fail(msg: str) -> InputError:
        return InputError([Problem(name, None, msg)])

    if not p.exists():
        raise fail("no such file; check the path")
    if p.is_dir():
        raise fail("is a directory, not a case file; give the .yaml or .csv file inside it")
    try:
        size = p.stat().st_size
        check_size(size, name)
        with open(p, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except PermissionError:
        raise fail("cannot read the file: permission denied") from None
    except IsADirectoryError:  # pragma: no cover - raced with the check above
        raise fail("is a directory, not a case file") from None
    except OSError as e:
        raise fail(f"cannot read the file: {e.strerror or e}") from None
    check_size(len(data), name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise fail("not a text file: it contains NUL bytes; a case file is UTF-8 text (YAML or CSV)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError([Problem(name, line, f"not UTF-8 text: byte 0x{data[e.start]:02x} cannot be read; "
                                  "save the file as UTF-8")]) from None


def summarize(case: Case, routes: Iterable[Any] | None = None, *,
              warnings: Sequence[Problem] = ()) -> dict[str, Any]:
    """A JSON-ready summary: counts, km by mode (along ``routes`` or geodesic), warnings.

    Without ``routes``, each leg's length is the geodesic through its explicit
    path, or from → via… → to.
    """
    by_key = {r.key: r for r in routes} if routes is not None else {}
    km: dict[str, float] = {}
    legs_by_mode: dict[str, int] = {}
    route_warnings: list[str] = []
    method = "routed" if routes is not None else "geodesic"
    for leg in case.legs():
        r = by_key.get(leg.key)
        if r is not None:
            length = float(r.length_km)
            route_warnings.extend(f"{leg.key}: {w}" for w in r.warnings)
        else:
            length = leg_geodesic_km(leg)
        km[leg.mode] = km.get(leg.mode, 0.0) + length
        legs_by_mode[leg.mode] = legs_by_mode.get(leg.mode, 0) + 1
    order = [m for m in MODES if m in km]
    return {
        "title": case.title,
        "path": case.path,
        "shipments": len(case.shipments),
        "legs": sum(legs_by_mode.values()),
        "sources": len(case.sources),
        "claims": len(case.claims),
        "places": len(case.places),
        "length_method": method,
        "by_mode": [{"mode": m, "legs": legs_by_mode[m], "km": round(km[m], 1)} for m in order],
        "total_km": round(sum(km.values()), 1),
        "warnings": [str(w) for w in sorted(warnings, key=_line_key)] + route_warnings,
    }


def leg_geodesic_km(leg: Leg) -> float:
    """Geodesic length (km) of a leg: along its explicit path, else from → via… → to."""
    from .geodesy import line_length_m

    coords = list(leg.path) if leg.path else [leg.origin.lonlat, *(v.lonlat for v in leg.via), leg.destination.lonlat]
    return line_length_m(coords) / 1000.0


# --------------------------------------------------------------------------- helpers

def _line_key(p: Problem) -> tuple[int, str]:
    return (p.line or 0, p.message)


def slug(text: str) -> str:
    """A lowercase ASCII-ish slug for ids.

    >>> slug("Tikhoretsk ammunition depot"), slug("Khasan–Tumangang bridge")
    ('tikhoretsk-ammunition-depot', 'khasan-tumangang-bridge')
    """
    s = re.sub(r"[^\w]+", "-", text.strip().lower(), flags=re.U).strip("-_")
    return s or "place"


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


#: words people write for a mode, for did-you-mean hints
_MODE_WORDS = {"ship": "sea", "boat": "sea", "vessel": "sea", "ferry": "sea", "maritime": "sea",
               "train": "rail", "railway": "rail", "truck": "road", "lorry": "road", "car": "road",
               "plane": "air", "flight": "air", "aircraft": "air"}


def _choices(value: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, allowed, n=1)
    if not close and value in _MODE_WORDS and _MODE_WORDS[value] in allowed:
        close = [_MODE_WORDS[value]]
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"use one of {', '.join(allowed)}{hint}"


@dataclass
class _Collector:
    """Problems and warnings, each with file and line."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Problem(self.file, line, message))

    def keys(self, m: YMap, known: Sequence[str], label: str) -> None:
        for key in m:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.error(m.line_of(key), f"{label}unknown key {key!r}{hint}; known keys: {', '.join(known)}")

    def mapping(self, value: Any, line: int, what: str) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.error(line, f"{what} must be a mapping (key: value lines), found {type_name(value)}")
        return None

    def listing(self, m: YMap, key: str, label: str) -> YList | None:
        """The list under ``key`` (None if absent); a problem if it is something else."""
        if key not in m or m[key] is None:
            return None
        v = m[key]
        if isinstance(v, YList):
            return v
        self.error(m.line_of(key), f"{label}{key} must be a list, found {type_name(v)}")
        return None

    def text(self, m: YMap, key: str, label: str, *, required: bool = False) -> str | None:
        """A text field; numbers and dates are taken as written, true/false and containers are errors."""
        if key not in m or m[key] is None or (isinstance(m[key], str) and not m[key].strip()):
            if required:
                self.error(m.line, f"{label}missing {key}: (required)")
            return None
        v = m[key]
        line = m.line_of(key)
        if isinstance(v, bool):
            word = "true" if v else "false"
            if key == "country":
                self.error(line, f"{label}country {word}: quote the code, e.g. country: \"NO\"")
            else:
                self.error(line, f"{label}{key} {word}: YAML reads unquoted yes/no/on/off as true/false; "
                           f"quote the text, e.g. {key}: \"{'yes' if v else 'no'}\"")
            return None
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, float) and not math.isfinite(v):
            self.error(line, f"{label}{key} must be text, found {_fmt(v)}")
            return None
        if isinstance(v, (int, float)):
            return _fmt(v)
        if isinstance(v, str):
            return v.strip()
        self.error(line, f"{label}{key} must be text, found {type_name(v)}")
        return None

    def number(self, m: YMap, key: str, label: str, *, word: str | None = None,
               lo: float | None = None, hi: float | None = None, required: bool = False) -> float | None:
        """A finite number, optionally within [lo, hi]."""
        word = word or key
        if key not in m or m[key] is None:
            if required:
                self.error(m.line, f"{label}missing {key}: (required)")
            return None
        v = m[key]
        line = m.line_of(key)
        num: float | None = None
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            self.error(line, f"{label}{word} must be a number, found {type_name(v)}")
            return None
        if isinstance(v, str):
            try:
                num = float(v.strip())
            except ValueError:
                self.error(line, f"{label}{word} {v!r} is not a number")
                return None
        else:
            num = float(v)
        if not math.isfinite(num):
            self.error(line, f"{label}{word} {_fmt(num)} is not a finite number")
            return None
        if lo is not None and hi is not None and not lo <= num <= hi:
            self.error(line, f"{label}{word} {_fmt(num)} is out of range {_fmt(lo)}..{_fmt(hi)}")
            return None
        if lo is not None and hi is None and num < lo:
            self.error(line, f"{label}{word} {_fmt(num)} must be at least {_fmt(lo)}")
            return None
        return num

    def texts(self, m: YMap, key: str, label: str) -> list[tuple[str, int]]:
        """A list of text items (a single text is one item), with lines."""
        if key not in m or m[key] is None:
            return []
        v = m[key]
        if isinstance(v, str):
            return [(v.strip(), m.line_of(key))] if v.strip() else []
        if not isinstance(v, YList):
            self.error(m.line_of(key), f"{label}{key} must be a list of names, found {type_name(v)}")
            return []
        out = []
        for i, item in enumerate(v):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or (isinstance(item, str) and not item.strip()):
                self.error(v.line_of(i), f"{label}{key} item {i + 1} must be text, found {type_name(item)}")
                continue
            out.append((item.strip() if isinstance(item, str) else _fmt(item), v.line_of(i)))
        return out

    def choice(self, m: YMap, key: str, label: str, allowed: Sequence[str], default: str) -> str:
        v = self.text(m, key, label)
        if v is None:
            return default
        if v.lower() in allowed:
            return v.lower()
        self.error(m.line_of(key), f"{label}unknown {key} {v!r}; {_choices(v.lower(), allowed)}")
        return default

    def when(self, m: YMap, key: str, label: str) -> When | None:
        if key not in m or m[key] is None:
            return None
        v = m[key]
        if isinstance(v, (bool, dict, list)) or (isinstance(v, float) and not math.isfinite(v)):
            self.error(m.line_of(key), f"{label}{key} must be a date such as 2023-09-12 or a range "
                       f"FIRST/LAST, found {type_name(v)}")
            return None
        long_year = re.match(r"^\s*(\d{5,})-", str(v))
        if long_year:
            self.error(m.line_of(key), f"{label}{key} {str(v).strip()!r} has the year {long_year.group(1)}; "
                       "years have 4 digits, check for a typo")
            return None
        try:
            return parse_when(v)
        except ValueError as e:
            self.error(m.line_of(key), f"{label}{key}: {e}")
            return None


# --------------------------------------------------------------------------- the parser

@dataclass
class _RawLeg:
    """A leg read from the file, before its names are resolved."""

    shipment_id: str
    index: int
    line: int
    origin: tuple[str, int] | None
    destination: tuple[str, int] | None
    mode: str
    via: list[tuple[str, int]]
    depart: When | None
    arrive: When | None
    carrier: str | None
    notes: str | None
    sources: tuple[str, ...]
    path: list[tuple[str, int] | LonLat] | None
    avoid: Avoid | None = None
    carrier_mmsi: int | None = None
    carrier_imo: int | None = None


def _vessel_number(m: YMap, key: str, c: _Collector, label: str) -> int | None:
    """``carrier_mmsi`` (9 digits) or ``carrier_imo`` (7 digits, "IMO " optional) of a leg."""
    if key not in m or m[key] is None:
        return None
    v = m[key]
    digits = 9 if key == "carrier_mmsi" else 7
    text = str(v).strip().upper().removeprefix("IMO").strip() if not isinstance(v, bool) else ""
    if not (text.isdigit() and len(text) == digits):
        c.error(m.line_of(key), f"{label}{key} {v!r} is not a {digits}-digit number"
                f"{' (e.g. 273123456)' if digits == 9 else ' (e.g. IMO 9179842)'}")
        return None
    return int(text)


def _build(doc: YMap, early: Sequence[Problem], *, filename: str, gazetteer: Any,
           gazetteer_files: Sequence[str | os.PathLike[str]]) -> tuple[Case, list[Problem]]:
    c = _Collector(filename)
    c.problems.extend(early)
    c.keys(doc, TOP_KEYS, "")
    if "version" in doc:
        v = doc["version"]
        if isinstance(v, bool) or v not in (1, "1", 1.0):
            c.error(doc.line_of("version"), f"version {v!r} is not supported; this routemap reads version {VERSION} "
                    "(write version: 1 or leave it out)")
    title = c.text(doc, "title", "", required=True)
    notes = c.text(doc, "notes", "")
    sources = _sources(doc, c)
    source_ids = {s.id for s in sources}
    placed = _places(doc, c, filename)
    places = [p for p, _ in placed]
    raw = _shipments(doc, c, source_ids)
    case_avoid = _avoid(doc, c, "")
    for _, legs in raw:
        for leg in legs:
            leg.avoid = merge_avoid(leg.avoid, case_avoid)
    claims = _claims(doc, c, source_ids)
    if "shipments" not in doc or doc["shipments"] is None:
        c.error(doc.line, "missing shipments: (required; a list of shipments, each with id: and legs:)")
    _claim_legs(claims, [f"{leg.shipment_id}/{leg.index}" for _, legs in raw for leg in legs], c)

    names: dict[str, list[tuple[int, str]]] = {}
    for ship, legs in raw:
        for sref, where in place_refs(ship["id"], ship["sightings"]):
            names.setdefault(sref[0], []).append((sref[1], where))
        for leg in legs:
            where = f"leg {leg.index} of {leg.shipment_id}: "
            refs = [(leg.origin, "from"), (leg.destination, "to"), *((v, "via") for v in leg.via),
                    *((p, "path") for p in (leg.path or ()) if isinstance(p[0], str))]
            for ref, key in refs:
                if ref is not None:
                    names.setdefault(ref[0], []).append((ref[1], f"{where}{key}: "))
    # names of broken places: block entries are already reported, so do not report them as unknown too
    block: Any = doc.get("places") if isinstance(doc.get("places"), YList) else ()
    broken = {m["name"].strip().casefold() for m in block
              if isinstance(m, YMap) and isinstance(m.get("name"), str)} - {p.name.casefold() for p in places}
    names = {n: uses for n, uses in names.items() if n.casefold() not in broken}
    resolved = _resolve(names, places, c, gazetteer, gazetteer_files, _contexts(raw)) if names else {}
    if placed:
        _country_warnings(placed, c)

    if c.problems:
        raise InputError(sorted(c.problems, key=_line_key))
    shipments = []
    for ship, legs in raw:
        built = tuple(_leg(leg, resolved, c) for leg in legs)
        seen = build_sightings(ship["id"], ship["sightings"], resolved)
        shipments.append(Shipment(legs=built, **{**ship, "sightings": seen}))
    case = Case(title=title or "", shipments=tuple(shipments), sources=tuple(sources), places=tuple(places),
                claims=tuple(claims), notes=notes, path=filename)
    return case, sorted(c.warnings, key=_line_key)


def _sources(doc: YMap, c: _Collector) -> list[Source]:
    out: list[Source] = []
    seen: dict[str, int] = {}
    items = c.listing(doc, "sources", "")
    for i, item in enumerate(items or ()):
        line = items.line_of(i)  # type: ignore[union-attr]
        m = c.mapping(item, line, f"source {i + 1}")
        if m is None:
            continue
        sid = c.text(m, "id", f"source {i + 1}: ", required=True)
        label = f"source {sid}: " if sid else f"source {i + 1}: "
        c.keys(m, SOURCE_KEYS, label)
        if sid is not None:
            if sid in seen:
                c.error(m.line_of("id"), f"duplicate source id {sid!r} (first at line {seen[sid]}); ids must be unique")
            else:
                seen[sid] = m.line_of("id")
        title = c.text(m, "title", label, required=True)
        date = c.text(m, "date", label)
        if date is not None and not _source_date_ok(date):
            c.error(m.line_of("date"), f"{label}date {date!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
            date = None
        src = Source(id=sid or "", title=title or "", publisher=c.text(m, "publisher", label), date=date,
                     url=c.text(m, "url", label), author=c.text(m, "author", label),
                     notes=c.text(m, "notes", label), line=m.line)
        if sid is not None and sid not in [s.id for s in out]:
            out.append(src)
    return out


def _source_date_ok(text: str) -> bool:
    if not _SOURCE_DATE.match(text):
        return False
    try:
        parse_when(text)
    except ValueError:
        return False
    return True


def _places(doc: YMap, c: _Collector, filename: str) -> list[tuple[Place, int]]:
    """The case's places block, each with its line (Place itself has no line)."""
    out: list[tuple[Place, int]] = []
    seen: dict[str, int] = {}
    ids: set[str] = set()
    items = c.listing(doc, "places", "")
    base = os.path.basename(filename)
    for i, item in enumerate(items or ()):
        line = items.line_of(i)  # type: ignore[union-attr]
        m = c.mapping(item, line, f"place {i + 1}")
        if m is None:
            continue
        name = c.text(m, "name", f"place {i + 1}: ", required=True)
        label = f"place {name!r}: " if name else f"place {i + 1}: "
        c.keys(m, PLACE_KEYS, label)
        lat = c.number(m, "lat", label, word="latitude", lo=-90, hi=90, required=True)
        lon = c.number(m, "lon", label, word="longitude", lo=-180, hi=180, required=True)
        kind = c.choice(m, "kind", label, KINDS, "point")
        country = c.text(m, "country", label)
        if country is not None:
            if not re.fullmatch(r"[A-Za-z]{2,3}", country):
                c.error(m.line_of("country"), f"{label}country {country!r} is not a country code; use an ISO "
                        "3166-1 alpha-2 code such as RU, KP, CN")
                country = None
            else:
                country = country.upper()
        unc = c.number(m, "uncertainty_km", label, lo=0)
        aliases = tuple(a for a, _ in c.texts(m, "aliases", label))
        source = c.text(m, "source", label) or f"case file {base}:{m.line}"
        notes = c.text(m, "notes", label)
        if name is not None:
            key = name.casefold()
            if key in seen:
                c.error(m.line_of("name"), f"{label}defined twice (first at line {seen[key]}); merge the entries")
                continue
            seen[key] = m.line_of("name")
        if name is None or lat is None or lon is None:
            continue
        pid = f"case:{slug(name)}"
        n = 2
        while pid in ids:
            pid, n = f"case:{slug(name)}-{n}", n + 1
        ids.add(pid)
        out.append((Place(id=pid, name=name, lat=lat, lon=lon, kind=kind, country=country, aliases=aliases,
                          uncertainty_km=unc, source=source, notes=notes), m.line))
    return out


def _shipments(doc: YMap, c: _Collector, source_ids: set[str]) -> list[tuple[dict[str, Any], list[_RawLeg]]]:
    out: list[tuple[dict[str, Any], list[_RawLeg]]] = []
    items = c.listing(doc, "shipments", "")
    if items is not None and not items:
        c.error(doc.line_of("shipments"), "shipments: is empty; give at least one shipment with id: and legs:")
    seen: dict[str, int] = {}
    for i, item in enumerate(items or ()):
        line = items.line_of(i)  # type: ignore[union-attr]
        m = c.mapping(item, line, f"shipment {i + 1}")
        if m is None:
            continue
        sid = c.text(m, "id", f"shipment {i + 1}: ", required=True)
        if sid is not None and not _SLUG.match(sid):
            c.error(m.line_of("id"), f"shipment id {sid!r} is not slug-like; use letters, digits, '-', '_' "
                    f"or '.', e.g. {slug(sid) or 'angara-2023'}")
        label = f"shipment {sid}: " if sid else f"shipment {i + 1}: "
        c.keys(m, SHIPMENT_KEYS, label)
        if sid is not None:
            if sid in seen:
                c.error(m.line_of("id"), f"duplicate shipment id {sid!r} (first at line {seen[sid]}); ids must be unique")
            else:
                seen[sid] = m.line_of("id")
        ship: dict[str, Any] = {
            "id": sid or f"shipment-{i + 1}",
            "title": c.text(m, "title", label) or sid or f"shipment {i + 1}",
            "cargo": c.text(m, "cargo", label),
            "quantity": _quantity(m, c, label),
            "status": c.choice(m, "status", label, STATUSES, "reported"),
            "confidence": c.choice(m, "confidence", label, CONFIDENCES, "medium"),
            "sources": _source_refs(m, c, label, source_ids),
            "notes": c.text(m, "notes", label),
            "line": m.line,
        }
        ship["sightings"] = read_sightings(m, c, label, ship["id"], source_ids)
        legs_list = c.listing(m, "legs", label)
        if "legs" not in m or m["legs"] is None:
            c.error(m.line, f"{label}missing legs: (required; a list of legs, each with from: and to:)")
        elif legs_list is not None and not legs_list:
            c.error(m.line_of("legs"), f"{label}legs: is empty; give at least one leg with from: and to:")
        legs = [_raw_leg(leg, legs_list.line_of(j), j + 1, ship["id"], c, source_ids)  # type: ignore[union-attr]
                for j, leg in enumerate(legs_list or ())]
        ship_avoid = _avoid(m, c, label)
        for leg in legs:
            if leg is not None:
                leg.avoid = merge_avoid(leg.avoid, ship_avoid)
        out.append((ship, [leg for leg in legs if leg is not None]))
    return out


def _source_refs(m: YMap, c: _Collector, label: str, source_ids: set[str]) -> tuple[str, ...]:
    refs = c.texts(m, "sources", label)
    for ref, line in refs:
        if ref not in source_ids:
            known = ", ".join(sorted(source_ids)) or "none"
            close = difflib.get_close_matches(ref, sorted(source_ids), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            c.error(line, f"{label}source {ref!r} is not defined under sources:{hint}; defined: {known}")
    return tuple(r for r, _ in refs)


def _quantity(m: YMap, c: _Collector, label: str) -> Quantity | None:
    if "quantity" not in m or m["quantity"] is None:
        return None
    q = m["quantity"]
    qline = m.line_of("quantity")
    if not isinstance(q, YMap):
        if isinstance(q, (int, float, str)) and not isinstance(q, bool):
            q2 = YMap(qline)
            q2["value"], q2.key_lines["value"] = q, qline
            q = q2
        else:
            c.error(qline, f"{label}quantity must be a mapping like {{value: 1000, unit: containers}}, found {type_name(q)}")
            return None
    c.keys(q, QUANTITY_KEYS, f"{label}quantity: ")
    unit = c.text(q, "unit", f"{label}quantity: ")
    qualifier = c.text(q, "qualifier", f"{label}quantity: ")
    if "value" not in q or q["value"] is None:
        c.error(q.line, f"{label}quantity: missing value: (a number such as 1000 or a range such as 3000-4000)")
        return None
    v = q["value"]
    vline = q.line_of("value")
    low = high = None
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        c.error(vline, f"{label}quantity value must be a number or a range like 3000-4000, found {type_name(v)}")
        return None
    written = _fmt(v) if not isinstance(v, str) else v.strip()
    if isinstance(v, (int, float)):
        low = high = float(v)
    else:
        rng = _RANGE.match(v)
        try:
            if rng:
                low, high = (float(x.replace(",", "").replace("_", "")) for x in rng.groups())
            else:
                low = high = float(v.replace(",", "").replace("_", "").strip())
        except ValueError:
            low = high = None
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)) or low < 0:
        c.error(vline, f"{label}quantity value {written!r} is not a number or a range like 3000-4000")
        return None
    if low > high:
        c.error(vline, f"{label}quantity range {written!r} runs backwards; write LOW-HIGH")
        return None
    text = " ".join(x for x in (qualifier, written, unit) if x)
    return Quantity(text=text, low=low, high=high, unit=unit, qualifier=qualifier)


def _name_ref(m: YMap, key: str, c: _Collector, label: str, *, required: bool) -> tuple[str, int] | None:
    if key not in m or m[key] is None or (isinstance(m[key], str) and not m[key].strip()):
        if required:
            c.error(m.line, f"{label}missing {key}: (required: the place name the leg {'starts' if key == 'from' else 'ends'} at)")
        return None
    v = m[key]
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):
        c.error(m.line_of(key), f"{label}{key} must be a place name, found {type_name(v)}")
        return None
    return (v.strip() if isinstance(v, str) else _fmt(v), m.line_of(key))


def _raw_leg(item: Any, line: int, index: int, sid: str, c: _Collector, source_ids: set[str]) -> _RawLeg | None:
    label = f"leg {index} of {sid}: "
    m = c.mapping(item, line, f"leg {index} of {sid}")
    if m is None:
        return None
    c.keys(m, LEG_KEYS, label)
    origin = _name_ref(m, "from", c, label, required=True)
    dest = _name_ref(m, "to", c, label, required=True)
    mode = c.choice(m, "mode", label, MODES, "unknown")
    via = c.texts(m, "via", label)
    depart = c.when(m, "depart", label)
    arrive = c.when(m, "arrive", label)
    if depart is not None and arrive is not None and depart.start is not None and arrive.end is not None:
        exclusive = arrive.end != arrive.start
        if arrive.end < depart.start or (exclusive and arrive.end == depart.start):
            c.error(m.line_of("arrive"), f"{label}arrive {arrive.text} is before depart {depart.text}")
    path = _path(m, c, label)
    return _RawLeg(shipment_id=sid, index=index, line=m.line, origin=origin, destination=dest, mode=mode,
                   via=via, depart=depart, arrive=arrive, carrier=c.text(m, "carrier", label),
                   notes=c.text(m, "notes", label), sources=_source_refs(m, c, label, source_ids), path=path,
                   avoid=_avoid(m, c, label),
                   carrier_mmsi=_vessel_number(m, "carrier_mmsi", c, label),
                   carrier_imo=_vessel_number(m, "carrier_imo", c, label))


def _avoid(m: YMap, c: _Collector, label: str) -> Avoid | None:
    """``avoid:`` (country codes and strait/canal names) and ``stay_in:`` (country codes) of a mapping."""
    avoid, stay = c.texts(m, "avoid", label), c.texts(m, "stay_in", label)
    if not avoid and not stay:
        return None
    from geodata.avoid import passage
    from geodata.countries import codes_index, country_tiles

    ct = country_tiles()
    codes, passages, stay_in = [], [], []
    for item, line in avoid:
        try:
            codes.append(ct.codes[codes_index(ct, [item])[0]])
            continue
        except InputError:
            pass
        try:
            passages.append(passage(item).name)
        except InputError as e:
            c.error(line, f"{label}avoid {item!r} is neither a country code nor a known passage; "
                    f"{e.problems[0].message}; country codes are ISO 3166-1 alpha-2 (e.g. CN, KZ)")
    for item, line in stay:
        try:
            stay_in.append(ct.codes[codes_index(ct, [item])[0]])
        except InputError as e:
            c.error(line, f"{label}stay_in: {e.problems[0].message}")
    return Avoid(tuple(codes), tuple(passages), tuple(stay_in))


def merge_avoid(inner: Avoid | None, outer: Avoid | None) -> Avoid | None:
    """Avoid of a leg given its own and its shipment's (or case's): avoid lists add up, the innermost stay_in wins."""
    if not outer:
        return inner or None
    if not inner:
        return outer
    return Avoid(tuple(dict.fromkeys((*inner.countries, *outer.countries))),
                 tuple(dict.fromkeys((*inner.passages, *outer.passages))), inner.stay_in or outer.stay_in)


def _path(m: YMap, c: _Collector, label: str) -> list[tuple[str, int] | LonLat] | None:
    if "path" not in m or m["path"] is None:
        return None
    v = m["path"]
    line = m.line_of("path")
    if isinstance(v, YMap):
        c.keys(v, ("type", "coordinates"), f"{label}path: ")
        if v.get("type") != "LineString":
            c.error(v.line_of("type"), f"{label}path type {v.get('type')!r} is not supported; use a GeoJSON "
                    "LineString or a list of places and [lon, lat] pairs")
            return None
        coords = v.get("coordinates")
        if not isinstance(coords, YList):
            c.error(v.line_of("coordinates"), f"{label}path coordinates must be a list of [lon, lat] pairs, "
                    f"found {type_name(coords)}")
            return None
        items: YList = coords
        names_ok = False
    elif isinstance(v, YList):
        items, names_ok = v, True
    else:
        c.error(line, f"{label}path must be a list of places and [lon, lat] pairs or a GeoJSON LineString, "
                f"found {type_name(v)}")
        return None
    out: list[tuple[str, int] | LonLat] = []
    ok = True
    for i, p in enumerate(items):
        pline = items.line_of(i)
        if isinstance(p, str) and names_ok and p.strip():
            out.append((p.strip(), pline))
            continue
        if isinstance(p, YList) and len(p) in (2, 3) and all(
                isinstance(x, (int, float)) and not isinstance(x, bool) for x in p):
            lon, lat = float(p[0]), float(p[1])
            if not (math.isfinite(lon) and math.isfinite(lat)):
                c.error(pline, f"{label}path point {i + 1} [{_fmt(p[0])}, {_fmt(p[1])}] is not finite")
                ok = False
            elif not (-180 <= lon <= 180 and -90 <= lat <= 90):
                hint = "; is it [lat, lon]? write [lon, lat]" if -90 <= lon <= 90 and -180 <= lat <= 180 else ""
                c.error(pline, f"{label}path point {i + 1} [{_fmt(p[0])}, {_fmt(p[1])}] is out of range "
                        f"(longitude -180..180, latitude -90..90){hint}")
                ok = False
            else:
                out.append((lon, lat))
            continue
        want = "a place name or a [lon, lat] pair" if names_ok else "a [lon, lat] pair"
        c.error(pline, f"{label}path point {i + 1} must be {want}, found {type_name(p)}")
        ok = False
    if ok and len(out) < 2:
        c.error(line, f"{label}path needs at least 2 points, found {len(out)}")
        return None
    return out if ok else None


def _claims(doc: YMap, c: _Collector, source_ids: set[str]) -> list[Claim]:
    out: list[Claim] = []
    items = c.listing(doc, "claims", "")
    seen: dict[str, int] = {}
    try:
        from .claims import claim_problems
    except ImportError:  # pragma: no cover - the claims module ships with routemap
        claim_problems = None  # type: ignore[assignment]
    for i, item in enumerate(items or ()):
        line = items.line_of(i)  # type: ignore[union-attr]
        m = c.mapping(item, line, f"claim {i + 1}")
        if m is None:
            continue
        cid = c.text(m, "id", f"claim {i + 1}: ", required=True)
        label = f"claim {cid}: " if cid else f"claim {i + 1}: "
        kind = c.text(m, "kind", label, required=True)
        if cid is not None:
            if cid in seen:
                c.error(m.line_of("id"), f"duplicate claim id {cid!r} (first at line {seen[cid]}); ids must be unique")
            else:
                seen[cid] = m.line_of("id")
        source = c.text(m, "source", label)
        if source is not None and source not in source_ids:
            known = ", ".join(sorted(source_ids)) or "none"
            c.error(m.line_of("source"), f"{label}source {source!r} is not defined under sources:; defined: {known}")
        if cid is None or kind is None:
            continue
        if claim_problems is not None:
            whole = plain(m)
            for msg in claim_problems(whole, kind):
                c.error(m.line, f"{label}{msg}")
        fields = {k: plain(v) for k, v in m.items() if k not in ("id", "kind", "source")}
        out.append(Claim(id=cid, kind=kind, fields=fields, source=source, line=m.line))
    return out


def _claim_legs(claims: Sequence[Claim], leg_keys: Sequence[str], c: _Collector) -> None:
    """A problem for each claim whose ``leg:`` names no leg of the case (``check`` would say 'cannot check')."""
    for cl in claims:
        ref = cl.fields.get("leg")
        if ref is not None and str(ref).strip() and str(ref).strip() not in leg_keys:
            known = ", ".join(leg_keys[:12]) + (", …" if len(leg_keys) > 12 else "") if leg_keys else "none"
            c.error(cl.line, f"claim {cl.id}: leg {str(ref).strip()!r} is not a leg of this case; "
                    f"write <shipment id>/<leg number>; legs: {known}")


# --------------------------------------------------------------------------- place resolution

def _place_desc(p: Place) -> str:
    bits = ", ".join(b for b in (p.country, p.kind) if b)
    return f"{p.name} ({bits})" if bits else p.name


def _contexts(raw: Sequence[tuple[Any, list[_RawLeg]]]) -> dict[str, tuple[list[str], list[str], set[str]]]:
    """For each name: the other names of its legs, of its shipments, and its legs' modes (context for resolution)."""
    out: dict[str, tuple[list[str], list[str], set[str]]] = {}
    for _, legs in raw:
        ship = [r[0] for leg in legs for r in (leg.origin, leg.destination, *leg.via) if r is not None]
        for leg in legs:
            mine = [r[0] for r in (leg.origin, leg.destination, *leg.via) if r is not None]
            for n in mine:
                entry = out.setdefault(n, ([], [], set()))
                entry[0].extend(x for x in mine if x != n)
                entry[1].extend(x for x in ship if x != n)
                entry[2].add(leg.mode)
    return out


def _resolve(names: Mapping[str, list[tuple[int, str]]], places: Sequence[Place], c: _Collector, gazetteer: Any,
             gazetteer_files: Sequence[str | os.PathLike[str]],
             contexts: Mapping[str, tuple[list[str], list[str], set[str]]] | None = None) -> dict[str, Place]:
    """Resolve each distinct name once; problems at its first use, mentioning later uses.

    A name that is ambiguous or not a confident match is decided by the confident
    places of its legs (then of its shipments) with :func:`geodata.resolve.with_context`;
    the choice is a warning naming the alternatives.
    """
    from geodata.resolve import alternatives, with_context

    if gazetteer is None:
        try:
            from geodata.gazetteer import Gazetteer
        except ModuleNotFoundError as e:  # pragma: no cover - a broken install
            from geodata.errors import DataUnavailable

            raise DataUnavailable(f"the gazetteer cannot be imported ({e}); reinstall routemap") from e
        gazetteer = Gazetteer.default()
    gz = gazetteer
    if gazetteer_files:
        gz = gz.with_files(tuple(gazetteer_files))
    if places:
        gz = gz.with_places(tuple(places))
    out: dict[str, Place] = {}
    own = {p.id for p in places}  # the case's own places are what the user meant
    matches: dict[str, Any] = {}
    for name, uses in names.items():
        first, where = min(uses)
        also = sorted({line for line, _ in uses} - {first})
        try:
            matches[name] = gz.lookup(name)
        except (PlaceNotFound, InputError) as e:
            more = f" (also used at line{'s' if len(also) > 1 else ''} {', '.join(map(str, also))})" if also else ""
            c.error(first, f"{where}{e}{more}")
    sure = {n: m.place for n, m in matches.items() if getattr(m, "confident", True)}
    for name, match in matches.items():
        uses = names[name]
        first, where = min(uses)
        also = sorted({line for line, _ in uses} - {first})
        more = f" (also used at line{'s' if len(also) > 1 else ''} {', '.join(map(str, also))})" if also else ""
        leg_names, ship_names, modes = (contexts or {}).get(name, ([], [], set()))
        if match.place.id not in own and (not match.confident or match.ambiguous):
            ctx = [sure[n] for n in leg_names if n in sure] or [sure[n] for n in ship_names if n in sure]
            decided = with_context(match, ctx, mode=next(iter(modes)) if len(modes) == 1 else None) if ctx else match
            if decided.place.id != match.place.id or decided.confident != match.confident:
                alts = "; ".join(alternatives(decided, 4))
                c.warn(first, f"{where}place {name!r} is ambiguous; chose {_place_desc(decided.place)} "
                       f"[{decided.place.id}] by context ({decided.reason.split('context: ', 1)[-1]})"
                       f"{'; alternatives: ' + alts if alts else ''}; "
                       "write the full name or add it to places: to be sure")
                out[name] = decided.place
                continue
        if not getattr(match, "confident", True):
            cands = [match.place, *(getattr(x, "place", x) for x in (getattr(match, "candidates", ()) or ()))]
            descs = [_place_desc(p) for p in cands[:6]]
            if len(set(descs)) < len(descs):  # same name, country and kind: tell them apart by position
                descs = [f"{d} at {p.lat:.2f}, {p.lon:.2f}" for d, p in zip(descs, cands[:6], strict=True)]
            listed = ", ".join(descs) + (f" and {len(cands) - 6} more" if len(cands) > 6 else "")
            c.error(first, f"{where}place {name!r} is ambiguous: {listed}; write the full name or add it to places:{more}")
            continue
        place = match.place
        if place.id not in own and getattr(match, "ambiguous", False) and any(
                getattr(x, "score", 100.0) >= SAME_NAME_SCORE for x in (getattr(match, "candidates", ()) or ())):
            others = [getattr(x, "place", x) for x in (getattr(match, "candidates", ()) or ())
                      if getattr(x, "score", 100.0) >= SAME_NAME_SCORE]
            others = [p for p in others if p.id != place.id]
            over = f" over {', '.join(_place_desc(p) for p in others[:4])}" if others else ""
            c.warn(first, f"{where}place {name!r} is ambiguous; chose {_place_desc(place)} [{place.id}]{over}; "
                   "write the full name or add it to places: to be sure")
        out[name] = place
    return out


def _country_warnings(placed: Sequence[tuple[Place, int]], c: _Collector) -> None:
    """Warn when a case place lies outside the country it declares (hinting at swapped lat/lon)."""
    declared = [(p, line) for p, line in placed if p.country]
    if not declared:
        return
    from shapely.geometry import Point

    from geodata import naturalearth

    from .geodesy import GEOD

    for p, line in declared:
        try:
            country = naturalearth.country(p.country)  # type: ignore[arg-type]
        except InputError as e:
            c.error(line, f"place {p.name!r}: {e}")
            continue
        geom = country.geometry
        tol_km = max(COUNTRY_TOLERANCE_KM, p.uncertainty_km or 0.0)
        if _near(geom, p.lon, p.lat, tol_km, GEOD, Point):
            continue
        msg = f"place {p.name!r}: lat {_fmt(p.lat)}, lon {_fmt(p.lon)} is outside {country.name}, its country {p.country}"
        if abs(p.lon) <= 90 and _near(geom, p.lat, p.lon, tol_km, GEOD, Point):
            msg += f"; lat/lon swapped? (lat {_fmt(p.lon)}, lon {_fmt(p.lat)} is in {country.name})"
        else:
            msg += "; check the coordinates and the country"
        c.warn(line, msg)


def _near(geom: Any, lon: float, lat: float, tol_km: float, geod: Any, point: Any) -> bool:
    """True when (lon, lat) is in ``geom`` or within ``tol_km`` of it (tested at 8 geodesic bearings)."""
    if geom.contains(point(lon, lat)):
        return True
    lons, lats, _ = geod.fwd([lon] * 8, [lat] * 8, [0, 45, 90, 135, 180, 225, 270, 315], [tol_km * 1000.0] * 8)
    return any(geom.contains(point(x, y)) for x, y in zip(lons, lats, strict=True))


def _leg(raw: _RawLeg, resolved: Mapping[str, Place], c: _Collector) -> Leg:
    origin = resolved[raw.origin[0]]  # type: ignore[index]
    dest = resolved[raw.destination[0]]  # type: ignore[index]
    via = tuple(resolved[n] for n, _ in raw.via)
    path = None
    if raw.path is not None:
        path = tuple(resolved[p[0]].lonlat if isinstance(p[0], str) else (float(p[0]), float(p[1]))
                     for p in raw.path)
    if origin.id == dest.id or origin.lonlat == dest.lonlat:
        c.warn(raw.line, f"leg {raw.index} of {raw.shipment_id}: from and to are the same place "
               f"({origin.name}); a zero-length leg — is one of them wrong?")
    return Leg(shipment_id=raw.shipment_id, index=raw.index, origin=origin, destination=dest, mode=raw.mode,
               via=via, depart=raw.depart, arrive=raw.arrive, carrier=raw.carrier, notes=raw.notes,
               sources=raw.sources, path=path, line=raw.line, avoid=raw.avoid, carrier_mmsi=raw.carrier_mmsi,
               carrier_imo=raw.carrier_imo)
