"""Static maps for slides: PNG, SVG and PDF drawn with matplotlib on Natural Earth."""
from __future__ import annotations

import pytest
from mapdata import analysis, hostile_analysis

from geodata.errors import InputError
from maps.static import _nice_km, render_static

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


def test_labels_of_a_dense_case_do_not_overlap_and_keep_to_the_budget(tmp_path):
    """Thousands of places: labels are placed from a grid index, within the budget, never overlapping."""
    from dataclasses import replace

    from matplotlib.text import Annotation

    from geodata.place import Place
    from maps import static
    from maps.labels import LABEL_BUDGET
    from routes.model import Analysis, Leg, Shipment

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
