"""Route every leg and check every claim of a case: the Analysis that outputs are made from."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .model import Analysis, Case

DEMO_CASE = Path(__file__).resolve().parent / "data" / "demo.yaml"


def demo_case_path() -> Path:
    """Path of the bundled demo case (built from the project's source reporting)."""
    return DEMO_CASE


def analyze(case: Case, *, spacing_km: float = 25.0, progress: bool = False, gazetteer=None) -> Analysis:
    """Route every leg (sea, rail, road networks or geodesics) and check every claim."""
    from .checks import check_case
    from .routing import route_case

    routes = route_case(case, spacing_km=spacing_km, progress=progress)
    verdicts = check_case(case, routes, gazetteer=gazetteer)
    return Analysis(case=case, routes=tuple(routes), verdicts=tuple(verdicts))


def load_and_analyze(path: str | os.PathLike[str], *, gazetteer_files: Iterable[str] = (),
                     spacing_km: float = 25.0, progress: bool = False) -> Analysis:
    """Load a case file (YAML or CSV of legs) and analyse it."""
    from .casefile import load_case

    case = load_case(path, gazetteer_files=tuple(gazetteer_files))
    return analyze(case, spacing_km=spacing_km, progress=progress)
