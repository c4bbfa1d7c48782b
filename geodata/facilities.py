"""Ports and airports from installed data, as rows for the gazetteer index.

* Ports: the UN/LOCODE ports that ship with ``searoute`` (``data/ports.geojson``:
  name, LOCODE, country, coordinates; 3,961 of its 3,962 ports — Ras Budran has no full LOCODE).
* Airports: ``airportsdata`` (``airports.csv``: ICAO, IATA, name, city,
  subdivision, country, coordinates; ~28,000 airports and landing strips).

Each facility gets keys in its own namespace (``port:najin``, ``airport:sheremetyevo``,
``airport-city:moscow``, ``code:irbaz``, ``code:zkpy``) so that a plain name ("Nome") is never made
ambiguous by a landing strip named after the town: the namespaces are searched
when the query asks for a facility ("Nome airport", "Port of Najin", "IRBAZ")
or when no place carries the name. An airport's full name ("Vladivostok
International Airport") is also a plain key.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from .base.errors import DataUnavailable
from .normalize import name_key

#: Row ids of facilities start here (GeoNames ids stay below 13 million).
PORT_BASE, AIRPORT_BASE = 900_000_000, 950_000_000
PORTS_LICENCE = "UN/LOCODE ports as shipped in the searoute package (searoute: Apache-2.0; UN/LOCODE: UNECE, free use)"
AIRPORTS_LICENCE = "airportsdata (MIT), from OurAirports and others"

#: A facility row: (gid, name, lat, lon, country, kind, ref, admin1) and its keys [(key, alias or None)].
FacilityRow = tuple[int, str, float, float, str, str, str, str | None]

_AIRPORT_WORDS = re.compile(r"\b(international|intl|airport|airfield|aerodrome|air ?base|airstrip|air field|"
                            r"regional|municipal|heliport)\b", re.IGNORECASE)


def _package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing it (searoute's import pulls in networkx)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DataUnavailable(f"the {package} package is not installed; reinstall routemap (pip install -e .)")
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)
    if not path.is_file():
        raise DataUnavailable(f"{path} is missing; reinstall {package} (pip install --force-reinstall {package})")
    return path


@lru_cache(maxsize=1)
def searoute_ports() -> tuple[dict[str, Any], ...]:
    """The GeoJSON features of the UN/LOCODE ports that ship with ``searoute`` (read once per process):
    the one reader for the gazetteer's ports and the AIS port calls (``routes.tracks.ports``)."""
    path = _package_file("searoute", "data", "ports.geojson")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise DataUnavailable(f"cannot read {path} ({e}); reinstall searoute") from None
    return tuple(data.get("features", ()))


def port_rows() -> Iterator[tuple[FacilityRow, list[tuple[str, str | None]]]]:
    """The searoute UN/LOCODE ports: ``port:<name>`` and ``code:<locode>`` keys (kind ``port``)."""
    for i, feat in enumerate(searoute_ports()):
        props, geom = feat.get("properties") or {}, feat.get("geometry") or {}
        code, name = str(props.get("port") or ""), str(props.get("name") or "")
        try:
            lon, lat = float(geom["coordinates"][0]), float(geom["coordinates"][1])
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        if len(code) != 5 or not name:
            continue
        row = (PORT_BASE + i, name, lat, lon, code[:2].upper(), "port", f"UN/LOCODE {code} (searoute ports)", None)
        keys = [(f"port:{name_key(name)}", None), (f"code:{code.lower()}", code)]
        bare = re.sub(r"^(bandar|bandar e|port)\s+", "", name, flags=re.IGNORECASE)
        if bare != name and name_key(bare):
            keys.append((f"port:{name_key(bare)}", name))
        yield row, keys


def airport_rows() -> Iterator[tuple[FacilityRow, list[tuple[str, str | None]]]]:
    """The airportsdata airports: full-name keys, ``airport:<name or city>`` and ``code:<icao/iata>`` keys."""
    path = _package_file("airportsdata", "airports.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        for i, rec in enumerate(csv.DictReader(fh)):
            try:
                lat, lon = float(rec["lat"]), float(rec["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            icao, iata, name, city = rec.get("icao", ""), rec.get("iata", ""), rec.get("name", ""), rec.get("city", "")
            if not name:
                continue
            ref = f"airportsdata ICAO {icao}" + (f" / IATA {iata}" if iata else "")
            row = (AIRPORT_BASE + i, name, lat, lon, (rec.get("country") or "").upper(), "airport", ref,
                   rec.get("subd") or None)
            keys: list[tuple[str, str | None]] = [(name_key(name), None)]
            short = " ".join(_AIRPORT_WORDS.sub(" ", name).split())
            if short and name_key(short):
                keys.append((f"airport:{name_key(short)}", short))
            if city and name_key(city) and name_key(city) != name_key(short):  # "Vladivostok airport", "Moscow airport"
                keys.append((f"airport-city:{name_key(city)}", city))
            for code in {icao, iata}:
                if code:
                    keys.append((f"code:{code.lower()}", code))
            yield row, keys
