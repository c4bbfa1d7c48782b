"""``routemap build`` (a case's briefing folder) and ``routemap demo`` (the same for the bundled demo case)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from routes.cli.options import force_opt, gazetteer_opt, jobs_opt, json_opt, strict_opt
from routes.cli.output import EXIT_CHECKS_FAILED, EXIT_OK, echo_json

if TYPE_CHECKING:
    from maps.build import BuildResult
    from routes.verdict import Analysis


@click.command("build")
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Briefing folder to write (replaced atomically).")
@click.option("--banner", default=None, help='Marking line for the map, e.g. "UNCLASSIFIED // FOR BRIEFING".')
@jobs_opt
@gazetteer_opt
@json_opt
@strict_opt
@force_opt
@click.pass_context
def build_cmd(ctx: click.Context, case_path: str, out_dir: str, banner: str | None, jobs: int | None,
              gazetteer_files: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Write a briefing folder for a case: map, picture, exports and checks.

    Writes briefing.html (offline map), briefing.png, case.geojson, case.gpkg,
    case.kml, legs.csv and checks.md into DIR, all at once: an interrupted
    build leaves the previous folder intact.

    Example: routemap build case.yaml --out briefing/
    """
    ctx.exit(_build_and_report(case_path, out_dir, gazetteer_files, banner, as_json, strict, jobs))


@click.command("demo")
@click.option("--out", "out_dir", default="routemap-demo", show_default=True, type=click.Path(file_okay=False),
              help="Briefing folder to write.")
@click.option("--banner", default="UNCLASSIFIED // DEMO FROM OPEN SOURCES", show_default=True, help="Marking line for the map.")
@json_opt
@force_opt
@click.pass_context
def demo_cmd(ctx: click.Context, out_dir: str, banner: str, as_json: bool) -> None:
    """Build the bundled demo case (from the project's source reporting).

    Example: routemap demo --out routemap-demo/
    """
    from routes.analysis import demo_case_path

    ctx.exit(_build_and_report(str(demo_case_path()), out_dir, (), banner, as_json, False))


def _build_and_report(case_path: str, out_dir: str, gazetteer_files: tuple[str, ...], banner: str | None,
                      as_json: bool, strict: bool, jobs: int | None = None) -> int:
    """Load, route, check and write the briefing folder; print a one-screen summary; return the exit code."""
    from maps.build import build, check_out_dir
    from routes.analysis import load_and_analyze

    check_out_dir(out_dir)
    analysis = load_and_analyze(case_path, gazetteer_files=gazetteer_files, progress=not as_json, jobs=jobs)
    result = build(analysis, out_dir, banner=banner, progress=not as_json)
    counts: dict[str, int] = {}
    for v in analysis.verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    km_by_mode: dict[str, float] = {}
    for r in analysis.routes:
        km_by_mode[r.mode] = km_by_mode.get(r.mode, 0.0) + r.length_km
    warnings = [f"{r.key}: {w}" for r in analysis.routes for w in r.warnings]
    if as_json:
        echo_json({
            "case": case_path, "title": analysis.case.title, "out": str(result.folder),
            "files": [{"name": n, "bytes": b} for n, b in result.files],
            "shipments": len(analysis.case.shipments), "legs": len(analysis.routes),
            "km_by_mode": {k: round(v, 1) for k, v in sorted(km_by_mode.items())},
            "verdicts": counts, "warnings": warnings,
        })
    else:
        _print_summary(analysis, result, counts, km_by_mode, warnings)
    failed = any(v.verdict == "inconsistent" for v in analysis.verdicts)
    return EXIT_CHECKS_FAILED if strict and failed else EXIT_OK


def _print_summary(analysis: Analysis, result: BuildResult, counts: dict[str, int], km_by_mode: dict[str, float],
                   warnings: list[str]) -> None:
    """The one-screen summary of a build: legs by mode, checks, inconsistent claims, the files written."""
    from maps.build import FILES

    click.echo(f"{analysis.case.title}")
    click.echo(f"  {len(analysis.case.shipments)} shipments, {len(analysis.routes)} legs: "
               + ", ".join(f"{m} {km:,.0f} km" for m, km in sorted(km_by_mode.items())))
    click.echo("  checks: " + (", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"))
    for v in analysis.verdicts:
        if v.verdict == "inconsistent":
            click.echo(f"    inconsistent: {v.claim_id}: claimed {v.claimed}, computed {v.computed}")
    if warnings:
        click.echo(f"  {len(warnings)} routing warnings (see checks.md and the map popups)")
    click.echo(f"wrote {result.folder}/")
    described = dict(FILES)
    for name, size in result.files:
        click.echo(f"  {name:<14} {size / 1024:>9,.0f} KiB  {described.get(name, '')}")
