"""routemap's ``routes`` package: how things move.

Case files, geodesy, leg routing, claim checks and the CLI. Public API names
are imported lazily so that ``import routes`` stays fast.
"""
from __future__ import annotations

from typing import Any

_LAZY = {
    "load_case": ("routes.casefile", "load_case"),
    "load_case_with_warnings": ("routes.casefile", "load_case_with_warnings"),
    "analyze": ("routes.analysis", "analyze"),
    "demo_case_path": ("routes.analysis", "demo_case_path"),
    "load_and_analyze": ("routes.analysis", "load_and_analyze"),
    "gazetteer_for": ("routes.analysis", "gazetteer_for"),
    "route_points": ("routes.routing", "route_points"),
    "route_case": ("routes.routing", "route_case"),
    "check_case": ("routes.checks", "check_case"),
    "distance": ("routes.distance", "distance"),
    "Verdict": ("routes.verdict", "Verdict"),
    "Analysis": ("routes.verdict", "Analysis"),
    "Case": ("routes.model", "Case"),
    "Shipment": ("routes.model", "Shipment"),
    "Leg": ("routes.model", "Leg"),
    "Route": ("routes.routed", "Route"),
    "Source": ("routes.model", "Source"),
    "Claim": ("routes.model", "Claim"),
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'routes' has no attribute {name!r}")


def main() -> int:
    """Entry point of the ``routemap`` console script: the CLI, with Ctrl-C during start-up handled.

    The CLI module imports click and more; an interrupt while that happens is a
    message and exit 130, not a traceback.
    """
    import sys

    try:
        from routes.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write("routemap: interrupted during start-up; nothing was written\n")
        return 130
    try:
        return cli_main()
    except KeyboardInterrupt:
        sys.stderr.write("routemap: interrupted; nothing was left half-written\n")
        return 130
