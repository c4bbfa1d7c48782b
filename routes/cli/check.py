"""``routemap check`` (a case's claims and leg plausibility) and ``routemap validate`` (a case file's summary)."""
from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from routes.cli.options import gazetteer_opt, json_opt, strict_opt
from routes.cli.output import EXIT_CHECKS_FAILED, echo_json
from routes.cli.places import gazetteer_with

if TYPE_CHECKING:
    from routes.verdict import Verdict


@click.command("check")
@click.argument("case_file", type=click.Path(dir_okay=False), metavar="CASE.yaml")
@json_opt
@strict_opt
@gazetteer_opt
@click.option("--markdown", is_flag=True, help="Print the checks as a Markdown section (for a briefing).")
def check_cmd(case_file: str, as_json: bool, strict: bool, gazetteer_files: tuple[str, ...], markdown: bool) -> None:
    """Check a case's claims and the plausibility of every dated leg.

    \b
    Examples:
      routemap check case.yaml
      routemap check case.yaml --strict --json
    """
    from routes.analysis import analyze
    from routes.casefile import load_case
    from routes.checks import bounds_table
    from geodata.base.geodesy import METHOD

    gz = gazetteer_with(gazetteer_files)  # one gazetteer for the legs and the claims
    case = load_case(case_file, gazetteer=gz)
    verdicts = analyze(case, gazetteer=gz, progress=not as_json).verdicts   # the one path, as build and map
    if as_json:
        echo_json({"case": case.title, "method": METHOD, "speed_bounds": bounds_table(),
                   "verdicts": [_verdict_dict(v) for v in verdicts]})
    elif markdown:
        from maps.checks_md import render_checks_md

        click.echo(render_checks_md((case, verdicts)), nl=False)
    else:
        _print_verdicts(verdicts)
    if strict and any(v.verdict == "inconsistent" for v in verdicts):
        sys.exit(EXIT_CHECKS_FAILED)


def _print_verdicts(verdicts: Sequence[Verdict]) -> None:
    """The verdicts as a table (long cells cut at 40 characters), each with its detail, then counts and sources."""
    from routes.checks import bounds_table
    from geodata.base.geodesy import METHOD

    rows = [("id", "kind", "claimed", "computed", "verdict")] + [
        (v.claim_id, v.kind, v.claimed, v.computed, v.verdict) for v in verdicts]
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(4)]
    for n, r in enumerate(rows):
        cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(r[:4], widths, strict=True)]
        click.echo("  ".join(cells + [r[4]]))
        if n and verdicts[n - 1].detail:
            click.echo(f"    {verdicts[n - 1].detail}")
    bad = sum(v.verdict == "inconsistent" for v in verdicts)
    click.echo(f"{len(verdicts)} checks: {sum(v.verdict == 'consistent' for v in verdicts)} consistent, {bad} inconsistent, "
               f"{sum(v.verdict == 'cannot check' for v in verdicts)} cannot check")
    click.echo(f"method: {METHOD}; borders: Natural Earth 10m admin-0 (German point of view); "
               "networks: marnet sea lanes, OSM-derived rail/road graphs (scgraph_data)")
    click.echo(f"speed bounds: {bounds_table()}")


def _verdict_dict(v: Verdict) -> dict[str, Any]:
    """A JSON-ready dict of a Verdict (without its line geometry)."""
    from dataclasses import asdict

    return {"id": v.claim_id, "kind": v.kind, "verdict": v.verdict, "claimed": v.claimed, "computed": v.computed,
            "method": v.method, "detail": v.detail, "source": v.source, "leg": v.leg, "line": v.line,
            "figures": asdict(v.figures)}


@click.command("validate")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=True))
@json_opt
@gazetteer_opt
def validate_cmd(case_path: str, as_json: bool, gazetteer_files: tuple[str, ...]) -> None:
    """Check a case file (YAML or CSV of legs) and print a summary: shipments, legs, km by mode, warnings.

    Every problem is printed at once as FILE:LINE: message (exit 2).

    Example: routemap validate case.yaml --gazetteer my-places.csv
    """
    from routes.casefile import load_case_with_warnings, summarize

    case, warnings = load_case_with_warnings(case_path, gazetteer=gazetteer_with(gazetteer_files))
    from routes.routing import route_case  # after the case file is known to be good: a bad one fails fast

    s = summarize(case, route_case(case, progress=not as_json), warnings=warnings)
    if as_json:
        echo_json(s)
        return
    click.echo(f"{case_path}: valid — {s['title']}")
    _print_summary(s)


def _print_summary(s: dict[str, Any]) -> None:
    """A case summary (``routes.casefile.summarize``): counts, km by mode and the warnings."""
    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    click.echo("  " + ", ".join(n(s[k], k[:-1]) for k in ("shipments", "legs", "sources", "claims")))
    how = "along the routes" if s["length_method"] == "routed" else "geodesic"
    for row in s["by_mode"]:
        click.echo(f"  {row['mode']:<8} {row['legs']:>3} leg{'s' if row['legs'] != 1 else ' '} {row['km']:>11,.1f} km")
    click.echo(f"  {'total':<8} {s['legs']:>3} leg{'s' if s['legs'] != 1 else ' '} {s['total_km']:>11,.1f} km ({how})")
    if s["warnings"]:
        click.echo(f"warnings ({len(s['warnings'])}):")
        for w in s["warnings"]:
            click.echo(f"  {w}")
    else:
        click.echo("no warnings")
