"""CI settings: the Hypothesis profile .ci/run gets (CI=true), defined in tests/conftest.py."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _profile(ci: str) -> list[str]:
    code = ("import conftest, hypothesis; s = hypothesis.settings(); "
            "print(s.derandomize, s.database, s.print_blob, s.deadline)")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(ROOT / "tests")}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.split()


def test_ci_profile_is_deterministic_and_replayable() -> None:
    """Under CI=true the same commit gives the same examples and a failure prints its replay blob."""
    assert _profile("true") == ["True", "None", "True", "None"]


def test_developers_keep_random_examples_and_the_database() -> None:
    derandomize, database, _, deadline = _profile("")
    assert derandomize == "False" and database != "None" and deadline == "None"
