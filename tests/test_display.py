"""Display geometry shared by the briefing page and the static image."""
from __future__ import annotations

from maps import display
from maps.display import display_cache, display_line


def test_display_cache_computes_a_line_once_per_scope_and_gives_the_same_result():
    coords = tuple((170.0 + i * 0.05, 50.0 + (i % 7) * 0.01) for i in range(400))     # crosses ±180°, simplified
    plain = {c: display_line(coords, c) for c in (175.0, -175.0, 0.0)}
    with display_cache():
        first = {c: display_line(coords, c) for c in (175.0, -175.0, 0.0)}
        again = {c: display_line(coords, c) for c in (175.0, -175.0, 0.0)}
        assert display._CACHE is not None and len(display._CACHE) == 1
        again[175.0].append((0.0, 0.0))                        # a caller's list is its own
        assert display_line(coords, 175.0) == plain[175.0]
    assert first == plain and {c: v for c, v in again.items() if c != 175.0} == {c: plain[c] for c in (-175.0, 0.0)}
    assert display._CACHE is None                              # dropped at the end of the scope
