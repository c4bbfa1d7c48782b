"""The case-file schema: which keys each block takes (declared once, in :data:`SECTIONS`) and the typed field readers.

:data:`SECTIONS` describes every block of a version-1 case file — its keys,
their types and what they mean. The validation takes its known-key lists from
it (:data:`TOP_KEYS`, :data:`LEG_KEYS`, …), and :func:`reference_markdown`
renders it as the README's format reference (``tests/test_caseschema.py``
checks that the two agree). :class:`Collector` is the small validation
language the block readers use: each reader records problems and warnings
with their lines instead of stopping at the first.

>>> SECTIONS["quantity"].names()
('value', 'unit', 'qualifier')
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

from geodata.base.errors import Problem
from geodata.place import KINDS

from .dates import When, parse_when
from .model import CONFIDENCES, MODES, SIGHTING_KINDS, STATUSES
from geodata.yamlsource import YList, YMap, type_name

#: the case-file version this routemap reads
VERSION = 1


@dataclass(frozen=True)
class Key:
    """One key of a case-file block: its name, the type of its value, and what it means."""

    name: str
    type: str
    meaning: str = ""
    required: bool = False
    values: tuple[str, ...] = ()   # the allowed values, when the key takes one of a fixed set


@dataclass(frozen=True)
class Section:
    """A block of the case file (the top level, a shipment, a leg, …) and its keys, in the order messages list them."""

    title: str
    keys: tuple[Key, ...]

    def names(self) -> tuple[str, ...]:
        """The key names, in order (the "known keys" of an unknown-key message)."""
        return tuple(k.name for k in self.keys)


_NAMES = "list of names"
_CODES = "list of country codes"


def _routing_keys(whose: str, must: str) -> tuple[Key, Key]:
    """The ``avoid`` and ``stay_in`` keys of a block: ``whose`` routes around, ``must`` stay in."""
    return (Key("avoid", _NAMES, f"country codes and strait/canal names {whose} around"),
            Key("stay_in", _CODES, f"countries {must} stay in"))
#: every block of a version-1 case file, declared once: the validation and the README reference both read it
SECTIONS: dict[str, Section] = {
    "top": Section("Top level", (
        Key("version", "number", "1, the only version; may be left out"),
        Key("title", "text", "what the case is about", required=True),
        Key("notes", "text"),
        Key("places", "list of places", "the case's own places; they extend and override the gazetteer"),
        Key("sources", "list of sources", "what the case cites, each with an id"),
        Key("shipments", "list of shipments", required=True),
        Key("claims", "list of claims", "statements to check"),
        *_routing_keys("every leg routes", "every leg must"),
    )),
    "shipment": Section("Shipment", (
        Key("id", "text", "unique, slug-like: letters, digits, '-', '_' or '.'", required=True),
        Key("title", "text"),
        Key("cargo", "text"),
        Key("quantity", "quantity", "a number, a range like 3000-4000, or {value, unit, qualifier}"),
        Key("status", "text", "default reported", values=STATUSES),
        Key("confidence", "text", "default medium", values=CONFIDENCES),
        Key("sources", "list of source ids", "ids defined under sources"),
        Key("notes", "text"),
        Key("legs", "list of legs", required=True),
        Key("sightings", "list of sightings", "dated observations checked against the legs"),
        *_routing_keys("this shipment's legs route", "this shipment's legs must"),
    )),
    "leg": Section("Leg", (
        Key("from", "place name", "where the leg starts", required=True),
        Key("to", "place name", "where the leg ends", required=True),
        Key("mode", "text", "default unknown", values=MODES),
        Key("via", "list of place names", "places the route must pass"),
        Key("depart", "date", "a date, datetime or range FIRST/LAST"),
        Key("arrive", "date", "a date, datetime or range FIRST/LAST"),
        Key("carrier", "text", "the vessel, train or operator"),
        Key("carrier_mmsi", "number", "the carrier's AIS MMSI, 9 digits"),
        Key("carrier_imo", "number", "the carrier's IMO number, 7 digits"),
        Key("notes", "text"),
        Key("sources", "list of source ids", "ids defined under sources"),
        Key("path", "line", "explicit geometry: place names and [lon, lat] pairs, or a GeoJSON LineString"),
        *_routing_keys("to route", "the route must"),
    )),
    "quantity": Section("Quantity", (
        Key("value", "number or range", "1000 or 3000-4000", required=True),
        Key("unit", "text"),
        Key("qualifier", "text", "e.g. more than"),
    )),
    "place": Section("Place", (
        Key("name", "text", "unique within the case", required=True),
        Key("lat", "number", "latitude -90..90", required=True),
        Key("lon", "number", "longitude -180..180", required=True),
        Key("kind", "text", "default point", values=KINDS),
        Key("country", "country code", "ISO 3166-1 alpha-2, e.g. RU; a warning if the point lies outside it"),
        Key("uncertainty_km", "number", "at least 0"),
        Key("aliases", _NAMES, "other names it goes by"),
        Key("source", "text", "where the coordinates come from"),
        Key("notes", "text"),
    )),
    "source": Section("Source", (
        Key("id", "text", "unique", required=True),
        Key("title", "text", required=True),
        Key("publisher", "text"),
        Key("date", "date", "YYYY-MM-DD, YYYY-MM or YYYY"),
        Key("url", "text"),
        Key("author", "text"),
        Key("notes", "text"),
    )),
    "claim": Section("Claims", (
        Key("id", "text", "unique", required=True),
        Key("kind", "text", "what is claimed; each kind takes its own fields, listed below", required=True),
        Key("source", "source id", "an id defined under sources"),
        Key("notes", "text"),
    )),
    "sighting": Section("Sightings", (
        Key("at", "place name", "where it was seen; or lat and lon"),
        Key("lat", "number", "latitude, with lon instead of at"),
        Key("lon", "number", "longitude, with lat instead of at"),
        Key("date", "date", "a date, datetime or range", required=True),
        Key("kind", "text", "default report", values=SIGHTING_KINDS),
        Key("source", "source id", "an id defined under sources"),
        Key("notes", "text"),
    )),
}
TOP_KEYS = SECTIONS["top"].names()
SHIPMENT_KEYS = SECTIONS["shipment"].names()
LEG_KEYS = SECTIONS["leg"].names()
PLACE_KEYS = SECTIONS["place"].names()
SOURCE_KEYS = SECTIONS["source"].names()
QUANTITY_KEYS = SECTIONS["quantity"].names()
SIGHTING_KEYS = SECTIONS["sighting"].names()
CLAIM_KEYS = SECTIONS["claim"].names()


def _key_markdown(k: Key) -> str:
    bits = ["required"] if k.required else []
    if k.values:
        bits.append(f"one of {', '.join(f'`{v}`' for v in k.values)}")
    if k.meaning:
        bits.append(k.meaning)
    return f"`{k.name}` ({k.type}{'; ' + '; '.join(bits) if bits else ''})"


def reference_markdown() -> str:
    """The case-file format reference as Markdown: one bullet per block, listing its keys with type and meaning.

    Claims also list the fields of each kind, from :data:`routes.claims.SCHEMA`.

    >>> reference_markdown().splitlines()[0][:52]
    '- **Top level:** `version` (number; 1, the only vers'
    """
    from .claims import SCHEMA

    lines = []
    for name, section in SECTIONS.items():
        text = f"- **{section.title}:** " + ", ".join(_key_markdown(k) for k in section.keys)
        if name == "claim":
            kinds = "; ".join(f"`{kind}`: {', '.join(f'`{f}`' for f in req)}"
                              + (f" (optional {', '.join(f'`{f}`' for f in opt)})" if opt else "")
                              for kind, (req, opt) in SCHEMA.items())
            text += f". Kinds and their fields: {kinds}"
        lines.append(text + ".")
    return "\n".join(lines) + "\n"


def slug(text: str) -> str:
    """A lowercase ASCII-ish slug for ids.

    >>> slug("Tikhoretsk ammunition depot"), slug("Khasan–Tumangang bridge")
    ('tikhoretsk-ammunition-depot', 'khasan-tumangang-bridge')
    """
    s = re.sub(r"[^\w]+", "-", text.strip().lower(), flags=re.U).strip("-_")
    return s or "place"


def fmt_value(v: Any) -> str:
    """A value as messages show it (``3.0`` as ``3``)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


