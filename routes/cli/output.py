"""What every command prints the same way: exit codes and JSON."""
from __future__ import annotations

import json
from typing import Any

import click

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_INPUT = 0, 1, 2


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON (dates must already be ISO strings)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
