"""Fuzzing the case-file parser: whatever the input, only routemap's own errors come out.

The default run (300 examples per test) takes about 20 s; set ROUTEMAP_FUZZ_EXAMPLES (e.g. 5000) for a
longer one: ``ROUTEMAP_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_casefile.py``.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geodata.base.errors import RoutemapError
from routes.casefile import parse_case_with_warnings
from routes.legcsv import csv_document

DEMO = (Path(__file__).resolve().parent.parent / "routes" / "data" / "demo.yaml").read_text(encoding="utf-8")
DEMO_LINES = DEMO.splitlines(keepends=True)
# CI runs the fuzzer longer (a few minutes in all); a developer run stays quick.
EXAMPLES = int(os.environ.get("ROUTEMAP_FUZZ_EXAMPLES", "12000" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="ROUTEMAP_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

TOKENS = [
    "title:", "shipments:", "legs:", "places:", "sources:", "claims:", "id:", "from:", "to:", "via:", "mode:",
    "depart:", "arrive:", "path:", "quantity:", "value:", "lat:", "lon:", "name:", "country:", "kind:", "version:",
    " ", "  ", "    ", "\n", "\t", "- ", "{", "}", "[", "]", ":", ",", "'", '"', "? ", "---", "...", "#", "|", ">",
    "&a ", "*a", "&b ", "*b", "<<: ", "!!python/object:os.system ", "!!str ", "!!int ", "!x ", "%YAML 1.1\n",
    "Najin", "Dunay", "sea", "rail", "NO", "yes", "~", ".nan", ".inf", "-1e999", "91", "181", "0", "-0", "1e308",
    "2023-09-07", "2023-02-30", "20233-09-12", "2023-09-07T10:00:00", "2023-09-07T10:00:00+09:00", "/", "3000-4000",
    "\u00e9", "\u202e", "\ufeff", "\x85", "\U0001F600",
]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=12), st.sampled_from(["Najin", "Dunay", "sea", "rail", "2023-09-07", "NO", "s1"]),
                    st.dates())
KEYS = st.sampled_from(["title", "shipments", "legs", "places", "sources", "claims", "id", "from", "to", "via",
                        "mode", "depart", "arrive", "path", "quantity", "value", "lat", "lon", "name", "kind",
                        "country", "type", "coordinates", "version", "x"])
TREES = st.recursive(SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                     st.dictionaries(KEYS, kids, max_size=5)), max_leaves=25)


def _parse(text: str) -> None:
    with contextlib.suppress(RoutemapError):
        parse_case_with_warnings(text, filename="fuzz.yaml")


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_yaml_ish_token_soup(text: str) -> None:
    _parse(text)


@FUZZ
@given(st.dictionaries(KEYS, TREES, max_size=6))
def test_generated_documents(doc: dict) -> None:
    _parse(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


@st.composite
def _mutated_demo(draw: st.DrawFn) -> str:
    lines = list(DEMO_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "char", "token", "truncate"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "char" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.characters()) + lines[i][k + 1:]
        elif op == "token" and lines[i]:
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.sampled_from(TOKENS)) + lines[i][k:]
        elif op == "truncate":
            lines = lines[:i + 1]
        if not lines:
            lines = [""]
    return "".join(lines)


@FUZZ
@given(_mutated_demo())
def test_mutated_demo(text: str) -> None:
    _parse(text)


@FUZZ
@given(st.lists(st.lists(st.sampled_from(["shipment_id", "seq", "from", "to", "mode", "depart", "a", "1", "-2",
                                          "Najin", "", "\"", "x,y", "2023-09-07", "sea", "via"]), max_size=8),
                max_size=6))
def test_csv_soup(rows: list[list[str]]) -> None:
    text = "\n".join(",".join(r) for r in rows)
    with contextlib.suppress(RoutemapError):
        csv_document(text, filename="fuzz.csv")
