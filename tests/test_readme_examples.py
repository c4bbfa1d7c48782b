"""The README's example outputs are what the commands print (tests/readme_examples.py)."""
from __future__ import annotations

import pytest
from readme_examples import ELLIPSIS, README, check, drift, examples, matches, shown, update

TEXT = """intro

```text
$ routemap one
line 1
line 2

$ routemap two --x "a b"
a
…
z
```

```text
routemap map case.yaml -o x.html   # not an example: no "$ "
```
"""


def test_examples_are_parsed_with_their_output() -> None:
    found = examples(TEXT)
    assert [(e.command, e.expected) for e in found] == [
        ("routemap one", ["line 1", "line 2"]),
        ('routemap two --x "a b"', ["a", ELLIPSIS, "z"]),
    ]
    assert TEXT[found[0].start:found[0].end] == "$ routemap one\nline 1\nline 2\n"


def test_an_ellipsis_stands_for_any_lines_and_nothing_else() -> None:
    assert matches(["a", ELLIPSIS, "z"], ["a", "b", "c", "z"])
    assert matches(["a", ELLIPSIS, "z"], ["a", "z"])
    assert not matches(["a", ELLIPSIS, "z"], ["a", "b", "y"])
    assert not matches(["a", "z"], ["a", "b", "z"])
    assert not matches(["line 1", "line 2"], ["line 1", "line 2", "line 3"])   # an extra line is drift
    assert shown(["a", ELLIPSIS, "z"], ["a2", "b", "c", "z2"]) == ["a2", ELLIPSIS, "z2"]


def test_update_rewrites_only_the_drifted_output() -> None:
    found = examples(TEXT)
    results = [(found[0], ["line 1", "line two"]), (found[1], ["a", "m", "z"])]
    assert "-line 2" in drift(results) and "+line two" in drift(results)
    new = update(TEXT, results)
    assert new == TEXT.replace("line 2\n", "line two\n")
    assert drift([(e, out) for e, (_, out) in zip(examples(new), results, strict=True)]) == ""


@pytest.mark.slow
def test_readme_examples_match_the_commands() -> None:
    results = check(README.read_text(encoding="utf-8"))
    assert len(results) >= 6
    diff = drift(results)
    assert not diff, "README examples drifted; regenerate with: python -m tests.readme_examples --update\n" + diff
