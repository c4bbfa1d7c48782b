"""User gazetteer files (YAML or CSV): your own places, checked line by line.

YAML: a list of mappings, or a mapping with a ``places:`` list::

    places:
      - name: Najin
        lat: 42.24
        lon: 130.30
        kind: port
        country: KP
        aliases: [Rajin, 나진]
        uncertainty_km: 1
        source: "my survey"

CSV: a header row, then one place per row; columns
``name,lat,lon,kind,country,aliases,uncertainty_km,source`` (only name, lat and
lon are required; aliases are ``;``-separated).

Every problem is reported at once as ``file:line: field ...: bad value, what is
allowed, the fix`` (:class:`~geodata.base.errors.GazetteerFileError`).
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
from pathlib import Path
from typing import Any, Mapping

import yaml

from .base.errors import GazetteerFileError, InputError, Problem
from .place import KINDS, Place

__all__ = ["load_places_file", "place_from_record", "FIELDS", "LineLoader"]

#: Fields a place record may have.
FIELDS = ("id", "name", "lat", "lon", "kind", "country", "aliases", "uncertainty_km", "source", "notes",
          "preferred_for", "population")
_REQUIRED = ("name", "lat", "lon")
_SLUG = re.compile(r"[^a-z0-9]+")

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_BaseLoader):
    """A safe YAML loader that records each mapping's line (``__line__``) and its keys' lines (``__lines__``).

    A key given twice in one mapping (YAML silently keeps the last) is recorded in
    ``__dups__`` as ``(key, line, first line)``, so that it is reported as in case files.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        lines: dict[Any, int] = {}
        dups: list[tuple[Any, int, int]] = []
        for k, _ in node.value:
            if isinstance(k, yaml.ScalarNode):
                if k.value in lines:
                    dups.append((k.value, k.start_mark.line + 1, lines[k.value]))
                else:
                    lines[k.value] = k.start_mark.line + 1
        mapping["__lines__"] = lines
        if dups:
            mapping["__dups__"] = dups
        return mapping


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "place"


def _number(value: Any, field: str, lo: float, hi: float, where: tuple[str, int | None], problems: list[Problem],
            fix: str) -> float | None:
    if isinstance(value, bool) or value is None or value == "":
        problems.append(Problem(*where, f"field {field!r}: missing; {fix}"))
        return None
    try:
        x = float(str(value).replace("−", "-")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        problems.append(Problem(*where, f"field {field!r}: {value!r} is not a number; {fix}"))
        return None
    if math.isnan(x) or not lo <= x <= hi:
        problems.append(Problem(*where, f"field {field!r}: {value!r} is out of range {lo:g}..{hi:g}; {fix}"))
        return None
    return x


def place_from_record(rec: Mapping[str, Any], *, file: str, line: int | None, id_prefix: str = "user",
                      field_lines: Mapping[str, int] | None = None, default_source: str | None = None,
                      problems: list[Problem] | None = None) -> tuple[Place, tuple[str, ...]] | None:
    """Check one record and build its Place; return ``(place, preferred_for)`` or None if it has problems.

    Problems are appended to ``problems`` (or raised as GazetteerFileError when it is None).

    >>> p, pref = place_from_record({"name": "Najin", "lat": 42.24, "lon": 130.3, "kind": "port"}, file="my.yaml", line=3)
    >>> p.id, p.lonlat, p.source
    ('user:najin', (130.3, 42.24), 'my.yaml:3')
    >>> place_from_record({"name": "X", "lat": 95, "lon": 1}, file="my.csv", line=2)
    Traceback (most recent call last):
    ...
    geodata.base.errors.GazetteerFileError: my.csv:2: field 'lat': 95 is out of range -90..90; latitude in decimal degrees, north positive (e.g. 42.25)
    """
    own = problems is None
    found: list[Problem] = [] if own else problems  # type: ignore[assignment]
    before = len(found)
    lines = field_lines or {}

    def at(field: str) -> tuple[str, int | None]:
        return (file, lines.get(field, line))

    for key, at_line, first_line in rec.get("__dups__", ()):
        found.append(Problem(file, at_line, f"duplicate key {key!r} (first at line {first_line}); "
                             "YAML would silently keep the last value: keep one"))
    unknown = [k for k in rec if k not in FIELDS and not str(k).startswith("__")]
    for k in unknown:
        found.append(Problem(*at(str(k)), f"unknown field {k!r}; allowed fields: {', '.join(FIELDS)}"))
    name = rec.get("name")
    if not isinstance(name, str) or not name.strip():
        found.append(Problem(*at("name"), f"field 'name': {name!r} is not a place name; give a non-empty name"))
    lat = _number(rec.get("lat"), "lat", -90, 90, at("lat"), found, "latitude in decimal degrees, north positive (e.g. 42.25)")
    lon = _number(rec.get("lon"), "lon", -180, 180, at("lon"), found, "longitude in decimal degrees, east positive (e.g. 130.28)")
    kind = rec.get("kind") or "point"
    if kind not in KINDS:
        found.append(Problem(*at("kind"), f"field 'kind': {kind!r} is not a known kind; use one of: {', '.join(KINDS)}"))
    country = rec.get("country") or None
    if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country)):
        found.append(Problem(*at("country"), f"field 'country': {country!r} is not an ISO 3166-1 alpha-2 code; use two letters, e.g. KP, RU, CN"))
    aliases = rec.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split(";") if a.strip()]
    if not isinstance(aliases, (list, tuple)) or not all(isinstance(a, (str, int)) for a in aliases):
        found.append(Problem(*at("aliases"), f"field 'aliases': {aliases!r} is not a list of names; give a list, e.g. [Rajin, 나진] (CSV: Rajin;나진)"))
        aliases = ()
    unc = rec.get("uncertainty_km")
    unc_f = None
    if unc not in (None, ""):
        unc_f = _number(unc, "uncertainty_km", 0, 20_000, at("uncertainty_km"), found, "a radius in km, e.g. 2")
    preferred = rec.get("preferred_for") or ()
    if isinstance(preferred, str):
        preferred = [preferred]
    pop = rec.get("population")
    if len(found) > before:
        if own:
            raise GazetteerFileError(found)
        return None
    assert isinstance(name, str) and lat is not None and lon is not None
    name = name.strip()
    pid = rec.get("id") or _slug(name)
    place = Place(
        id=f"{id_prefix}:{pid}" if id_prefix else str(pid), name=name, lat=lat, lon=lon, kind=str(kind),
        country=country.upper() if country else None, aliases=tuple(str(a) for a in aliases),
        uncertainty_km=unc_f, source=str(rec.get("source") or default_source or (f"{file}:{line}" if line else file)),
        population=int(pop) if isinstance(pop, (int, float)) else None,
        notes=str(rec["notes"]) if rec.get("notes") else None,
    )
    return place, tuple(str(p) for p in preferred)


