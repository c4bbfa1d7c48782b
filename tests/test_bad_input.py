"""The bad-input catalogue (issue 8): each broken case file gets its exact message, exit 2, no traceback.

Every file is under tests/data/bad/ (written for these tests); cases about the
file system (a 10 MB file, a folder, a missing path) are made in tmp_path.
Messages are ``FILE:LINE: message`` with FILE as given on the command line.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from parsertext import PARSER_TEXT, assert_nested_too_deep, matches

from geodata.base.errors import InputError
from geodata.place import KINDS
from routes.casefile import load_case
from routes.cli import cli

BAD = Path(__file__).resolve().parent / "data" / "bad"


def _catalogue() -> list[tuple[str, list[str]]]:
    """(file under tests/data/bad, the problems printed after "routemap: error: ", one per line), read from
    tests/data/bad-messages.txt, where each problem starts with its file name."""
    cases: dict[str, list[str]] = {}
    for line in (BAD.parent / "bad-messages.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            line = line.replace("{PARSER_TEXT}", PARSER_TEXT).replace("{KINDS}", ", ".join(KINDS))
            cases.setdefault(line.split(":", 1)[0], []).append(line)
    return list(cases.items())


CASES: list[tuple[str, list[str]]] = _catalogue()


def _validate(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


@pytest.fixture()
def in_bad(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(BAD)
    return BAD


def test_the_catalogue_has_at_least_40_cases() -> None:
    assert len(CASES) >= 40
    assert {f for f, _ in CASES} | {"swapped.yaml", "zero-length.yaml", "ambiguous-chosen.yaml"} == {p.name for p in BAD.iterdir()}


@pytest.mark.parametrize(("name", "problems"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_reported_exactly(in_bad: Path, name: str, problems: list[str]) -> None:
    r = _validate(name)
    assert r.exit_code == 2, r.stdout
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert r.stderr.startswith("routemap: error: ") and r.stderr.endswith("\n")
    _assert_problems(r.stderr[len("routemap: error: "):-1].split("\n"), problems)


def _assert_problems(got: list[str], expected: list[str]) -> None:
    """``got == expected``, except that :data:`PARSER_TEXT` matches any non-empty parser description."""
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert matches(g, e), (g, e)


@pytest.mark.parametrize(("name", "problems"), CASES[:8], ids=[c[0] for c in CASES[:8]])
def test_the_api_raises_input_error_with_the_same_problems(in_bad: Path, name: str, problems: list[str]) -> None:
    with pytest.raises(InputError) as e:
        load_case(name)
    _assert_problems([str(p) for p in e.value.problems], problems)


def test_lat_lon_swapped_is_a_warning_with_a_hint(in_bad: Path) -> None:
    r = _validate("swapped.yaml")
    assert r.exit_code == 0, r.stderr
    assert any(("swapped.yaml:3: place 'Tikhoretsk depot': lat 40.09, lon 45.88 is outside Russia, its country RU; "
                "lat/lon swapped? (lat 45.88, lon 40.09 is in Russia)") in line for line in r.stdout.splitlines())
    # and the route to the swapped point is warned about: it leaves Russia
    assert any("both ends are in RU but the route passes through" in line for line in r.stdout.splitlines())


def test_zero_length_leg_is_a_warning(in_bad: Path) -> None:
    r = _validate("zero-length.yaml")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-2:] == [
        "warnings (1):",
        "  zero-length.yaml:8: leg 1 of s1: from and to are the same place (Port A); a zero-length leg — is one of them wrong?",
    ]


def test_a_10_mb_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: t\nnotes: |\n" + ("  " + "x" * 98 + "\n") * 103_800, encoding="utf-8")
    r = _validate(str(big))
    assert r.exit_code == 2
    assert r.stderr == f"routemap: error: {big}: file is 10.0 MB; case files are limited to 5 MB (split it into several cases)\n"


def test_a_directory_is_not_a_case_file(tmp_path: Path) -> None:
    r = _validate(str(tmp_path))
    assert r.exit_code == 2
    assert r.stderr == f"routemap: error: {tmp_path}: is a directory, not a case file; give the .yaml or .csv file inside it\n"


def test_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    r = _validate(str(missing))
    assert r.exit_code == 2
    assert r.stderr == f"routemap: error: {missing}: no such file; check the path\n"


def test_alias_bomb_is_rejected_without_expanding_it(in_bad: Path) -> None:
    # expanded, the last list would hold 9**10 values; the loader stops counting at 1,000,000
    with pytest.raises(InputError) as e:
        load_case("alias-bomb.yaml")
    assert [p.line for p in e.value.problems] == [8]


def test_deep_nesting_does_not_hit_the_recursion_limit(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("title: t\nshipments: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_case(deep)
    # routemap's depth check or libyaml's own limit (PyYAML >= 6.0.3 bundles one) may stop it first:
    # either way the message names the file and line and says it is nested too deep
    assert_nested_too_deep(str(e.value), f"{deep}:2: ")
    r = _validate(str(deep))
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert_nested_too_deep(r.stderr.removeprefix("routemap: error: ").strip(), f"{deep}:2: ")


def test_an_ambiguous_name_resolved_with_confidence_is_a_warning_naming_the_choice(in_bad: Path) -> None:
    r = _validate("ambiguous-chosen.yaml")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[-1] == (
        "  ambiguous-chosen.yaml:5: leg 1 of s1: from: place 'Khasan' is ambiguous; chose Khasan (RU, rail_station) "
        "[curated:khasan] over Kazan (RU, city), Hassan (IN, city); write the full name or add it to places: to be sure")
