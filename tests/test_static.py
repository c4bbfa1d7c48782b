"""Static maps for slides: PNG, SVG and PDF drawn with matplotlib on Natural Earth."""
from __future__ import annotations

import pytest
from mapdata import analysis, hostile_analysis

from geodata.base.errors import InputError
from maps.static import _nice_km, parse_extent, render_static

ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "test-artifacts"


def test_png_has_title_legend_and_is_kept(tmp_path):
    out = tmp_path / "map.png"
    render_static(analysis(), out, banner="UNCLASSIFIED // FOR BRIEFING")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    import struct

    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (2200, 1440)
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]      # written atomically, no leftovers
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "static.png").write_bytes(data)


def test_svg_contains_text_and_is_deterministic(tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    render_static(analysis(), a)
    render_static(analysis(), b)
    text = a.read_text(encoding="utf-8")
    assert text.startswith("<?xml")
    for word in ("North Korea–Russia transfers, 2023", "Tikhoretsk ammunition depot", "Petropavlovsk-Kamchatsky",
                 "mode / status", "sea", "rail", "disputed", "scale at", " km", "Natural Earth"):
        assert word in text, word
    assert a.read_bytes() == b.read_bytes()


def test_pdf(tmp_path):
    out = tmp_path / "map.pdf"
    render_static(hostile_analysis(), out, banner="$5m // SECRET")   # '$' must not start mathtext
    assert out.read_bytes()[:5] == b"%PDF-"


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(InputError) as e:
        render_static(analysis(), tmp_path / "map.jpg")
    assert str(e.value) == f"{tmp_path / 'map.jpg'}: cannot write a static map as '.jpg'; use .png, .svg or .pdf"


def test_nice_scale_lengths():
    assert [_nice_km(x) for x in (7300, 999, 260, 1.5)] == [5000.0, 500.0, 200.0, 1.0]


def _dateline():
    from pathlib import Path

    from routes.analysis import analyze
    from routes.casefile import load_case

    return analyze(load_case(Path(__file__).resolve().parent / "data" / "dateline.yaml"))


def test_a_case_across_the_antimeridian_is_centred_on_the_pacific(tmp_path):
    drawn = render_static(_dateline(), tmp_path / "pacific.png")
    west, east, _, _ = drawn.view
    assert west < 180.0 + 360.0 * round(west / 360.0) < east or west < -180.0 < east, drawn.view
    assert east - west < 80.0            # Kamchatka to Alaska, not the whole world


def test_extent_sets_the_view_and_a_dense_cluster_gets_an_inset(tmp_path):
    svg = tmp_path / "a.svg"
    drawn = render_static(analysis(), svg)       # Tikhoretsk … Anchorage, with a cluster at the Tumen river
    assert drawn.inset is not None and ">inset<" in svg.read_text(encoding="utf-8")
    w, s, e, n = drawn.inset
    assert w < 130.3 < e and s < 42.3 < n and e - w < 10.0
    zoomed = render_static(analysis(), tmp_path / "b.png", extent=(124.0, 37.0, 135.0, 46.0))
    west, east, south, north = zoomed.view
    assert west <= 124.0 and east >= 135.0 and south <= 37.0 and north >= 46.0 and east - west < 30.0
    assert zoomed.inset is None
    across = render_static(analysis(), tmp_path / "c.png", extent=(170.0, 50.0, -150.0, 66.0), inset=False)
    west, east = across.view[:2]                                     # west > east: the view crosses ±180°
    assert (west < -180.0 < east or west < 180.0 < east) and 40.0 <= east - west < 80.0
    assert (170.0 - west) % 360.0 < 20.0
    with pytest.raises(InputError) as e:
        parse_extent("130,50,120")
    assert "not four numbers" in str(e.value)
    with pytest.raises(InputError):
        parse_extent("130,60,140,50")


def test_the_legend_samples_show_the_dashes_of_the_legs():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from maps import style
    from maps.static import _legend

    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _legend(ax, ["sea", "rail"], ["confirmed", "reported", "disputed", "denied"], True)
    legend = ax.get_legend()
    lines = {t.get_text(): h for t, h in zip(legend.get_texts(), legend.get_lines(), strict=True)}
    for status, (dash, _) in style.STATUS_STYLE.items():
        h = lines[status]
        if not dash:
            assert h.get_linestyle() == "-"
            continue
        _, pattern = h._unscaled_dash_pattern
        assert tuple(pattern) == style.leg_style("sea", status).mpl_dashes
        # the sample is long enough to show two whole periods of the pattern (it looked solid before)
        assert legend.handlelength * legend._fontsize >= 2 * sum(pattern)
    assert lines["measured claim"]._unscaled_dash_pattern[1] == style.CLAIM_STYLE.mpl_dashes


def test_a_long_title_is_never_clipped():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from maps.static import _title

    fig = Figure(figsize=(11, 7.2), dpi=100)
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    _title(fig, "North Korea, China, Russia and Iran — every reported transfer of munitions, drones, vehicles "
                "and components by sea, rail, road and air, 2011–2024, with the claims checked", renderer)
    for t in fig.texts:
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= fig.bbox.width, t.get_text()


def test_the_subtitle_gives_the_latest_source_date(tmp_path):
    out = tmp_path / "m.svg"
    render_static(analysis(), out)
    assert "reporting up to 2023-10-14" in out.read_text(encoding="utf-8")     # a source date, not a leg date


def test_labels_of_a_dense_case_do_not_overlap_and_keep_to_the_budget(tmp_path):
    """Thousands of places: labels are placed from a grid index, within the budget, never overlapping."""
    from dataclasses import replace

    from matplotlib.text import Annotation

    from geodata.place import Place
    from maps import static
    from maps.labels import LABEL_BUDGET
    from routes.model import Leg, Shipment
    from routes.verdict import Analysis

    rng = __import__("random").Random(5)
    pts = [Place(f"p{i}", f"Place number {i}", rng.uniform(35, 60), rng.uniform(30, 140), "town") for i in range(1200)]
    ships = tuple(Shipment(f"s{i}", "s", (Leg(f"s{i}", 1, pts[2 * i], pts[2 * i + 1], "air"),)) for i in range(600))
    a = Analysis(replace(analysis().case, shipments=ships, places=(), claims=()), ())
    drawn = {}
    real = static._draw_labels

    def spy(fig, ax, ordered, centre):
        real(fig, ax, ordered, centre)
        fig.canvas.draw()
        r = fig.canvas.get_renderer()
        drawn["boxes"] = [t.get_bbox_patch().get_window_extent(r) for t in ax.texts
                          if isinstance(t, Annotation) and t.get_text().startswith("Place number")]

    static._draw_labels = spy
    try:
        render_static(a, tmp_path / "dense.png")
    finally:
        static._draw_labels = real
    boxes = drawn["boxes"]
    assert 10 < len(boxes) <= LABEL_BUDGET
    assert not any(b.overlaps(c) for i, b in enumerate(boxes) for c in boxes[i + 1:])


def test_what_the_view_cannot_show_is_said_on_the_map(tmp_path):
    """The view stops at ±85° latitude: a place at the pole is named in the subtitle, never dropped silently."""
    from routes.analysis import analyze
    from routes.casefile import load_case

    p = tmp_path / "polar.yaml"
    p.write_text("version: 1\ntitle: Polar\nplaces:\n  - {name: North Pole camp, lat: 89.5, lon: 10}\n"
                 "  - {name: Utqiagvik, lat: 71.29, lon: -156.79}\nshipments:\n  - id: p\n    legs:\n"
                 "      - {from: Utqiagvik, to: North Pole camp, mode: air}\n", encoding="utf-8")
    out = tmp_path / "p.svg"
    view = render_static(analyze(load_case(p)), out)
    assert view.hidden == ("North Pole camp",)
    assert "not in this view: 1 place (North Pole camp), 1 leg in part" in out.read_text(encoding="utf-8")
    assert render_static(analysis(), tmp_path / "a.svg").hidden == ()
