"""maps.kml: KML 2.2 that fastkml and GDAL parse, with folders, styles, tessellation and TimeSpans."""
from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pyogrio
import pytest

from clients import validate_kml
from exportdata import analysis
from maps.export import export
from maps.kml import kml_string, time_span
from maps.features import build_features

NS = {"k": "http://www.opengis.net/kml/2.2"}


def _fastkml(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")           # fastkml warns that lxml is missing
        from fastkml import kml
        return kml.KML.parse(str(path))


def test_fastkml_parses_folders_placemarks_and_timespans(tmp_path: Path) -> None:
    a = analysis()
    out = tmp_path / "case.kml"
    export(a, out)
    validate_kml(out)                # the OGC KML 2.2 schema
    doc = _fastkml(out).features[0]
    assert doc.name == a.case.title
    folders = doc.features
    assert [f.name for f in folders] == ["Places", "Munitions containers to Russia on MV Angara",
                                         "An antimeridian voyage", "Kim's armoured train", "Checked claims"]
    assert len(folders[0].features) == 8
    angara = folders[1].features
    assert [pm.name for pm in angara] == ["1. Najin → Dunay", "2. Dunay → Tikhoretsk ammunition depot"]
    spans = [(str(pm.times.begin), str(pm.times.end)) for pm in angara]
    assert spans == [("2023-09-07", "2023-09-12"), ("2023-09-12", "2023-10-01")]
    voyage = folders[2].features
    assert voyage[0].times.begin is not None and voyage[1].geometry.geom_type == "MultiLineString"
    assert angara[0].geometry.geom_type == "LineString"
    # the last leg of the train has no dates: no TimeSpan
    assert folders[3].features[1].times is None
    assert {s.id for s in doc.styles} >= {"place", "leg-sea-reported", "leg-rail-confirmed", "leg-sea-disputed"}


def test_lines_are_tessellated_and_styled() -> None:
    root = ET.fromstring(kml_string(build_features(analysis())))
    lines = root.findall(".//k:LineString", NS)
    assert len(lines) == 7          # 5 legs with a line (not Vladivostok → Vladivostok), one cut in two at ±180°,
                                    # + 1 claim line (2 checks have none)
    claims = root.findall(".//k:Folder[@id='claims']/k:Placemark", NS)
    assert [pm.get("id") for pm in claims] == ["claim-vlad-pyongyang-km", "claim-plausibility_angara-2023_1",
                                               "claim-trucks-rate"]
    assert all(ls.findtext("k:tessellate", namespaces=NS) == "1" for ls in lines)
    pm = root.find(".//k:Placemark[@id='leg-pacific-2023_2']", NS)
    assert pm.findtext("k:styleUrl", namespaces=NS) == "#leg-sea-disputed"
    assert pm.find("k:MultiGeometry", NS) is not None
    color = root.find(".//k:Style[@id='leg-sea-disputed']/k:LineStyle/k:color", NS).text
    assert color == "73b27200"      # maps.style: sea #0072B2 at the disputed opacity 0.45, as aabbggrr
    road = root.find(".//k:Style[@id='leg-road-confirmed']/k:LineStyle/k:color", NS).text
    assert road == "f2739e00"       # the map's green (#009E73), not a colour of the KML writer's own
    data = {d.get("name"): d.findtext("k:value", namespaces=NS) for d in pm.findall(".//k:Data", NS)}
    assert data["id"] == "pacific-2023/2" and data["arrive_first_day"] == "2023-10-01"


def test_descriptions_escape_case_text_and_link_only_web_urls() -> None:
    text = kml_string(build_features(analysis()))
    root = ET.fromstring(text)
    pm = root.find(".//k:Placemark[@id='leg-kim-train-2023_1']", NS)
    desc = pm.findtext("k:description", namespaces=NS)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends (evil)" in desc
    assert "javascript:" not in desc and "<script>" not in desc
    angara = root.find(".//k:Placemark[@id='leg-angara-2023_1']", NS).findtext("k:description", namespaces=NS)
    assert '<a href="https://en.yna.co.kr/view/AEN20231014000351315">N. Korea sent more than 1,000 containers / White House</a>' in angara
    khasan = root.find(".//k:Placemark[@id='place-geonames_2039869']", NS).findtext("k:description", namespaces=NS)
    assert "said &quot;near &lt;b&gt;the&lt;/b&gt; bridge&quot;" in khasan
    assert "<name>Export test case: Najin, Dunay &amp; &lt;the&gt; Pacific</name>" in text


def test_gdal_reads_the_kml(tmp_path: Path) -> None:
    out = tmp_path / "case.kml"
    export(analysis(), out)
    validate_kml(out)
    layers = [name for name, _ in pyogrio.list_layers(out)]
    assert layers == ["Places", "Munitions containers to Russia on MV Angara", "An antimeridian voyage",
                      "Kim's armoured train", "Checked claims"]
    meta, _, _, cols = pyogrio.raw.read(out, layer="Munitions containers to Russia on MV Angara")
    row = dict(zip(meta["fields"], [c[0] for c in cols], strict=True))
    assert row["shipment_id"] == "angara-2023" and row["carrier"] == "MV Angara"
    assert pyogrio.read_info(out, layer=1)["driver"] in ("LIBKML", "KML")


def test_time_span_falls_back_to_the_other_date() -> None:
    assert time_span({"depart_earliest": "2023-09-12", "depart_latest": None}) == ("2023-09-12", None)
    assert time_span({}) == (None, None)


def test_control_characters_are_dropped() -> None:
    from dataclasses import replace
    a = analysis()
    case = replace(a.case, title="bad\x00title\x1b")
    text = kml_string(build_features(replace(a, case=case)))
    assert "<name>badtitle</name>" in text
    ET.fromstring(text)


@pytest.mark.parametrize("include_claims", [True, False])
def test_streamed_file_is_the_document_as_one_string(tmp_path, include_claims):
    """write_kml streams a placemark at a time (empty folders whole); the bytes are those of kml_string."""
    from maps.features import build_features
    from maps.kml import kml_string, write_kml
    from routes.model import Case
    from routes.verdict import Analysis

    for a in (analysis(), Analysis(Case("nothing", ()), ())):
        fs = build_features(a)
        out = tmp_path / "s.kml"
        write_kml(fs, out, precision=5, include_claims=include_claims)
        assert out.read_text(encoding="utf-8") == kml_string(fs, precision=5, include_claims=include_claims)
