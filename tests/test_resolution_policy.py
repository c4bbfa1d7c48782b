"""One resolution policy for every command: context decides, unsure names stop, ``--gazetteer`` always counts.

A small case (Anchorage → Nome by air, a claim to a place only the user's
gazetteer knows) is run through every command that resolves names, with and
without ``--gazetteer``: each result must change, and ``route``, ``distance``,
``validate`` and ``check`` must agree on which Nome is meant.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geodata.gazetteer import Gazetteer
from routes.casefile import load_case_with_warnings
from routes.cli import cli

CASE = """\
version: 1
title: Nome by air
sources:
  - {id: s1, title: a test source, publisher: routemap tests, date: 2024-01-01}
shipments:
  - id: flight
    legs:
      - {from: Anchorage, to: Nome, mode: air, depart: 2024-01-01, arrive: 2024-01-02, sources: [s1]}
claims:
  - {id: to-depot, kind: distance, from: Anchorage, to: Test depot, value: 870, unit: km, tolerance: 10%, source: s1}
"""
USER = """\
places:
  - {name: Nome, lat: 61.0, lon: -155.0, kind: town, country: US, source: a test override}
  - {name: Test depot, lat: 64.5, lon: -165.4, kind: depot, country: US, source: a test place}
"""


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    case, user = tmp_path / "case.yaml", tmp_path / "mine.yaml"
    case.write_text(CASE, encoding="utf-8")
    user.write_text(USER, encoding="utf-8")
    return case, user


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_case_context_picks_nome_alaska_with_a_warning(files: tuple[Path, Path]) -> None:
    case, warnings = load_case_with_warnings(files[0], gazetteer=Gazetteer.default())
    nome = case.shipments[0].legs[0].destination
    assert (nome.country, round(nome.lat, 1)) == ("US", 64.5)
    text = " ".join(str(w) for w in warnings)
    assert "place 'Nome' is ambiguous; chose Nome (US, village)" in text and "nearest to Anchorage" in text
    assert "Nome (AU, village)" in text  # the alternatives are named


def test_commands_agree_on_nome(files: tuple[Path, Path]) -> None:
    route = json.loads(run("route", "Anchorage", "Nome", "--json").stdout)
    dist = json.loads(run("distance", "Anchorage", "Nome", "--json").stdout)
    case, _ = load_case_with_warnings(files[0], gazetteer=Gazetteer.default())
    leg_nome = case.shipments[0].legs[0].destination
    assert round(route["points"][1]["lat"], 3) == round(dist["legs"][0]["to"]["lat"], 3) == round(leg_nome.lat, 3)
    for out in (route, dist):  # how each place was resolved is part of the answer
        nome = out["resolution"][1]
        assert nome["confident"] is True and nome["ambiguous"] is True and "nearest to Anchorage" in nome["reason"]
        assert len(nome["candidates"]) == 2


def test_unsure_name_stops_every_command(tmp_path: Path) -> None:
    for args in (("route", "Nome", "Xanadu-free-text"), ("distance", "Nome", "Uglegorsk")):
        r = run(*args)
        assert r.exit_code == 2, r.output
    r = run("distance", "Uglegorsk", "Nome, Alaska")  # no context decides: stop, naming the candidates
    assert r.exit_code == 2
    assert "place 'Uglegorsk' is ambiguous" in r.output and "Tsiolkovsky (RU, town)" in r.output
    assert "Uglegorsk (RU, town)" in r.output


def _both(*args: str, user: Path) -> tuple[object, object]:
    plain = run(*args)
    mine = run(*args, "--gazetteer", str(user))
    assert plain.exit_code == 0 and mine.exit_code == 0, (plain.output, mine.output)
    return plain.stdout, mine.stdout


def test_gazetteer_changes_distance_route_validate_check(files: tuple[Path, Path]) -> None:
    case, user = files
    for args in (("distance", "Anchorage", "Nome", "--json"), ("route", "Anchorage", "Nome", "--json"),
                 ("validate", str(case), "--json")):
        a, b = _both(*args, user=user)
        assert a != b, args
    plain, mine = _both("check", str(case), "--json", user=user)
    verdict = {v["id"]: v["verdict"] for v in json.loads(plain)["verdicts"]}
    assert verdict["to-depot"] == "cannot check"
    verdict = {v["id"]: v["verdict"] for v in json.loads(mine)["verdicts"]}
    assert verdict["to-depot"] == "consistent"


def test_gazetteer_changes_export_map_build(files: tuple[Path, Path], tmp_path: Path) -> None:
    case, user = files
    outs = []
    for extra in ((), ("--gazetteer", str(user))):
        out = tmp_path / f"case{len(outs)}.geojson"
        r = run("export", str(case), "-o", str(out), *extra)
        assert r.exit_code == 0, r.output
        outs.append(json.loads(out.read_text(encoding="utf-8")))
    assert outs[0] != outs[1]
    # every check is in every export; the claim to the user's place is checked only with the user's gazetteer
    verdicts = [[f["properties"].get("verdict") for f in out["features"] if f["properties"].get("kind") == "distance"]
                for out in outs]
    assert verdicts == [["cannot check"], ["consistent"]]
    html = []
    for extra in ((), ("--gazetteer", str(user))):
        out = tmp_path / f"map{len(html)}.html"
        r = run("map", str(case), "-o", str(out), *extra)
        assert r.exit_code == 0, r.output
        html.append(out.read_text(encoding="utf-8"))
    assert html[0] != html[1]
    verdicts = []
    for n, extra in enumerate(((), ("--gazetteer", str(user)))):
        r = run("build", str(case), "--out", str(tmp_path / f"brief{n}"), "--json", *extra)
        assert r.exit_code == 0, r.output
        verdicts.append(json.loads(r.stdout)["verdicts"])
    assert verdicts == [{"cannot check": 1, "consistent": 1}, {"consistent": 2}]  # the claim to the user place


def test_route_and_validate_agree_on_a_sea_leg(tmp_path: Path) -> None:
    case = tmp_path / "caspian.yaml"
    case.write_text("version: 1\ntitle: Caspian\nshipments:\n  - id: ship\n    legs:\n"
                    "      - {from: Amirabad, to: Makhachkala, mode: sea}\n", encoding="utf-8")
    loaded, warnings = load_case_with_warnings(case, gazetteer=Gazetteer.default())
    origin = loaded.shipments[0].legs[0].origin
    assert (origin.name, origin.kind, origin.country) == ("Amirabad port", "port", "IR")
    assert any("Amirabad (PK, village)" in str(w) for w in warnings)
    r = run("route", "Amirabad", "Makhachkala", "--mode", "sea", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["points"][0]["name"] == origin.name
    assert run("route", "Amirabad", "Makhachkala").exit_code == 2  # without the sea, nothing decides: stop


def test_negative_coordinates_are_places_for_distance_and_route() -> None:
    r = run("distance", "-34.19,18.43", "-33.92,18.42", "--json")
    assert r.exit_code == 0, r.output
    assert round(json.loads(r.stdout)["legs"][0]["from"]["lat"], 2) == -34.19
    r = run("route", "-34.19,18.43", "-33.92,18.42", "--json")
    assert r.exit_code == 0, r.output
    assert run("distance", "--nonsense", "Najin").exit_code == 2
