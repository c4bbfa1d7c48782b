"""Case files (YAML, version 1): parse, validate and resolve into a :class:`~routes.model.Case`.

Every problem in a file is collected and reported at once, sorted by line, as
``file:line: message`` in one :class:`~geodata.base.errors.InputError`. Warnings
(coordinates outside the declared country, zero-length legs, ambiguous names
resolved with confidence) do not stop loading: get them with
:func:`load_case_with_warnings`.

A CSV of legs (``.csv``) is read by :mod:`routes.legcsv` into the same
structure and validated by the same code.

This module is the entry point; the work is done in three places:
:mod:`routes.caseschema` and :mod:`routes.casevalidate` (the keys, their
types, and the block readers), :mod:`routes.caseresolve` (place names → places)
and :mod:`routes.casereport` (warnings and the summary ``validate`` prints).

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

import os
from pathlib import Path
from typing import Any, Sequence

from geodata.base.errors import InputError, Problem

from .casereport import COUNTRY_TOLERANCE_KM, country_warnings, leg_geodesic_km, line_key, summarize
from .caseresolve import SAME_NAME_SCORE, build_leg, collect_names, leg_contexts, resolve_names
from .caseschema import (
    LEG_KEYS,
    PLACE_KEYS,
    QUANTITY_KEYS,
    SHIPMENT_KEYS,
    SIGHTING_KEYS,
    SOURCE_KEYS,
    TOP_KEYS,
    VERSION,
    Collector,
    reference_markdown,
    slug,
)
from .caselegs import merge_avoid, read_avoid
from .casevalidate import (
    check_claim_legs,
    read_claims,
    read_places,
    read_shipments,
    read_sources,
)
from .model import Case, Shipment
from .sightings import build_sightings
from geodata.yamlsource import MAX_BYTES, YMap, check_size, load_mapping

__all__ = ["COUNTRY_TOLERANCE_KM", "LEG_KEYS", "PLACE_KEYS", "QUANTITY_KEYS", "SAME_NAME_SCORE", "SHIPMENT_KEYS",
           "SIGHTING_KEYS", "SOURCE_KEYS", "TOP_KEYS", "VERSION", "leg_geodesic_km", "load_case",
           "load_case_with_warnings", "merge_avoid", "parse_case", "parse_case_with_warnings", "read_text",
           "reference_markdown", "slug", "summarize"]


# --------------------------------------------------------------------------- public API

def load_case(path: str | os.PathLike[str], *, gazetteer: Any = None,
              gazetteer_files: Sequence[str | os.PathLike[str]] = ()) -> Case:
    """Read, validate and resolve a case file (``.yaml``/``.yml``, or ``.csv`` of legs).

    Raises :class:`~geodata.base.errors.InputError` listing every problem found.
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


# --------------------------------------------------------------------------- building the Case

def _build(doc: YMap, early: Sequence[Problem], *, filename: str, gazetteer: Any,
           gazetteer_files: Sequence[str | os.PathLike[str]]) -> tuple[Case, list[Problem]]:
    """Validate ``doc``, resolve its names and build the Case; raise InputError listing every problem."""
    c = Collector(filename)
    c.problems.extend(early)
    c.keys(doc, TOP_KEYS, "")
    if "version" in doc:
        v = doc["version"]
        if isinstance(v, bool) or v not in (1, "1", 1.0):
            c.error(doc.line_of("version"), f"version {v!r} is not supported; this routemap reads version {VERSION} "
                    "(write version: 1 or leave it out)")
    title = c.text(doc, "title", "", required=True)
    notes = c.text(doc, "notes", "")
    sources = read_sources(doc, c)
    source_ids = {s.id for s in sources}
    placed = read_places(doc, c, filename)
    places = [p for p, _ in placed]
    raw = read_shipments(doc, c, source_ids)
    case_avoid = read_avoid(doc, c, "")
    for _, legs in raw:
        for leg in legs:
            leg.avoid = merge_avoid(leg.avoid, case_avoid)
    claims = read_claims(doc, c, source_ids)
    if "shipments" not in doc or doc["shipments"] is None:
        c.error(doc.line, "missing shipments: (required; a list of shipments, each with id: and legs:)")
    check_claim_legs(claims, [f"{leg.shipment_id}/{leg.index}" for _, legs in raw for leg in legs], c)

    names = collect_names(raw, doc, places)
    resolved = resolve_names(names, places, c, gazetteer, gazetteer_files, leg_contexts(raw)) if names else {}
    if placed:
        country_warnings(placed, c)

    if c.problems:
        raise InputError(sorted(c.problems, key=line_key))
    shipments = []
    for ship, legs in raw:
        built = tuple(build_leg(leg, resolved, c) for leg in legs)
        seen = build_sightings(ship["id"], ship["sightings"], resolved)
        shipments.append(Shipment(legs=built, **{**ship, "sightings": seen}))
    case = Case(title=title or "", shipments=tuple(shipments), sources=tuple(sources), places=tuple(places),
                claims=tuple(claims), notes=notes, path=filename)
    return case, sorted(c.warnings, key=line_key)

