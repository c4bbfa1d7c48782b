"""``routemap geocode``: table, JSON, ambiguity, user files, errors and exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from routes.cli import cli

DATA = Path(__file__).parent / "data"


def run(*args: str):
    return CliRunner().invoke(cli, ["geocode", *args])


def test_json_one_object_per_query() -> None:
    r = run("--json", "Najin", "Dunay", "Tikhoretsk", "Changchun", "Tumen crossing")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [d["query"] for d in data] == ["Najin", "Dunay", "Tikhoretsk", "Changchun", "Tumen crossing"]
    assert [d["name"] for d in data] == ["Najin", "Dunay", "Tikhoretsk", "Changchun", "Khasan-Tumangang rail bridge"]
    for d in data:
        assert {"query", "name", "lat", "lon", "country", "kind", "source", "score", "ambiguous", "candidates"} <= set(d)
    tumen = data[4]
    assert tumen["ambiguous"] is True
    assert [c["name"] for c in tumen["candidates"]] == ["Tumen-Namyang bridge", "Quanhe-Wonjong bridge"]
    assert data[0]["ambiguous"] is False and data[0]["candidates"] == []


def test_table_says_ambiguous() -> None:
    r = run("Tumen crossing", "Najin")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].split() == ["query", "name", "lat", "lon", "country", "kind", "score", "uncertainty", "confident",
                                "source"]
    assert lines[1].startswith("Tumen crossing  Khasan-Tumangang rail bridge  42.42140  130.64170  KP")
    assert lines[2] == "  ↳ preferred for 'Tumen crossing'"
    assert lines[3] == "  ↳ ambiguous: also Tumen-Namyang bridge (CN, bridge), Quanhe-Wonjong bridge (CN, bridge)"
    assert lines[4].startswith("Najin ")
    assert len(lines) == 6


def test_limit_and_hints() -> None:
    r = run("--json", "--limit", "2", "Changchun")
    assert len(json.loads(r.output)[0]["candidates"]) == 1
    r = run("--json", "--country", "KP", "--kind", "port", "Rajin")
    assert json.loads(r.output)[0]["name"] == "Najin"


def test_coordinates() -> None:
    r = run("--json", "42°15′N 130°17′E")
    d = json.loads(r.output)[0]
    assert (d["kind"], d["source"], round(d["lat"], 5), round(d["lon"], 5)) == ("point", "coordinates as typed", 42.25, 130.28333)


def test_user_gazetteer_wins() -> None:
    r = run("--json", "--gazetteer", str(DATA / "gazetteer-user.yaml"), "Najin")
    d = json.loads(r.output)[0]
    assert (d["lat"], d["lon"], d["id"]) == (42.24, 130.3, "user:najin")


def test_malformed_gazetteer_exit_2() -> None:
    r = run("--gazetteer", str(DATA / "gazetteer-bad.csv"), "Najin")
    assert r.exit_code == 2
    assert f"routemap: error: {DATA / 'gazetteer-bad.csv'}:3: field 'lat': '95' is out of range -90..90" in r.output


def test_unknown_kind_exit_2() -> None:
    r = run("--kind", "harbour", "Najin")
    assert r.exit_code == 2
    assert "routemap: error: unknown kind 'harbour'; use one of: city, town, village, port," in r.output


def test_unknown_place_subprocess() -> None:
    p = subprocess.run([sys.executable, "-m", "routes.cli", "geocode", "Vldvstk"], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stdout == ""
    assert p.stderr.startswith("routemap: error: no place matches 'Vldvstk'; did you mean: Vladivostok (RU, city), ")
    assert "Traceback" not in p.stderr


def test_empty_query_subprocess() -> None:
    p = subprocess.run([sys.executable, "-m", "routes.cli", "geocode", "  "], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr == "routemap: error: empty place name; give a name such as 'Najin' or coordinates such as '42.25,130.28'\n"


def test_out_of_range_coordinates_subprocess() -> None:
    p = subprocess.run([sys.executable, "-m", "routes.cli", "geocode", "42.25,190"], capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stderr.startswith("routemap: error: coordinates '42.25,190': longitude 190 is out of range -180..180; ")


def test_no_query_is_a_usage_error() -> None:
    r = run()
    # click's usage error (its wording is click's): exit 2, names the missing argument, no traceback
    assert r.exit_code == 2 and "QUERY" in r.output and "Traceback" not in r.output


def test_geocode_path_loads_no_heavy_libraries() -> None:
    code = ("import sys; from routes.cli import main; main(['geocode', 'Najin']); "
            "print(','.join(m for m in ('pyproj', 'shapely', 'numpy', 'pandas', 'geopandas', 'matplotlib', 'scipy') if m in sys.modules), file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.stderr.strip() == ""


def test_every_query_is_answered_then_exit_2() -> None:
    p = subprocess.run([sys.executable, "-m", "routes.cli", "geocode", "Najin", "Xyzzyq", "Nome", "Kimchaek"],
                       check=False, capture_output=True, text=True)
    assert p.returncode == 2
    rows = [ln.split()[0] for ln in p.stdout.splitlines()[1:] if not ln.startswith("  ")]
    assert rows == ["query", "Najin", "Nome", "Kimchaek"][1:]
    assert "no place matches 'Xyzzyq'" in p.stderr
    assert "place 'Nome' is ambiguous" in p.stderr and "Nome (AU, village)" in p.stderr


def test_negative_coordinates_are_arguments() -> None:
    r = run("--json", "-34.19,18.43", "Najin")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)[0]
    assert (d["lat"], d["lon"], d["kind"]) == (-34.19, 18.43, "point")
    assert run("--jsn", "Najin").exit_code == 2


def test_json_says_how_sure() -> None:
    r = run("--json", "Nome", "Nome, Alaska", "Uglegorsk")
    assert r.exit_code == 2
    nome, alaska, ugl = json.loads(r.stdout)
    for d in (nome, alaska, ugl):
        assert {"confident", "ambiguous", "score", "reason", "candidates", "uncertainty_km"} <= set(d)
    assert nome["confident"] is False and len(nome["candidates"]) == 2
    assert alaska["confident"] is True and round(alaska["lat"], 1) == 64.5
    assert ugl["name"] == "Tsiolkovsky" and ugl["confident"] is False


def test_near_gives_context() -> None:
    r = run("--json", "--near", "Anchorage", "Nome")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)[0]
    assert round(d["lat"], 1) == 64.5 and d["confident"] is True and "nearest to Anchorage" in d["reason"]


def test_gazetteer_changes_the_answer() -> None:
    plain = json.loads(run("--json", "Najin").output)[0]
    mine = json.loads(run("--json", "--gazetteer", str(DATA / "gazetteer-user.yaml"), "Najin").output)[0]
    assert (plain["lat"], plain["lon"]) != (mine["lat"], mine["lon"])
