"""Every input format gives the same reports; bad input names the file, line and column."""
from __future__ import annotations

import pandas as pd
import pytest

import tracksdata as td
from geodata.base.errors import InputError
from routes.tracks.engine import read_all
from routes.tracks.nmea import split_line
from routes.tracks.readers import ReadStats, iter_reports, parse_columns

WRITERS = {
    "legacy.csv": (td.write_noaa_legacy, None, "noaa-legacy"),
    "2024.csv": (td.write_noaa_2024, None, "noaa-2024"),
    "generic.csv": (td.write_generic, "id=ship,time=ts,lat=y,lon=x,sog=kn", "csv"),
    "ais.parquet": (td.write_parquet, None, "noaa-2024-parquet"),
    "tracks.gpx": (td.write_gpx, None, "gpx"),
    "ais.nmea": (td.write_nmea, None, "nmea"),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory):
    d = tmp_path_factory.mktemp("formats")
    rows = td.reports()
    out = {}
    for name, (write, cols, _) in WRITERS.items():
        write(d / name, rows)
        out[name] = (d / name, cols)
    return out


def _canon(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["mmsi", "t"]).reset_index(drop=True)[["mmsi", "t", "lon", "lat"]].round(4)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_format_reads_the_same_reports(files, name: str) -> None:
    path, cols = files[name]
    df, stats = read_all(path, columns=parse_columns(cols), strict=True, max_invalid=0.0, chunk_rows=500)
    ref, _ = read_all(files["legacy.csv"][0], columns=None, strict=True, max_invalid=0.0, chunk_rows=100_000)
    assert stats.fmt == WRITERS[name][2]
    assert stats.rows == len(td.reports()) and stats.invalid == stats.missing == 0
    nmea_lossy = name == "ais.nmea"   # AIS positions are 1/10000 minute: ~0.2 m
    pd.testing.assert_frame_equal(_canon(df), _canon(ref), atol=2e-5 if nmea_lossy else 0, check_exact=False)
    if name not in ("tracks.gpx", "generic.csv"):   # neither carries names
        assert stats.statics[td.A]["name"] == "ANGARA TEST"


def test_chunks_are_bounded(files) -> None:
    sizes = [len(c) for c in iter_reports(files["legacy.csv"][0], chunk_rows=300)]
    assert max(sizes) <= 300 and sum(sizes) == len(td.reports())


