"""maps/style.py is the one place colours are set: no other module or template of maps/ writes a hex colour,
and the page's own CSS and JS (kept literal so the page stays byte-identical) repeat style.py's values."""
from __future__ import annotations

import pathlib
import re

import pytest

from maps import assets, style, template

MAPS = pathlib.Path(style.__file__).resolve().parent
HEX = re.compile(r"""["']#[0-9A-Fa-f]{3,8}["']""")


def test_no_colour_outside_style_py():
    found = [f"{p.name}:{n}" for p in sorted(MAPS.glob("*.py")) if p.name != "style.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if HEX.search(line)]
    assert found == []
    assert not re.search(r"#[0-9A-Fa-f]{3,8}\b", assets.asset_text("briefing.html.j2"))


def test_page_css_and_js_repeat_the_shared_colours():
    css, js = assets.asset_text("briefing.css"), assets.asset_text("briefing.js")
    assert f"#map {{ flex: 1 1 auto; background: {style.WATER}; }}" in css
    assert f"background: {style.BANNER_FILL}; color: {style.BANNER_TEXT};" in css
    ring = style.SIGHTING_RING
    assert (f'x.v === "inconsistent" ? "{ring["inconsistent"]}" : (x.v === "consistent" ? "{ring["consistent"]}"'
            f' : "{style.SIGHTING_UNCHECKED}")') in js


def test_inlined_code_cannot_close_its_element():
    env = template.environment()
    with pytest.raises(AssertionError):
        env.filters["script_text"]("var a = '</SCRIPT>';")
    with pytest.raises(AssertionError):
        env.filters["style_text"]("a { } </style>")
    assert str(env.from_string("{{ x }}|{{ x|json_script }}").render(x="<'\"&>")) == \
        '&lt;&#x27;&quot;&amp;&gt;|"\\u003c\'\\"\\u0026\\u003e"'
