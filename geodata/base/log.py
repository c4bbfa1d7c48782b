"""routemap's loggers: children of the ``routemap`` logger, configured once by the CLI.

Library code calls ``get_logger(__name__)`` and logs; nothing is shown until
:func:`configure` (the ``routemap`` command does it) attaches one stderr
handler, so a program importing routemap keeps control of its own logging.
Log records never go to stdout, which stays clean for ``--json``.
"""
from __future__ import annotations

import logging
import sys

ROOT = "routemap"


def get_logger(name: str) -> logging.Logger:
    """The logger for module ``name`` under ``routemap`` (e.g. ``routemap.geodata.base.cache``)."""
    return logging.getLogger(f"{ROOT}.{name}" if name and name != ROOT else ROOT)


def configure(verbose: int = 0, quiet: bool = False) -> logging.Logger:
    """Send ``routemap`` log records to stderr: warnings by default, info with ``verbose`` 1, debug with 2+,
    errors only with ``quiet``. Calling it again replaces the earlier setting (one handler)."""
    root = logging.getLogger(ROOT)
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO)[verbose] if verbose < 2 else logging.DEBUG
    root.setLevel(level)
    for h in [h for h in root.handlers if getattr(h, "_routemap", False)]:
        root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("routemap: %(levelname)s: %(message)s"))
    handler._routemap = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.propagate = False
    return root
