"""Batch mode of distance: a CSV of pairs (coordinates or names), bad rows with their lines, and DataFrames."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from geographiclib.geodesic import Geodesic

from geodata.base.errors import InputError
from routes.distbatch import batch, batch_frame

WGS = Geodesic.WGS84


def test_batch_coordinates_and_bad_rows(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text('from,to\n"39.0392,125.7625","43.1155,131.8869"\n"0,179.5","0,-179.5"\n')
    out = tmp_path / "out.csv"
    stats = batch(src, out, units="mi")
    assert (stats.rows, stats.written, stats.skipped) == (2, 2, 0)
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["from"] == "39.0392,125.7625"
    g = WGS.Inverse(39.0392, 125.7625, 43.1155, 131.8869)
    assert float(rows[0]["distance_mi"]) == pytest.approx(g["s12"] / 1609.344, abs=1e-6)
    assert rows[1]["initial_compass"] == "E"

    bad = tmp_path / "bad.csv"
    bad.write_text('from,to\n"39,125","43,131"\n"91,0","1,1"\n"1,1",\n')
    with pytest.raises(InputError) as e:
        batch(bad, tmp_path / "never.csv")
    assert str(e.value) == (
        f"{bad}:3: coordinates '91,0': latitude 91 is out of range -90..90; give coordinates as 'lat,lon' "
        "(e.g. 42.25,130.28) or with hemispheres (e.g. 42°15′N 130°17′E)\n"
        f"{bad}:4: empty 'from' or 'to'; give a place name or \"lat,lon\""
    )
    assert not (tmp_path / "never.csv").exists()
    stats = batch(bad, tmp_path / "some.csv", skip_bad=True)
    assert (stats.rows, stats.written, stats.skipped) == (3, 1, 2)
    assert stats.problems[0].startswith(f"{bad}:3: coordinates '91,0'")


def test_batch_coordinate_columns_and_header_error(tmp_path: Path) -> None:
    src = tmp_path / "cols.csv"
    src.write_text("from_lat,from_lon,to_lat,to_lon\n0,0,0,1\n0,0,x,1\n")
    with pytest.raises(InputError) as e:
        batch(src, tmp_path / "o.csv")
    assert str(e.value) == f"{src}:3: not a number (could not convert string to float: 'x')"
    hdr = tmp_path / "hdr.csv"
    hdr.write_text("a,b\n1,2\n")
    with pytest.raises(InputError) as e:
        batch(hdr, tmp_path / "o.csv")
    assert str(e.value) == (f"{hdr}:1: header 'a,b' has no 'from' and 'to' columns; write a header 'from,to' "
                            "(names or \"lat,lon\") or 'from_lat,from_lon,to_lat,to_lon'")


def test_batch_with_names(tmp_path: Path) -> None:
    from geodata import gazetteer as gaz

    src = tmp_path / "names.csv"
    src.write_text('from,to\nPyongyang,Vladivostok\n"42.25,130.28",Dunay\nNowhereville Xq,Najin\n')
    with pytest.raises(InputError) as e:
        batch(src, tmp_path / "o.csv", gazetteer=gaz.Gazetteer.default())
    assert str(e.value).startswith(f"{src}:4: no place matches 'Nowhereville Xq'")
    stats = batch(src, tmp_path / "o.csv", gazetteer=gaz.Gazetteer.default(), skip_bad=True)
    assert stats.written == 2


def test_batch_frame() -> None:
    import pandas as pd

    df = pd.DataFrame({"from_lon": [125.7625, 0.0], "from_lat": [39.0392, 0.0], "to_lon": [131.8869, 1.0], "to_lat": [43.1155, 0.0]})
    gdf = batch_frame(df)
    assert list(df.columns) == ["from_lon", "from_lat", "to_lon", "to_lat"]   # input untouched
    assert gdf.crs.to_epsg() == 4326
    assert gdf["distance_km"].iloc[1] == pytest.approx(111.319491, abs=1e-6)   # 1° of the equator: a·π/180
    assert gdf["initial_compass"].tolist() == ["NE", "E"]
    assert gdf.geometry.iloc[0].coords[0] == (125.7625, 39.0392)