def _yaml_records(text: str, file: str) -> list[dict[str, Any]]:
    from .yamlsource import load_yaml

    try:
        load_yaml(text, file)  # the case files' guard first: alias bombs, deep nesting, object tags
    except InputError as e:
        raise GazetteerFileError(e.problems) from None
    try:
        data = yaml.load(text, Loader=LineLoader)  # noqa: S506 - LineLoader is a SafeLoader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise GazetteerFileError.at(file, line, f"not valid YAML ({getattr(e, 'problem', None) or e}); check the indentation and quoting") from None
    if isinstance(data, dict) and "places" in data:
        data = data["places"]
    if data is None:
        raise GazetteerFileError.at(file, None, "empty file; give a list of places (name, lat, lon, ...)")
    if not isinstance(data, list):
        raise GazetteerFileError.at(file, 1, "expected a list of places or a mapping with a 'places:' list")
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise GazetteerFileError.at(file, None, f"place {i + 1}: {item!r} is not a mapping; give name, lat, lon, ...")
        out.append(item)
    return out


def _csv_records(text: str, file: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [f for f in _REQUIRED if f not in header]
    if missing:
        raise GazetteerFileError.at(file, 1, f"CSV header {','.join(header)!r} lacks {', '.join(missing)}; the header must be name,lat,lon[,kind,country,aliases,uncertainty_km,source]")
    out = []
    for row in reader:
        if not any((v or "").strip() for k, v in row.items() if k is not None):
            continue
        rec: dict[str, Any] = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        rec = {k: v for k, v in rec.items() if v != "" or k in _REQUIRED}
        if None in row:
            rec["__extra__"] = row[None]
        rec["__line__"] = reader.line_num
        out.append(rec)
    return out


def load_places_file(path: str | os.PathLike[str]) -> tuple[Place, ...]:
    """Read a user gazetteer (``.yaml``/``.yml`` or ``.csv``); every problem is reported with file:line.

    Each place's ``source`` defaults to ``<file name>:<line>``; ids are ``user:<slug>``.
    """
    p = Path(path)
    file = str(path)
    suffix = p.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise GazetteerFileError.at(file, None, f"unsupported file type {p.suffix or '(none)'!r}; use .yaml, .yml or .csv")
    from .inputs import read_text

    if not p.exists():
        raise GazetteerFileError.at(file, None, "file not found; check the path given to --gazetteer")
    try:
        text = read_text(p, "--gazetteer file")  # size limit, regular file, UTF-8
    except InputError as e:
        raise GazetteerFileError(e.problems) from None
    records = _csv_records(text, file) if suffix == ".csv" else _yaml_records(text, file)
    problems: list[Problem] = []
    places = []
    for rec in records:
        line = rec.get("__line__")
        if "__extra__" in rec:
            problems.append(Problem(file, line, f"{len(rec['__extra__'])} value(s) more than the header has columns; quote values that contain commas"))
            continue
        built = place_from_record(rec, file=file, line=line, field_lines=rec.get("__lines__"),
                                  default_source=f"{p.name}:{line}", problems=problems)
        if built:
            places.append(built[0])
    if problems:
        raise GazetteerFileError(problems)
    return tuple(places)
