"""Safe YAML loading with line numbers: geodata.yamlsource."""
from __future__ import annotations

import datetime as dt

import pytest
from parsertext import PARSER_TEXT, assert_nested_too_deep, matches

from geodata.base.errors import InputError, Problem
from geodata.yamlsource import MAX_NODES, YList, YMap, load_mapping, load_yaml, plain, type_name


def _error(text: str) -> str:
    with pytest.raises(InputError) as e:
        load_mapping(text, "c.yaml")
    return str(e.value)


def test_every_key_and_item_keeps_its_line() -> None:
    doc, dups = load_mapping("title: t\n\nshipments:\n  - id: a\n    legs:\n      - {from: X, to: Y}\n      - from: Z\n        to: W\n", "c.yaml")
    assert dups == []
    assert isinstance(doc, YMap) and doc.key_lines == {"title": 1, "shipments": 3}
    ships = doc["shipments"]
    assert isinstance(ships, YList) and ships.item_lines == [4]
    legs = ships[0]["legs"]
    assert legs.item_lines == [6, 7]
    assert legs[1].line == 7 and legs[1].key_lines == {"from": 7, "to": 8}
    assert legs.line_of(5) == legs.line and legs[1].line_of("mode") == 7


def test_yaml_types_are_converted_like_safe_load() -> None:
    doc, _ = load_yaml("a: 2023-09-07\nb: 2023-09\nc: 2011\nd: NO\ne: 1.5\nf: ~\ng: '2023-09-07'\nh: 2023-02-30\n", "c.yaml")
    assert doc == {"a": dt.date(2023, 9, 7), "b": "2023-09", "c": 2011, "d": False, "e": 1.5, "f": None,
                   "g": "2023-09-07", "h": "2023-02-30"}  # an impossible date stays text for the parser to report


def test_aliases_are_shared_values() -> None:
    doc, _ = load_yaml("a: &x {k: 1}\nb: *x\n", "c.yaml")
    assert doc["b"] == {"k": 1} and doc["b"] is doc["a"]


def test_plain_drops_the_line_bookkeeping() -> None:
    doc, _ = load_yaml("a: [1, {b: 2}]\n", "c.yaml")
    out = plain(doc)
    assert out == {"a": [1, {"b": 2}]}
    assert type(out) is dict and type(out["a"]) is list and type(out["a"][1]) is dict


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    doc, dups = load_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "c.yaml")
    assert doc["a"] == 3
    assert [str(p) for p in dups] == [
        "c.yaml:4: duplicate key 'c' (first at line 3); YAML would keep only the last one, so remove or rename one of them",
        "c.yaml:5: duplicate key 'a' (first at line 1); YAML would keep only the last one, so remove or rename one of them",
    ]


def test_a_list_as_a_key_is_reported() -> None:
    _, dups = load_yaml("? [1, 2]\n: x\n", "c.yaml")
    assert dups == [Problem("c.yaml", 1, "a mapping key must be plain text, not a list")]


@pytest.mark.parametrize(("text", "message"), [
    ("", "c.yaml: file is empty; a case file needs at least title:, shipments:"),
    ("~\n", "c.yaml: file is empty; a case file needs at least title:, shipments:"),
    ("a:\n\tb: 1\n", "c.yaml:2: tab character in the indentation; YAML indents with spaces only, replace the tabs with spaces"),
    ("a: b: c\n", "c.yaml:1: not valid YAML: " + PARSER_TEXT),
    ("- a\n", "c.yaml:1: the top level must be a mapping of keys (title:, shipments:, …), found a list"),
    ("42\n", "c.yaml:1: the top level must be a mapping of keys (title:, shipments:, …), found a number"),
    ("a: !!python/object:os.system x\n", "c.yaml:1: tag !!python/object:os.system is not allowed: case files hold plain data (text, numbers, dates, lists, mappings); remove the tag"),
    ("a: !!python/name:os.system\n", "c.yaml:1: tag !!python/name:os.system is not allowed: case files hold plain data (text, numbers, dates, lists, mappings); remove the tag"),
    ("a: !!set {x}\n", "c.yaml:1: tag !!set is not allowed: case files hold plain data (text, numbers, dates, lists, mappings); remove the tag"),
    ("a: !!binary aGk=\n", "c.yaml:1: tag !!binary is not allowed: case files hold plain data (text, numbers, dates, lists, mappings); remove the tag"),
    ("a: !local x\n", "c.yaml:1: tag !local is not allowed: case files hold plain data (text, numbers, dates, lists, mappings); remove the tag"),
    ("a: 1\n---\na: 2\n", "c.yaml:2: more than one YAML document (a second '---'); a case file is one document"),
    ("a: &x [*x]\n", "c.yaml:1: alias *x refers to no anchor &x defined before it"),
    ("a: \x07\n", "c.yaml: not a text file: it contains the character #x0007 at position 3; a case file is UTF-8 text"),
    ("a: \x00\n", "c.yaml: not a text file: it contains NUL bytes; a case file is UTF-8 text"),
])
def test_broken_documents_get_a_clear_message(text: str, message: str) -> None:
    assert matches(_error(text), message), _error(text)


def test_an_alias_bomb_is_rejected() -> None:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 12))
    assert _error(text) == (f"c.yaml:6: the document expands to more than {MAX_NODES:,} values (an alias bomb, "
                            "\"billion laughs\"?); write the values out instead of reusing *aliases")


def test_deep_nesting_is_rejected_without_recursion() -> None:
    # flow nesting may hit libyaml's own limit first (PyYAML >= 6.0.3): same file and line, its own words
    assert_nested_too_deep(_error("a: " + "[" * 50_000 + "]" * 50_000), "c.yaml:1: ")
    assert _error("".join(" " * i + "k:\n" for i in range(60))).startswith("c.yaml:51: nested more than 50 levels")


def test_oversized_text_is_refused() -> None:
    assert _error("a: " + "x" * (6 * 1024 * 1024)) == "c.yaml: file is 6.0 MB; case files are limited to 5 MB (split it into several cases)"


def test_type_names_read_well() -> None:
    assert [type_name(v) for v in ({}, 1.5, dt.date(2023, 1, 1))] == ["a mapping", "a number", "a date"]
