"""Route every leg and check every claim of a case: the Analysis that outputs are made from."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # imported where used: `routemap distance` only needs gazetteer_for
    from .model import Case
    from .verdict import Analysis

DEMO_CASE = Path(__file__).resolve().parent / "data" / "demo.yaml"


def demo_case_path() -> Path:
    """Path of the bundled demo case (built from the project's source reporting)."""
    return DEMO_CASE


def analyze(case: Case, *, spacing_km: float = 25.0, progress: bool = False, gazetteer: Any = None,
            jobs: int | None = None) -> Analysis:
    """Route every leg (sea, rail, road networks or geodesics) and check every claim.

    ``gazetteer`` resolves the claims' places: pass the one the case was loaded with.

    Legs are routed on ``jobs`` processes (None: :func:`routes.parallel.default_jobs`);
    the analysis is the same for any ``jobs``.
    """
    from .checks import check_case
    from .verdict import Analysis
    from .parallel import route_legs

    routes = route_legs(case, jobs=jobs, spacing_km=spacing_km, progress=progress)
    verdicts = check_case(case, routes, gazetteer=gazetteer, progress=progress)
    return Analysis(case=case, routes=tuple(routes), verdicts=tuple(verdicts))


def load_and_analyze(path: str | os.PathLike[str], *, gazetteer_files: Iterable[str] = (),
                     spacing_km: float = 25.0, progress: bool = False, jobs: int | None = None) -> Analysis:
    """Load a case file (YAML or CSV of legs) and analyse it (legs routed on ``jobs`` processes)."""
    from .casefile import load_case

    gz = gazetteer_for(gazetteer_files)
    case = load_case(path, gazetteer=gz)
    return analyze(case, spacing_km=spacing_km, progress=progress, gazetteer=gz, jobs=jobs)


def gazetteer_for(gazetteer_files: Iterable[str | os.PathLike[str]] = ()) -> Any:
    """The one gazetteer of a run: the bundled places plus the user's files (later files win).

    The same object resolves the case's legs and its claims, so every command agrees.
    """
    from geodata.gazetteer import Gazetteer

    files = tuple(gazetteer_files)
    return Gazetteer.default().with_files(files) if files else Gazetteer.default()