def _csv(tmp_path, text: str, name: str = "ais.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


HEAD = ",".join(td.NOAA_LEGACY) + "\n"
ROW = "273000001,2023-09-12T06:00:00,{lat},{lon},10.0,90.0,511.0,X,,,70,0,100,20,5.0,70,A\n"


def _rows(n: int, bad_line: int | None = None, bad: str = "") -> str:
    out = []
    for i in range(n):
        line = ROW.format(lat=f"{42.0 + i * 0.001:.3f}", lon=131.0).replace("06:00", f"{6 + i // 60:02d}:{i % 60:02d}")
        if bad_line is not None and i + 2 == bad_line:
            line = bad
        out.append(line)
    return HEAD + "".join(out)


def _error(path, **kw) -> str:
    with pytest.raises(InputError) as ei:
        read_all(path, columns=kw.get("columns"), strict=kw.get("strict", False),
                 max_invalid=kw.get("max_invalid", 0.01), chunk_rows=kw.get("chunk_rows", 1000))
    return str(ei.value)


def test_missing_column_names_line_1(tmp_path) -> None:
    p = _csv(tmp_path, "MMSI,BaseDateTime,LAT\n1,2023-09-12T06:00:00,42\n")
    msg = _error(p)
    assert msg.startswith(f"{p}:1: not an AIS position file: no lon column")


def test_columns_option_names_an_absent_column(tmp_path) -> None:
    p = _csv(tmp_path, "ship,ts,y,x\n1,2023-09-12T06:00:00,42,131\n")
    assert _error(p, columns=parse_columns("id=ship,time=ts,lat=lat,lon=x")).startswith(
        f"{p}:1: column 'lat' given in --columns is not in the header")


def test_unparseable_time_names_line_and_column(tmp_path) -> None:
    bad = ROW.format(lat=42, lon=131).replace("2023-09-12T06:00:00", "12/09/23 6am")
    p = _csv(tmp_path, _rows(5, bad_line=4, bad=bad))
    msg = _error(p)
    assert f"{p}:4: column 'BaseDateTime': time '12/09/23 6am' is not a date and time" in msg


def test_latitude_out_of_range_names_line_and_column(tmp_path) -> None:
    p = _csv(tmp_path, _rows(5, bad_line=3, bad=ROW.format(lat=95.5, lon=131)))
    assert f"{p}:3: column 'LAT': latitude 95.5 is out of range -90..90" in _error(p)


def test_non_ais_file(tmp_path) -> None:
    p = _csv(tmp_path, "name,population\nNajin,200000\n", "cities.csv")
    assert _error(p).startswith(f"{p}:1: not an AIS position file")


def test_bad_rows_in_a_large_file_are_counted_not_fatal(tmp_path) -> None:
    p = _csv(tmp_path, _rows(400, bad_line=100, bad=ROW.format(lat=95.5, lon=131)))
    df, stats = read_all(p, columns=None, strict=False, max_invalid=0.01, chunk_rows=64)
    assert stats.invalid == 1 and len(df) == 399
    assert str(stats.problems[0]).startswith(f"{p}:100: column 'LAT'")   # line numbers survive chunking
    assert f"{p}:100: column 'LAT'" in _error(p, strict=True, chunk_rows=64)


def test_not_available_positions_are_missing_not_malformed(tmp_path) -> None:
    p = _csv(tmp_path, _rows(10, bad_line=5, bad=ROW.format(lat=91, lon=181)))
    df, stats = read_all(p, columns=None, strict=True, max_invalid=0.0, chunk_rows=1000)
    assert stats.missing == 1 and stats.invalid == 0 and len(df) == 9


def test_empty_and_unreadable_files(tmp_path) -> None:
    p = _csv(tmp_path, "")
    assert "the file is empty" in _error(p)


def test_gpx_point_without_time(tmp_path) -> None:
    p = tmp_path / "t.gpx"
    p.write_text('<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">\n'
                 '<trk><name>X</name><trkseg>\n<trkpt lat="1" lon="2"></trkpt>\n</trkseg></trk></gpx>\n',
                 encoding="utf-8")
    assert f"{p}:4: column 'time': the track point has no <time>" in _error(p)


def test_nmea_times_from_tag_block_prefix_and_suffix() -> None:
    s = "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23"
    assert split_line(f"\\c:1694498400*5A\\{s}") == (1694498400, s)
    assert split_line(f"2023-09-12T06:00:00Z,{s}") == (1694498400, s)
    assert split_line(f"{s},1694498400") == (1694498400, s)
    assert split_line(s) == (None, s)


def test_nmea_without_times_is_rejected(tmp_path) -> None:
    p = tmp_path / "raw.nmea"
    p.write_text("!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\n", encoding="utf-8")
    assert f"{p}:1: column 'time': the sentence has no receive time" in _error(p)


def test_read_stats_counts() -> None:
    s = ReadStats("x.csv", rows=10, missing=2, invalid=1)
    assert s.to_dict()["missing_position"] == 2


def test_gpx_and_nmea_bad_values_name_their_lines(tmp_path) -> None:
    p = tmp_path / "t.gpx"
    p.write_text('<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">\n'
                 '<trk><name>X</name><trkseg>\n<trkpt lat="95" lon="2"><time>2023-09-12T06:00:00Z</time></trkpt>\n'
                 '</trkseg></trk></gpx>\n', encoding="utf-8")
    assert f"{p}:4: column 'lat': latitude 95 is out of range -90..90" in _error(p)
    from pyais import encode_dict

    n = tmp_path / "raw.nmea"
    report = encode_dict({"type": 1, "mmsi": 273000001, "lat": 42.0, "lon": 131.0}, talker_id="AI")[0]
    lines = [f"\\c:{1694498400 + i}*00\\{report}" for i in range(4)]
    lines.insert(2, "2023-09-12T06:00:00Z,not a sentence")
    n.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"{n}:3: not an NMEA AIS sentence" in _error(n)


def test_header_only_file(tmp_path) -> None:
    p = _csv(tmp_path, HEAD)
    assert f"{p}: no position report with a position in 0 row(s)" in _error(p)