#: words people write for a mode, for did-you-mean hints
_MODE_WORDS = {"ship": "sea", "boat": "sea", "vessel": "sea", "ferry": "sea", "maritime": "sea",
               "train": "rail", "railway": "rail", "truck": "road", "lorry": "road", "car": "road",
               "plane": "air", "flight": "air", "aircraft": "air"}


def choices_hint(value: str, allowed: Sequence[str]) -> str:
    """``use one of …`` with a did-you-mean for ``value`` (also for words like ship, train, truck)."""
    close = difflib.get_close_matches(value, allowed, n=1)
    if not close and value in _MODE_WORDS and _MODE_WORDS[value] in allowed:
        close = [_MODE_WORDS[value]]
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"use one of {', '.join(allowed)}{hint}"


@dataclass
class Collector:
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

    def entries(self, items: YList | None, what: str) -> Iterator[tuple[int, YMap]]:
        """``(index, mapping)`` of each item of a listed block; an item that is not a mapping is a problem
        (``{what} {n} must be a mapping``) and is skipped."""
        for i, item in enumerate(items or ()):
            line = items.line_of(i)  # type: ignore[union-attr]  # items is a YList when it has items
            m = self.mapping(item, line, f"{what} {i + 1}")
            if m is not None:
                yield i, m

    def unique_id(self, m: YMap, what: str, ident: str | None, seen: dict[str, int]) -> None:
        """Record ``ident`` (the ``id:`` of a ``what`` entry) in ``seen`` (id -> line); a repeat is a problem."""
        if ident is None:
            return
        if ident in seen:
            self.error(m.line_of("id"), f"duplicate {what} id {ident!r} (first at line {seen[ident]}); ids must be unique")
        else:
            seen[ident] = m.line_of("id")

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
            self.error(line, f"{label}{key} must be text, found {fmt_value(v)}")
            return None
        if isinstance(v, (int, float)):
            return fmt_value(v)
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
            self.error(line, f"{label}{word} {fmt_value(num)} is not a finite number")
            return None
        if lo is not None and hi is not None and not lo <= num <= hi:
            self.error(line, f"{label}{word} {fmt_value(num)} is out of range {fmt_value(lo)}..{fmt_value(hi)}")
            return None
        if lo is not None and hi is None and num < lo:
            self.error(line, f"{label}{word} {fmt_value(num)} must be at least {fmt_value(lo)}")
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
            out.append((item.strip() if isinstance(item, str) else fmt_value(item), v.line_of(i)))
        return out

    def choice(self, m: YMap, key: str, label: str, allowed: Sequence[str], default: str) -> str:
        """One of ``allowed`` (case-insensitive), else ``default``; a problem for anything else."""
        v = self.text(m, key, label)
        if v is None:
            return default
        if v.lower() in allowed:
            return v.lower()
        self.error(m.line_of(key), f"{label}unknown {key} {v!r}; {choices_hint(v.lower(), allowed)}")
        return default

    def when(self, m: YMap, key: str, label: str) -> When | None:
        """A date, datetime or range (:func:`routes.dates.parse_when`)."""
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

