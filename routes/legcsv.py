"""Shipments from a CSV of legs, one row per leg, for people who keep them in a spreadsheet.

Columns (header row required; only ``shipment_id``, ``from`` and ``to`` are
required, the rest may be left out or empty)::

    shipment_id,seq,from,to,mode,depart,arrive,carrier,via,notes,sources,status,confidence,title,cargo,avoid,stay_in,
    carrier_mmsi,carrier_imo

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

from geodata.yamlsource import YList, YMap, check_size

COLUMNS = ("shipment_id", "seq", "from", "to", "mode", "depart", "arrive", "carrier", "via", "notes",
           "sources", "status", "confidence", "title", "cargo", "avoid", "stay_in", "carrier_mmsi", "carrier_imo")
REQUIRED = ("shipment_id", "from", "to")
LEG_COLUMNS = ("from", "to", "mode", "depart", "arrive", "carrier", "via", "notes", "sources", "avoid", "stay_in",
               "carrier_mmsi", "carrier_imo")
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
    rows = _rows(text, filename)
    names = _header(rows, filename, problems)
    doc = YMap(1)
    _put(doc, "title", os.path.splitext(os.path.basename(filename))[0], 1)
    table = _Shipments(filename, names, problems, rows[1][0])
    for order, (line, row) in enumerate(rows[1:]):
        table.add(order, line, row)
    _put(doc, "sources", table.sources(), 1)
    shipments = table.shipments()
    _put(doc, "shipments", shipments, shipments.line)
    return doc, problems


def _fail(filename: str, line: int | None, msg: str) -> InputError:
    return InputError([Problem(filename, line, msg)])


def _rows(text: str, filename: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of the CSV with the line each starts on; InputError when it is empty or malformed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for row in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as e:
        raise _fail(filename, reader.line_num or None, f"not a readable CSV file: {e}") from None
    if not rows:
        raise _fail(filename, None, "file is empty; a CSV of legs needs a header row: " + ",".join(COLUMNS))
    return rows


def _header(rows: list[tuple[int, list[str]]], filename: str, problems: list[Problem]) -> list[str]:
    """The header's column names (lower case); unknown and repeated columns into ``problems``, InputError when a
    required column or every leg is missing."""
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
    return names


class _Shipments:
    """The shipments of a CSV of legs, built row by row, with each cell's line and the problems found."""

    def __init__(self, filename: str, names: list[str], problems: list[Problem], line: int) -> None:
        self.filename, self.names, self.problems = filename, names, problems
        self.list = YList(line)
        self.by_id: dict[str, YMap] = {}
        self.legs_of: dict[str, list[tuple[float, int, YMap]]] = {}
        self.seqs: dict[str, dict[float, int]] = {}
        self.source_ids: dict[str, int] = {}

    def add(self, order: int, line: int, row: list[str]) -> None:
        """Take row number ``order`` (after the header), which starts on ``line``."""
        if len(row) > len(self.names):
            self._problem(line, f"row has {len(row)} cells but the header has {len(self.names)} "
                                "columns; quote cells that contain commas")
            return
        cells = {n: row[i].strip() for i, n in enumerate(self.names) if i < len(row) and n in COLUMNS}
        sid = cells.get("shipment_id", "")
        if not sid:
            self._problem(line, "missing shipment_id (every row needs the id of its shipment)")
            return
        self._shipment_fields(self._shipment(sid, line), sid, cells, line)
        seq = self._seq(sid, cells.get("seq", ""), order, line)
        self.legs_of[sid].append((seq, order, self._leg(cells, line)))

    def _problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, message))

    def _shipment(self, sid: str, line: int) -> YMap:
        """Shipment ``sid``, started on this row when it is new."""
        ship = self.by_id.get(sid)
        if ship is None:
            ship = YMap(line)
            _put(ship, "id", sid, line)
            self.by_id[sid] = ship
            self.legs_of[sid] = []
            self.seqs[sid] = {}
            self.list.append(ship)
            self.list.item_lines.append(line)
        return ship

    def _shipment_fields(self, ship: YMap, sid: str, cells: dict[str, str], line: int) -> None:
        """The shipment's columns: given once, or the same on every row."""
        for col in SHIPMENT_COLUMNS:
            value = cells.get(col, "")
            if not value:
                continue
            if col in ship and ship[col] != value:
                self._problem(line, f"shipment {sid}: {col} {value!r} differs from "
                                    f"{ship[col]!r} on line {ship.key_lines[col]}; give it once or the same on every row")
            elif col not in ship:
                _put(ship, col, value, line)

    def _seq(self, sid: str, seq_text: str, order: int, line: int) -> float:
        """The leg's sort key within its shipment: ``seq``, or file order after the numbered legs."""
        seq: float = float(order) / 1e6 + 1e12  # rows without seq keep file order, after numbered ones
        if seq_text:
            try:
                seq = int(seq_text)
                if seq < 1:
                    raise ValueError
            except ValueError:
                self._problem(line, f"seq {seq_text!r} is not a whole number ≥ 1 "
                                    "(the leg's position within its shipment)")
            else:
                if seq in self.seqs[sid]:
                    self._problem(line, f"shipment {sid}: seq {seq} is used twice "
                                        f"(first at line {self.seqs[sid][seq]})")
                self.seqs[sid][seq] = line
        return seq

    def _leg(self, cells: dict[str, str], line: int) -> YMap:
        """The row's leg; list columns split at ``;``, their source ids remembered."""
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
                        self.source_ids.setdefault(s, line)
            else:
                _put(leg, col, value, line)
        return leg

    def shipments(self) -> YList:
        """The shipments in file order, each with its legs ordered by ``seq``."""
        for sid, ship in self.by_id.items():
            legs = YList(ship.line)
            for _, _, leg in sorted(self.legs_of[sid], key=lambda t: (t[0], t[1])):
                legs.append(leg)
                legs.item_lines.append(leg.line)
            _put(ship, "legs", legs, ship.line)
        return self.list

    def sources(self) -> YList:
        """A source for each id the legs cite, titled by its id."""
        sources = YList(1)
        for s, line in self.source_ids.items():
            src = YMap(line)
            _put(src, "id", s, line)
            _put(src, "title", s, line)
            sources.append(src)
            sources.item_lines.append(line)
        return sources
