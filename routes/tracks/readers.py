"""Position-report readers: every input format streamed as chunks of one canonical table.

Formats (chosen by content, not only by suffix):

* NOAA MarineCadastre CSV, legacy header
  ``MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,Length,Width,Draft,Cargo,TransceiverClass``
* NOAA MarineCadastre CSV, 2024 header
  ``mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,vessel_type,status,length,width,draft,cargo,transceiver``
* any CSV with ``--columns id=…,time=…,lat=…,lon=…[,sog=…,name=…]`` (or common names found by themselves)
* (Geo)Parquet with the same column names (read in record batches with pyarrow)
* GPX tracks (one vessel per ``<trk>``)
* raw NMEA AIS sentences (``!AIVDM``/``!AIVDO``), decoded with pyais — see :mod:`.nmea`

Every chunk is a pandas DataFrame with the columns of :data:`CANONICAL`:
``mmsi`` (int64; a non-numeric vessel id is hashed to a stable int64 and its
text kept as the vessel's label), ``t`` (int64 seconds since 1970, UTC; times
without a zone are taken as UTC, the AIS convention), ``lon``/``lat`` (float64
degrees), ``sog`` (float64 knots, NaN where not reported). Rows without a
position (blank, or AIS "not available" 91/181) are counted as *missing*;
malformed rows (an unparseable time, a non-numeric or out-of-range value) are
counted as *invalid* with the first few kept as problems naming file, line and
column. Only the current chunk is ever held as text.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterator

from geodata.base.errors import InputError, Problem

CANONICAL = ("mmsi", "t", "lon", "lat", "sog")
CHUNK_ROWS = 500_000
MAX_PROBLEMS = 5

#: NOAA MarineCadastre headers, transcribed from the published files and data dictionary.
NOAA_LEGACY = ("MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO", "CallSign",
               "VesselType", "Status", "Length", "Width", "Draft", "Cargo", "TransceiverClass")
NOAA_2024 = ("mmsi", "base_date_time", "longitude", "latitude", "sog", "cog", "heading", "vessel_name", "imo",
             "call_sign", "vessel_type", "status", "length", "width", "draft", "cargo", "transceiver")
MAPPINGS = {
    "noaa-legacy": {"id": "MMSI", "time": "BaseDateTime", "lat": "LAT", "lon": "LON", "sog": "SOG",
                    "name": "VesselName", "imo": "IMO"},
    "noaa-2024": {"id": "mmsi", "time": "base_date_time", "lat": "latitude", "lon": "longitude", "sog": "sog",
                  "name": "vessel_name", "imo": "imo"},
}
#: names tried, case-insensitively, when a CSV or Parquet file is neither NOAA layout and no --columns is given
ALIASES = {
    "id": ("mmsi", "id", "vessel_id", "ship_id", "imo"),
    "time": ("timestamp", "time", "datetime", "base_date_time", "basedatetime", "# timestamp", "date_time"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "sog": ("sog", "speed", "speed_kn", "speed_over_ground"),
    "name": ("name", "vessel_name", "vesselname", "shipname", "ship_name"),
    "imo": ("imo",),
}
REQUIRED = ("id", "time", "lat", "lon")
KEYS = ("id", "time", "lat", "lon", "sog", "name", "imo")


@dataclass
class ReadStats:
    """What reading found: rows read, rows without a position, malformed rows and the first problems."""

    file: str
    fmt: str = ""
    rows: int = 0
    missing: int = 0
    invalid: int = 0
    problems: list[Problem] = field(default_factory=list)
    statics: dict[int, dict[str, Any]] = field(default_factory=dict)

    def add_problem(self, line: int | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.file, line, message))

    def merge_statics(self, statics: dict[int, dict[str, Any]]) -> None:
        """Keep the first name/IMO/label seen for each vessel."""
        for k, v in statics.items():
            cur = self.statics.setdefault(k, {})
            for key, val in v.items():
                cur.setdefault(key, val)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "format": self.fmt, "rows": self.rows, "missing_position": self.missing,
                "invalid": self.invalid, "problems": [str(p) for p in self.problems]}


def parse_columns(spec: str | None) -> dict[str, str] | None:
    """``id=MMSI,time=ts,lat=Y,lon=X`` → mapping; InputError naming the fix on a bad spec.

    >>> parse_columns("id=ship,time=ts,lat=y,lon=x")
    {'id': 'ship', 'time': 'ts', 'lat': 'y', 'lon': 'x'}
    """
    if not spec:
        return None
    out: dict[str, str] = {}
    for part in spec.split(","):
        key, sep, col = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in KEYS or not col.strip():
            raise InputError(f"--columns {spec!r}: each item is KEY=COLUMN with KEY one of {', '.join(KEYS)}, "
                             f"e.g. --columns id=MMSI,time=ts,lat=Y,lon=X")
        out[key] = col.strip()
    missing = [k for k in REQUIRED if k not in out]
    if missing:
        raise InputError(f"--columns {spec!r} lacks {', '.join(missing)}; give at least id, time, lat and lon")
    return out


def resolve_mapping(header: list[str], file: str, columns: dict[str, str] | None) -> tuple[str, dict[str, str]]:
    """(format name, canonical key → column name) for a table header; InputError at line 1 when a column is missing."""
    if columns:
        absent = [c for c in columns.values() if c not in header]
        if absent:
            raise InputError.at(file, 1, f"column {absent[0]!r} given in --columns is not in the header "
                                         f"({', '.join(header[:20])})")
        return "csv", dict(columns)
    for fmt, layout in (("noaa-legacy", NOAA_LEGACY), ("noaa-2024", NOAA_2024)):
        if header[:4] == list(layout[:4]):
            mapping = {k: v for k, v in MAPPINGS[fmt].items() if v in header}
            return fmt, mapping
    lower = {h.strip().lower(): h for h in header}
    mapping = {}
    for key, names in ALIASES.items():
        for n in names:
            if n in lower and lower[n] not in mapping.values():
                mapping[key] = lower[n]
                break
    missing = [k for k in REQUIRED if k not in mapping]
    if missing:
        raise InputError.at(file, 1, f"not an AIS position file: no {'/'.join(missing)} column in the header "
                                     f"({', '.join(header[:12])}); name them with --columns id=…,time=…,lat=…,lon=…")
    return "csv", mapping


def _hash_ids(values: Any) -> Any:
    """Stable positive int64 ids for text ids (pandas' fixed-key SipHash)."""
    import pandas as pd

    return (pd.util.hash_pandas_object(pd.Series(values, dtype="object"), index=False).to_numpy() >> 1).astype("int64")


def flush_rows(rows: dict[str, list[Any]], mapping: dict[str, str], stats: ReadStats) -> Any:
    """Normalise a chunk of rows collected column by column (with their source ``line`` numbers) by a streaming
    reader (GPX, NMEA), fold its vessel statics into ``stats``, and empty the columns for the next chunk."""
    import pandas as pd

    out, statics = normalize(pd.DataFrame(rows), mapping, stats, None, lines=list(rows["line"]))
    stats.merge_statics(statics)
    for v in rows.values():
        v.clear()
    return out


def normalize(raw: Any, mapping: dict[str, str], stats: ReadStats | None = None, first_line: int | None = 2,
              lines: Any = None) -> tuple[Any, dict[int, dict[str, Any]]]:
    """Canonical chunk and vessel statics from a raw chunk (columns named by ``mapping``).

    ``first_line`` is the file line of the chunk's first row (None where unknown); ``lines``, when given,
    is the file line of every row (GPX, NMEA).
    Malformed rows are dropped and counted in ``stats``; so are rows without a position.
    """
    import numpy as np
    import pandas as pd

    n = len(raw)
    bad = np.zeros(n, dtype=bool)

    def note(mask: Any, key: str, what: str) -> None:
        new = mask & ~bad
        if stats is not None and new.any():
            i = int(np.flatnonzero(new)[0])
            line = int(lines[i]) if lines is not None else (None if first_line is None else first_line + i)
            stats.add_problem(line, f"column {mapping[key]!r}: " + what.format(v=str(raw[mapping[key]].iloc[i])))
        bad[:] |= mask

    # vessel id: numbers as they are, anything else hashed (and kept as the label)
    ids_raw = raw[mapping["id"]]
    ids = pd.to_numeric(ids_raw, errors="coerce")
    blank_id = ids_raw.isna().to_numpy()
    text_id = ids.isna().to_numpy() & ~blank_id
    mmsi = np.zeros(n, dtype="int64")
    numeric = ~ids.isna().to_numpy()
    mmsi[numeric] = ids.to_numpy()[numeric].astype("int64")
    if text_id.any():
        mmsi[text_id] = _hash_ids(ids_raw.to_numpy()[text_id].astype(str))
    note(blank_id, "id", "the vessel id is blank")

    # time: ISO 8601 text (zone-less = UTC), a datetime column, or epoch seconds
    tcol = raw[mapping["time"]]
    if pd.api.types.is_numeric_dtype(tcol):
        t = pd.to_numeric(tcol, errors="coerce").to_numpy(dtype="float64")
        tbad = ~np.isfinite(t)
        t = np.where(tbad, 0, t).astype("int64")
    else:
        ts = pd.to_datetime(tcol, utc=True, errors="coerce", format="ISO8601")
        tbad = ts.isna().to_numpy()
        t = ts.dt.tz_convert(None).to_numpy(dtype="datetime64[s]").astype("int64")
    note(tbad, "time", "time {v!r} is not a date and time; use ISO 8601 like 2023-09-12T06:00:00Z")

    lat = pd.to_numeric(raw[mapping["lat"]], errors="coerce").to_numpy(dtype="float64")
    lon = pd.to_numeric(raw[mapping["lon"]], errors="coerce").to_numpy(dtype="float64")
    blank = raw[mapping["lat"]].isna().to_numpy() | raw[mapping["lon"]].isna().to_numpy()
    sentinel = (lat == 91.0) | (lon == 181.0)
    missing = (blank | sentinel) & ~bad
    note(np.isnan(lat) & ~blank, "lat", "latitude {v!r} is not a number")
    note(np.isnan(lon) & ~blank, "lon", "longitude {v!r} is not a number")
    note((np.abs(lat) > 90) & ~sentinel, "lat", "latitude {v} is out of range -90..90")
    note((np.abs(lon) > 180) & ~sentinel, "lon", "longitude {v} is out of range -180..180")
    missing &= ~bad
    if "sog" in mapping:
        sog = pd.to_numeric(raw[mapping["sog"]], errors="coerce").to_numpy(dtype="float64")
        sog = np.where((sog < 0) | (sog >= 102.2), np.nan, sog)   # 102.3 = AIS "not available"
    else:
        sog = np.full(n, np.nan)
    if stats is not None:
        stats.rows += n
        stats.invalid += int(bad.sum())
        stats.missing += int(missing.sum())
    keep = ~(bad | missing)
    out = pd.DataFrame({"mmsi": mmsi[keep], "t": t[keep], "lon": lon[keep], "lat": lat[keep], "sog": sog[keep]})
    return out, _statics(raw, mapping, mmsi, keep & text_id, keep)


def _statics(raw: Any, mapping: dict[str, str], mmsi: Any, text_id: Any, keep: Any) -> dict[int, dict[str, Any]]:
    """First name / IMO / text label per vessel in a chunk."""
    import pandas as pd

    cols: dict[str, Any] = {"mmsi": mmsi}
    for key in ("name", "imo"):
        if key in mapping:
            cols[key] = raw[mapping[key]].to_numpy()
    if text_id.any():
        cols["label"] = raw[mapping["id"]].where(pd.Series(text_id, index=raw.index)).to_numpy()
    if len(cols) == 1:
        return {}
    df = pd.DataFrame(cols)[keep]
    out: dict[int, dict[str, Any]] = {}
    for key in cols:
        if key == "mmsi":
            continue
        sub = df[["mmsi", key]].dropna().drop_duplicates("mmsi")
        for m, v in zip(sub["mmsi"].to_numpy(), sub[key].to_numpy(), strict=True):
            v = str(v).strip()
            if v and v.lower() != "nan":
                out.setdefault(int(m), {})[key] = v
    return out


def sniff(path: str) -> str:
    """'parquet', 'gpx', 'nmea' or 'csv' from the file's first bytes; InputError if unreadable or empty."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError as e:
        raise InputError.at(path, None, f"cannot read the file ({e.strerror})") from None
    if not head:
        raise InputError.at(path, None, "the file is empty; give an AIS CSV, Parquet, GPX or NMEA file")
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \r\n\t")
    if text.startswith("<") and "<gpx" in text[:2000]:
        return "gpx"
    first = text.splitlines()[0] if text else ""
    if "!AIVD" in first or "!BSVD" in first or "!ABVD" in first or "!AIVDO" in first:
        return "nmea"
    return "csv"


def _csv_chunks(path: str, columns: dict[str, str] | None, stats: ReadStats, chunk_rows: int) -> Iterator[Any]:
    import pandas as pd

    try:
        header = list(pd.read_csv(path, nrows=0).columns)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise InputError.at(path, 1, f"not a readable CSV file ({e}); give an AIS CSV, Parquet, GPX or NMEA file"
                            ) from None
    fmt, mapping = resolve_mapping(header, path, columns)
    stats.fmt = fmt
    usecols = list(dict.fromkeys(mapping.values()))
    dtypes = {mapping["time"]: "object", mapping["id"]: "object"}
    for key in ("name", "imo"):
        if key in mapping:
            dtypes[mapping[key]] = "object"
    line = 2
    try:
        reader = pd.read_csv(path, usecols=usecols, dtype=dtypes, chunksize=chunk_rows, skip_blank_lines=False)
        for raw in reader:
            chunk, statics = normalize(raw, mapping, stats, line)
            stats.merge_statics(statics)
            line += len(raw)
            yield chunk
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        raise InputError.at(path, line, f"cannot parse the CSV near here ({str(e).strip()})") from None


def _parquet_chunks(path: str, columns: dict[str, str] | None, stats: ReadStats, chunk_rows: int) -> Iterator[Any]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises its own ArrowInvalid/OSError family
        raise InputError.at(path, None, f"not a readable Parquet file ({e})") from None
    fmt, mapping = resolve_mapping(list(pf.schema_arrow.names), path, columns)
    stats.fmt = "parquet" if fmt == "csv" else f"{fmt}-parquet"
    row = 1
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=list(dict.fromkeys(mapping.values()))):
        raw = batch.to_pandas()
        chunk, statics = normalize(raw, mapping, stats, row)
        stats.merge_statics(statics)
        row += len(raw)
        yield chunk


def iter_reports(path: str | os.PathLike[str], *, columns: dict[str, str] | None = None, stats: ReadStats | None = None,
                 chunk_rows: int = CHUNK_ROWS) -> Iterator[Any]:
    """Stream canonical chunks (see module doc) from any supported file; ``stats`` collects the counts."""
    path = os.fspath(path)
    stats = stats if stats is not None else ReadStats(path)
    kind = sniff(path)
    if kind == "parquet":
        yield from _parquet_chunks(path, columns, stats, chunk_rows)
    elif kind == "gpx":
        from .gpx import gpx_chunks
        stats.fmt = "gpx"
        yield from gpx_chunks(path, stats, chunk_rows)
    elif kind == "nmea":
        from .nmea import nmea_chunks
        stats.fmt = "nmea"
        yield from nmea_chunks(path, stats, chunk_rows)
    else:
        yield from _csv_chunks(path, columns, stats, chunk_rows)


def check_stats(stats: ReadStats, *, strict: bool, max_invalid: float) -> None:
    """Raise InputError (exit 2) when nothing was usable, --strict met a bad row, or too many rows were bad."""
    usable = stats.rows - stats.missing - stats.invalid
    if stats.invalid and (strict or usable <= 0 or stats.invalid > max_invalid * max(stats.rows, 1)):
        why = ("--strict" if strict else "no usable report" if usable <= 0
               else f"{stats.invalid} of {stats.rows} rows are malformed (more than {max_invalid:.0%}; "
                    f"raise --max-invalid to skip them)")
        raise InputError([*stats.problems, Problem(stats.file, None, f"{stats.invalid} malformed row(s): {why}")])
    if usable <= 0:
        raise InputError.at(stats.file, None, f"no position report with a position in {stats.rows} row(s)")
