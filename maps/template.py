"""The briefing page's template: ``maps/assets/briefing.html.j2`` rendered by jinja2 with autoescape on.

Every ``{{ value }}`` in the template is HTML-escaped (as :func:`html.escape` with quotes does,
so ``"`` becomes ``&quot;``) unless a filter marks it as already safe: ``json_script`` for the
data object (:func:`js_literal`), ``script_text``/``style_text`` for our own and Leaflet's code,
which are checked not to close their element. jinja2 is imported only when a page is rendered.
"""
from __future__ import annotations

import html
import json
from functools import lru_cache
from typing import Any


def js_literal(value: Any) -> str:
    """JSON for an inline ``<script>``: ``<``, ``>``, ``&`` and U+2028/2029 escaped.

    The result is valid JSON and valid JavaScript and cannot close the script
    element or open an HTML comment.

    >>> js_literal({"t": "</script><!--"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _code(text: str, element: str) -> Any:
    from markupsafe import Markup

    if f"</{element}" in text.lower() or "<!--" in text:
        raise AssertionError(f"inline {element} must not contain '</{element}' or '<!--'")
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> Any:
    """The jinja2 environment loading templates from ``maps/assets/`` (autoescape on, whitespace kept)."""
    import jinja2
    from markupsafe import Markup

    def finalize(value: Any) -> Any:
        # html.escape's entities (&quot; &#x27;), as the page has always had; Markup passes as it is
        return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))

    env = jinja2.Environment(loader=jinja2.PackageLoader("maps", "assets"), autoescape=True,
                             keep_trailing_newline=True, finalize=finalize, undefined=jinja2.StrictUndefined)
    env.filters["json_script"] = lambda value: Markup(js_literal(value))
    env.filters["script_text"] = lambda text: _code(text, "script")
    env.filters["style_text"] = lambda text: _code(text, "style")
    return env


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` from ``maps/assets/`` with ``context``."""
    return str(environment().get_template(name).render(**context))
