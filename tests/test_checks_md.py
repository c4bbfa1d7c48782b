"""The Markdown checks table: readable on its own, and safe against hostile case text."""
from __future__ import annotations

from geodata.place import Place
from maps.checks_md import md_escape, render_checks_md
from routes.dates import parse_when
from routes.model import Case, Claim, Leg, Shipment, Source
from routes.routed import Route
from routes.verdict import Analysis, Verdict

A = Place("t:a", "Najin", 42.245, 130.30)
B = Place("t:b", "Dunay <b>bold</b>", 42.888, 132.349)
LEG = Leg("s", 1, A, B, "sea", depart=parse_when("2023-09-07"), arrive=parse_when("2023-09-12"))
CASE = Case(
    "Evil | <script>alert(1)</script> `case`", (Shipment("s", "S", (LEG,)),),
    sources=(Source("ok", "Good [source]", url="https://example.org/a"),
             Source("js", "Bad source", url="javascript:alert(1)")),
    claims=(Claim("c1", "distance", {}),),
)
VERDICTS = (
    Verdict("c1", "distance", "inconsistent", "290 km ± 10%", "201 km", "WGS84 geodesic", detail="−88.7 km | <img src=x>", source="ok"),
    Verdict("c2", "bearing", "consistent", "NE", "46.7° (NE)", "WGS84 geodesic", source="js"),
    Verdict("plausibility:s/1", "plausibility", "consistent", "2023-09-07 → 2023-09-12 (4 d to 6 d)", "1.5–2.2 km/h",
            "length ÷ time", leg="s/1"),
)


def test_structure() -> None:
    md = render_checks_md((CASE, VERDICTS))
    assert md.startswith("# Claim checks: Evil \\| &lt;script&gt;alert(1)&lt;/script&gt; \\`case\\`\n")
    assert "2 claims and 1 dated legs checked: 2 consistent, 1 inconsistent, 0 cannot be checked." in md
    assert "| id | kind | claimed | computed | verdict | detail | source |" in md
    assert "| `c1` | distance | 290 km ± 10% | 201 km | ❌ inconsistent | −88.7 km \\| &lt;img src=x&gt; | [Good \\[source\\]](https://example.org/a) |" in md
    assert "| `c2` | bearing | NE | 46.7° (NE) | ✅ consistent |  | Bad source |" in md   # no javascript: link
    assert "| s/1 Najin → Dunay &lt;b&gt;bold&lt;/b&gt; |" in md
    assert "German point of view" in md and "WGS84 geodesic (pyproj Geod, Karney 2013)" in md
    assert "<" not in md.replace("&lt;", "")


def test_analysis_input_and_every_row_has_seven_cells() -> None:
    route = Route("s", 1, "sea", "geodesic", (A.lonlat, B.lonlat), 212.0)
    md = render_checks_md(Analysis(CASE, (route,), VERDICTS))
    rows = [line for line in md.splitlines() if line.startswith("| `c")]
    assert len(rows) == 2
    for r in rows:
        assert len(r.replace("\\|", "").split("|")) == 9   # 7 cells between 8 unescaped pipes


def test_md_escape() -> None:
    assert md_escape("a\nb") == "a b"
    assert md_escape("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert md_escape(None) == ""
