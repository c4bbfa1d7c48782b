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

#: (file under tests/data/bad, the problems printed after "routemap: error: ", one per line)
CASES: list[tuple[str, list[str]]] = [
    ('alias-bomb.yaml', ['alias-bomb.yaml:8: the document expands to more than 1,000,000 values (an alias bomb, "billion laughs"?); write the values out instead of reusing *aliases']),
    ('ambiguous.yaml', ["ambiguous.yaml:5: leg 1 of s1: from: place 'Springfield' is ambiguous: Springfield (US, city) at 37.22, -93.30, Springfield (US, city) at 42.10, -72.59, Springfield (US, city) at 39.80, -89.64, Springfield (US, town) at 44.05, -123.02, Springfield (US, town) at 39.92, -83.81, Springfield (US, town) at 38.79, -77.19 and 4 more; write the full name or add it to places:"]),
    ('bad-date.yaml', ["bad-date.yaml:8: leg 1 of s1: depart: date '2023-13-45' is not a real calendar date (month must be in 1..12)"]),
    ('bad-status.yaml', ["bad-status.yaml:7: shipment s1: unknown status 'rumoured'; use one of reported, confirmed, disputed, denied"]),
    ('binary.yaml', ['binary.yaml: not a text file: it contains NUL bytes; a case file is UTF-8 text (YAML or CSV)']),
    ('claim-kind.yaml', ["claim-kind.yaml:10: claim c1: unknown claim kind 'distanse'; use one of distance, bearing, border_distance, rate, speed, transit (did you mean 'distance'?)"]),
    ('comments-only.yaml', ['comments-only.yaml: file is empty; a case file needs at least title:, shipments:']),
    ('country-no.yaml', ['country-no.yaml:3: place \'Oslo harbour\': country false: quote the code, e.g. country: "NO"']),
    ('deep.yaml', ['deep.yaml:2: nested more than 50 levels deep; a case file needs only a few levels']),
    ('duplicate-keys.yaml', ["duplicate-keys.yaml:8: duplicate key 'mode' (first at line 8); YAML would keep only the last one, so remove or rename one of them"]),
    ('duplicate-shipment.yaml', ["duplicate-shipment.yaml:8: duplicate shipment id 's1' (first at line 6); ids must be unique"]),
    ('empty-legs.yaml', ['empty-legs.yaml:7: shipment s1: legs: is empty; give at least one leg with from: and to:']),
    ('empty-shipments.yaml', ['empty-shipments.yaml:2: shipments: is empty; give at least one shipment with id: and legs:']),
    ('empty.yaml', ['empty.yaml: file is empty; a case file needs at least title:, shipments:']),
    ('from-list.yaml', ['from-list.yaml:8: leg 1 of s1: from must be a place name, found a list']),
    ('lat-91.yaml', ["lat-91.yaml:3: place 'Port A': latitude 91 is out of range -90..90"]),
    ('lat-nan.yaml', ["lat-nan.yaml:3: place 'Port A': latitude nan is not a finite number"]),
    ('lat-text.yaml', ["lat-text.yaml:3: place 'Port A': latitude 'north' is not a number"]),
    ('latin1.yaml', ['latin1.yaml:1: not UTF-8 text: byte 0xdc cannot be read; save the file as UTF-8']),
    ('leg-list.yaml', ['leg-list.yaml:8: leg 1 of s1 must be a mapping (key: value lines), found a list']),
    ('legs-bad-column.csv', [
        "legs-bad-column.csv:1: unknown column 'form' (did you mean 'from'?); known columns: shipment_id, seq, from, to, mode, depart, arrive, carrier, via, notes, sources, status, confidence, title, cargo, avoid, stay_in",
        'legs-bad-column.csv:1: missing column from; the header needs at least shipment_id, from, to (all columns: shipment_id,seq,from,to,mode,depart,arrive,carrier,via,notes,sources,status,confidence,title,cargo,avoid,stay_in)',
    ]),
    ('legs-bad-seq.csv', ["legs-bad-seq.csv:2: seq 'one' is not a whole number ≥ 1 (the leg's position within its shipment)"]),
    ('legs-missing-column.csv', ['legs-missing-column.csv:1: missing column from; the header needs at least shipment_id, from, to (all columns: shipment_id,seq,from,to,mode,depart,arrive,carrier,via,notes,sources,status,confidence,title,cargo,avoid,stay_in)']),
    ('legs-number.yaml', ['legs-number.yaml:7: shipment s1: legs must be a list, found a number']),
    ('lon-181.yaml', ["lon-181.yaml:3: place 'Port A': longitude 181 is out of range -180..180"]),
    ('many-problems.yaml', [
        "many-problems.yaml:3: place 'Port A': latitude 91 is out of range -90..90",
        'many-problems.yaml:7: leg 1 of s1: missing to: (required: the place name the leg ends at)',
        "many-problems.yaml:7: leg 1 of s1: unknown mode 'ship'; use one of sea, rail, road, air, unknown (did you mean 'sea'?)",
        'many-problems.yaml:8: leg 2 of s1: arrive 2023-09-01 is before depart 2023-09-07',
    ]),
    ('missing-from.yaml', ['missing-from.yaml:8: leg 1 of s1: missing from: (required: the place name the leg starts at)']),
    ('missing-title.yaml', ['missing-title.yaml:1: missing title: (required)']),
    ('missing-to.yaml', ['missing-to.yaml:8: leg 1 of s1: missing to: (required: the place name the leg ends at)']),
    ('no-shipments.yaml', ['no-shipments.yaml:1: missing shipments: (required; a list of shipments, each with id: and legs:)']),
    ('not-yaml.yaml', ["not-yaml.yaml:2: not valid YAML: " + PARSER_TEXT]),
    ('path-point.yaml', ['path-point.yaml:8: leg 1 of s1: path point 2 [42.25, 130.28] is out of range (longitude -180..180, latitude -90..90); is it [lat, lon]? write [lon, lat]']),
    ('python-tag.yaml', ['python-tag.yaml:1: tag !!python/object/apply:os.system is not allowed: case files hold plain data (text, numbers, dates, lists, mappings); remove the tag']),
    ('quantity-abc.yaml', ["quantity-abc.yaml:7: shipment s1: quantity value 'abc' is not a number or a range like 3000-4000"]),
    ('reversed-dates.yaml', ['reversed-dates.yaml:8: leg 1 of s1: arrive 2023-09-01 is before depart 2023-09-07']),
    ('shipment-id.yaml', ["shipment-id.yaml:6: shipment id 'angara 2023' is not slug-like; use letters, digits, '-', '_' or '.', e.g. angara-2023"]),
    ('shipments-mapping.yaml', ['shipments-mapping.yaml:5: shipments must be a list, found a mapping']),
    ('source-date.yaml', ["source-date.yaml:2: source s-1: date 'Oct 2023' is not a date; use YYYY-MM-DD, YYYY-MM or YYYY"]),
    ('tabs.yaml', ['tabs.yaml:3: tab character in the indentation; YAML indents with spaces only, replace the tabs with spaces']),
    ('timezone-mixed.yaml', ["timezone-mixed.yaml:8: leg 1 of s1: arrive: datetime '2023-09-08 10:00:00' has no UTC offset; add one, e.g. 2023-09-08T10:00:00+00:00, or give just the date"]),
    ('top-list.yaml', ['top-list.yaml:1: the top level must be a mapping of keys (title:, shipments:, …), found a list']),
    ('top-text.yaml', ['top-text.yaml:1: the top level must be a mapping of keys (title:, shipments:, …), found text']),
    ('two-documents.yaml', ["two-documents.yaml:9: more than one YAML document (a second '---'); a case file is one document"]),
    ('undefined-alias.yaml', ['undefined-alias.yaml:8: alias *port refers to no anchor &port defined before it']),
    ('undefined-source.yaml', ["undefined-source.yaml:9: shipment s1: source 'yonhap-2023-10-15' is not defined under sources: (did you mean 'yonhap-2023-10-14'?); defined: yonhap-2023-10-14"]),
    ('unknown-kind.yaml', ["unknown-kind.yaml:3: place 'Port A': unknown kind 'harbour'; use one of " + ", ".join(KINDS)]),
    ('unknown-leg-key.yaml', ["unknown-leg-key.yaml:8: leg 1 of s1: unknown key 'arive' (did you mean 'arrive'?); known keys: from, to, mode, via, depart, arrive, carrier, carrier_mmsi, carrier_imo, notes, sources, path, avoid, stay_in"]),
    ('unknown-mode.yaml', ["unknown-mode.yaml:8: leg 1 of s1: unknown mode 'ship'; use one of sea, rail, road, air, unknown (did you mean 'sea'?)"]),
    ('unknown-top-key.yaml', [
        'unknown-top-key.yaml:1: missing shipments: (required; a list of shipments, each with id: and legs:)',
        "unknown-top-key.yaml:5: unknown key 'shipment' (did you mean 'shipments'?); known keys: version, title, notes, places, sources, shipments, claims, avoid, stay_in",
    ]),
    ('unreadable-date.yaml', ["unreadable-date.yaml:8: leg 1 of s1: depart: cannot read date 'last Tuesday'; use YYYY-MM-DD, YYYY-MM, a datetime with offset (2023-09-12T06:00+09:00) or a range FIRST/LAST (either end may be empty)"]),
    ('unresolvable.yaml', ["unresolvable.yaml:5: leg 1 of s1: from: no place matches 'Xqzzvillekrop'; did you mean: Villa Europa (CL, village), Hartzviller (FR, village), Natzwiller (FR, village)?"]),
    ('version-2.yaml', ['version-2.yaml:1: version 2 is not supported; this routemap reads version 1 (write version: 1 or leave it out)']),
    ('year-20233.yaml', ["year-20233.yaml:8: leg 1 of s1: arrive '20233-09-12' has the year 20233; years have 4 digits, check for a typo"]),
]


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
