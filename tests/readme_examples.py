"""The README's example outputs, produced by the commands themselves.

Every fenced ```text block of README.md that contains lines starting with ``$ routemap`` is
a list of examples: each ``$ routemap ...`` line is run (in a scratch folder holding a copy of
the bundled demo case as ``demo.yaml`` and links to the repository's folders, so ``tests/data/...``
paths work) and its standard output must equal the lines below it,
up to the next ``$`` line or the end of the block. A line that is just ``…`` stands for any
number of lines (a long output shown as its head and its tail).

    python -m tests.readme_examples            # check: print a diff and exit 1 if any example drifted
    python -m tests.readme_examples --update   # rewrite the examples in README.md from the commands

tests/test_readme_examples.py runs the check.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEMO = ROOT / "routes" / "data" / "demo.yaml"
ELLIPSIS = "…"
_BLOCK = re.compile(r"^```text\n(.*?)^```", flags=re.S | re.M)


@dataclass
class Example:
    """One ``$ routemap ...`` line and the output the README shows for it."""

    command: str            # without the leading "$ "
    expected: list[str]     # output lines as shown (may contain ELLIPSIS)
    start: int              # offset in the README text of the first character of the command line
    end: int                # offset just past the last shown output line (and its newline)


def examples(text: str) -> list[Example]:
    """The examples in the README ``text``, in order."""
    found = []
    for block in _BLOCK.finditer(text):
        body, base = block.group(1), block.start(1)
        if not any(ln.startswith("$ routemap") for ln in body.splitlines()):
            continue
        pos, current = 0, None
        for line in body.splitlines(keepends=True):
            if line.startswith("$ "):
                current = Example(line[2:].rstrip("\n"), [], base + pos, base + pos + len(line))
                found.append(current)
            elif current is not None:
                current.expected.append(line.rstrip("\n"))
                current.end = base + pos + len(line)
            pos += len(line)
    for ex in found:  # a blank line separates examples within a block; it is not output
        while ex.expected and not ex.expected[-1].strip():
            ex.expected.pop()
            ex.end = text.rindex("\n", 0, ex.end - 1) + 1
    return found


def run(command: str, workdir: Path) -> list[str]:
    """Output lines of ``command`` (``routemap ...``) run in ``workdir``: standard output, and for a refusal (exit 2)
    the error too; fails on a traceback or any other exit code."""
    from click.testing import CliRunner

    from routes.cli import cli

    args = shlex.split(command)
    if args[0] != "routemap":
        raise ValueError(f"README example {command!r} does not start with routemap")
    old = Path.cwd()
    os.chdir(workdir)
    try:
        r = CliRunner().invoke(cli, args[1:], prog_name="routemap")
    finally:
        os.chdir(old)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise RuntimeError(f"README example {command!r} raised {r.exception!r}:\n{r.output}")
    if r.exit_code not in (0, 2):
        raise RuntimeError(f"README example {command!r} exited {r.exit_code}:\n{r.output}")
    # an example of a refusal (exit 2) shows the error message too, as a terminal would
    return [ln.rstrip() for ln in (r.output if r.exit_code else r.stdout).splitlines()]


def matches(expected: list[str], actual: list[str]) -> bool:
    """``actual == expected``, with an :data:`ELLIPSIS` line in ``expected`` matching any run of lines."""
    exp = [ln.rstrip() for ln in expected]
    if ELLIPSIS not in exp:
        return exp == actual
    i = exp.index(ELLIPSIS)
    head, tail = exp[:i], exp[i + 1:]
    return (len(actual) >= len(head) + len(tail) and actual[:len(head)] == head
            and (not tail or actual[-len(tail):] == tail))


def shown(expected: list[str], actual: list[str]) -> list[str]:
    """How ``actual`` is shown in the README: elided the way ``expected`` was (same head and tail length)."""
    if ELLIPSIS not in expected:
        return actual
    i = expected.index(ELLIPSIS)
    n_tail = len(expected) - i - 1
    if len(actual) <= i + n_tail:
        return actual
    return actual[:i] + [ELLIPSIS] + (actual[-n_tail:] if n_tail else [])


def check(text: str) -> list[tuple[Example, list[str]]]:
    """Every example of README ``text`` with the output its command prints now, in a scratch folder."""
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(DEMO, Path(d) / "demo.yaml")
        for sub in ROOT.iterdir():
            if sub.is_dir() and not sub.name.startswith("."):
                (Path(d) / sub.name).symlink_to(sub, target_is_directory=True)
        return [(ex, run(ex.command, Path(d))) for ex in examples(text)]


def drift(results: list[tuple[Example, list[str]]]) -> str:
    """A unified diff for every example whose README output differs from the command's; "" when none."""
    out = []
    for ex, actual in results:
        if not matches(ex.expected, actual):
            out.extend(difflib.unified_diff(ex.expected, shown(ex.expected, actual), f"README.md: $ {ex.command}",
                                            "what the command prints now", lineterm=""))
    return "\n".join(out)


def update(text: str, results: list[tuple[Example, list[str]]]) -> str:
    """README ``text`` with every drifted example's output replaced by what the command prints."""
    for ex, actual in sorted(results, key=lambda r: r[0].start, reverse=True):
        if matches(ex.expected, actual):
            continue
        lines = shown(ex.expected, actual)
        text = text[:ex.start] + f"$ {ex.command}\n" + "".join(ln + "\n" for ln in lines) + text[ex.end:]
    return text


def main(argv: list[str] | None = None) -> int:
    """Check (exit 1 on drift) or, with --update, rewrite README.md's example outputs."""
    ap = argparse.ArgumentParser(prog="python -m tests.readme_examples", description=__doc__.split("\n\n")[0])
    ap.add_argument("--update", action="store_true", help="rewrite the drifted examples in README.md")
    args = ap.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    results = check(text)
    diff = drift(results)
    if not diff:
        print(f"README.md: {len(results)} examples match what the commands print")
        return 0
    if args.update:
        README.write_text(update(text, results), encoding="utf-8")
        print(diff)
        print("README.md: examples updated from the commands (review the diff above)")
        return 0
    print(diff)
    print("README.md: examples drifted; regenerate with: python -m tests.readme_examples --update", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
