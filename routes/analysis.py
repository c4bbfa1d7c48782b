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


def analyze(case: Case, *, spacing_km: float = 25.0, progress: bool = False, gazetteer=None,
            jobs: int | None = None) -> Analysis:
    """Route every leg (sea, rail, road networks or geodesics) and check every claim.

    Legs are routed on ``jobs`` processes (None: :func:`routes.parallel.default_jobs`);
    the analysis is the same for any ``jobs``.
    """
    from .checks import check_case
    from .parallel import route_legs

    routes = route_legs(case, jobs=jobs, spacing_km=spacing_km, progress=progress)
    verdicts = check_case(case, routes, gazetteer=gazetteer, progress=progress)
    return Analysis(case=case, routes=tuple(routes), verdicts=tuple(verdicts))


def load_and_analyze(path: str | os.PathLike[str], *, gazetteer_files: Iterable[str] = (),
                     spacing_km: float = 25.0, progress: bool = False, jobs: int | None = None) -> Analysis:
    """Load a case file (YAML or CSV of legs) and analyse it (legs routed on ``jobs`` processes)."""
    from .casefile import load_case

    case = load_case(path, gazetteer_files=tuple(gazetteer_files))
    return analyze(case, spacing_km=spacing_km, progress=progress, jobs=jobs)
