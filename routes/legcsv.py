"""Shipments from a CSV of legs, one row per leg, for people who keep them in a spreadsheet.

Columns (header row required; only ``shipment_id``, ``from`` and ``to`` are
required, the rest may be left out or empty)::

    shipment_id,seq,from,to,mode,depart,arrive,carrier,via,notes,sources,status,confidence,title,cargo,avoid,stay_in

``via``, ``sources``, ``avoid`` and ``stay_in`` hold several values separated by ``;``. ``status``,
``confidence``, ``title`` and ``cargo`` describe the shipment: give them on
one row or repeat the same value on every row. Legs are ordered by ``seq``
(file order when it is empty). Source ids need no ``sources:`` block: each id
becomes a source titled by its id.

The rows become the same structure as a YAML case file (with each cell's
line), so :mod:`routes.casefile` validates both with the same code and messages.

>>> doc, problems = csv_document("shipment_id,seq,from,to,mode\\na,1,Najin,Dunay,sea\\n", filename="legs.csv")
>>> doc["shipments"][0]["legs"][0], doc["shipments"][0]["legs"][0].line, problems
({'from': 'Najin', 'to': 'Dunay', 'mode': 'sea'}, 2, [])
"""
from __future__ import annotations

import csv
import difflib
import io
import os
from typing import Any

from geodata.base.errors import InputError, Problem

from .yamlsource import YList, YMap, check_size

COLUMNS = ("shipment_id", "seq", "from", "to", "mode", "depart", "arrive", "carrier", "via", "notes",
           "sources", "status", "confidence", "title", "cargo", "avoid", "stay_in")
REQUIRED = ("shipment_id", "from", "to")
LEG_COLUMNS = ("from", "to", "mode", "depart", "arrive", "carrier", "via", "notes", "sources", "avoid", "stay_in")
SHIPMENT_COLUMNS = ("status", "confidence", "title", "cargo")
LIST_SEP = ";"


def _put(m: YMap, key: str, value: Any, line: int) -> None:
    m[key] = value
    m.key_lines[key] = line


def _split(text: str, line: int) -> YList:
    out = YList(line)
    for part in text.split(LIST_SEP):
        if part.strip():
            out.append(part.strip())
            out.item_lines.append(line)
    return out


def csv_document(text: str, *, filename: str) -> tuple[YMap, list[Problem]]:
    """Read a CSV of legs into a case-file structure; return it with the problems found so far.

    Raises :class:`InputError` when the file cannot be read as a table of legs
    at all (empty, no usable header, malformed CSV).
    """
    check_size(len(text.encode("utf-8", "surrogatepass")), filename)
    problems: list[Problem] = []

    def fail(line: int | None, msg: str) -> InputError:
        return InputError([Problem(filename, line, msg)])

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for row in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as e:
        raise fail(reader.line_num or None, f"not a readable CSV file: {e}") from None
    if not rows:
        raise fail(None, "file is empty; a CSV of legs needs a header row: " + ",".join(COLUMNS))
    header_line, header = rows[0]
    names = [h.strip().lower() for h in header]
    for i, name in enumerate(names):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(Problem(filename, header_line, f"unknown column {header[i].strip()!r}{hint}; "
                                    f"known columns: {', '.join(COLUMNS)}"))
        elif names.index(name) != i:
            problems.append(Problem(filename, header_line, f"column {name!r} appears twice in the header"))
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(problems + [Problem(filename, header_line, f"missing column{'s' if len(missing) > 1 else ''} "
                                             f"{', '.join(missing)}; the header needs at least "
                                             f"{', '.join(REQUIRED)} (all columns: {','.join(COLUMNS)})")])
    if len(rows) == 1:
        raise InputError(problems + [Problem(filename, header_line, "no legs after the header row; add one row per leg")])

    doc = YMap(1)
    _put(doc, "title", os.path.splitext(os.path.basename(filename))[0], 1)
    shipments = YList(rows[1][0])
    by_id: dict[str, YMap] = {}
    legs_of: dict[str, list[tuple[float, int, YMap]]] = {}
    seqs: dict[str, dict[float, int]] = {}
    source_ids: dict[str, int] = {}
    for order, (line, row) in enumerate(rows[1:]):
        if len(row) > len(names):
            problems.append(Problem(filename, line, f"row has {len(row)} cells but the header has {len(names)} "
                                    "columns; quote cells that contain commas"))
            continue
        cells = {n: row[i].strip() for i, n in enumerate(names) if i < len(row) and n in COLUMNS}
        sid = cells.get("shipment_id", "")
        if not sid:
            problems.append(Problem(filename, line, "missing shipment_id (every row needs the id of its shipment)"))
            continue
        ship = by_id.get(sid)
        if ship is None:
            ship = YMap(line)
            _put(ship, "id", sid, line)
            by_id[sid] = ship
            legs_of[sid] = []
            seqs[sid] = {}
            shipments.append(ship)
            shipments.item_lines.append(line)
        for col in SHIPMENT_COLUMNS:
            value = cells.get(col, "")
            if not value:
                continue
            if col in ship and ship[col] != value:
                problems.append(Problem(filename, line, f"shipment {sid}: {col} {value!r} differs from "
                                        f"{ship[col]!r} on line {ship.key_lines[col]}; give it once or the same on every row"))
            elif col not in ship:
                _put(ship, col, value, line)
        seq_text = cells.get("seq", "")
        seq: float = float(order) / 1e6 + 1e12  # rows without seq keep file order, after numbered ones
        if seq_text:
            try:
                seq = int(seq_text)
                if seq < 1:
                    raise ValueError
            except ValueError:
                problems.append(Problem(filename, line, f"seq {seq_text!r} is not a whole number ≥ 1 "
                                        "(the leg's position within its shipment)"))
            else:
                if seq in seqs[sid]:
                    problems.append(Problem(filename, line, f"shipment {sid}: seq {seq} is used twice "
                                            f"(first at line {seqs[sid][seq]})"))
                seqs[sid][seq] = line
        leg = YMap(line)
        for col in LEG_COLUMNS:
            value = cells.get(col, "")
            if not value:
                continue
            if col in ("via", "sources", "avoid", "stay_in"):
                items = _split(value, line)
                _put(leg, col, items, line)
                if col == "sources":
                    for s in items:
                        source_ids.setdefault(s, line)
            else:
                _put(leg, col, value, line)
        legs_of[sid].append((seq, order, leg))
    for sid, ship in by_id.items():
        legs = YList(ship.line)
        for _, _, leg in sorted(legs_of[sid], key=lambda t: (t[0], t[1])):
            legs.append(leg)
            legs.item_lines.append(leg.line)
        _put(ship, "legs", legs, ship.line)
    sources = YList(1)
    for s, line in source_ids.items():
        src = YMap(line)
        _put(src, "id", s, line)
        _put(src, "title", s, line)
        sources.append(src)
        sources.item_lines.append(line)
    _put(doc, "sources", sources, 1)
    _put(doc, "shipments", shipments, shipments.line)
    return doc, problems
