"""The briefing page's template: ``maps/assets/briefing.html.j2`` rendered by jinja2 with autoescape on.

Every ``{{ value }}`` in the template is HTML-escaped (as :func:`html.escape` with quotes does,
so ``"`` becomes ``&quot;``) unless a filter marks it as already safe: ``json_script`` for the
data object (:func:`js_literal`), ``script_text``/``style_text`` for our own and Leaflet's code,
which are checked not to close their element. jinja2 is imported only when a page is rendered.
"""
from __future__ import annotations

import html
import json
import secrets
from functools import lru_cache
from typing import Any, Callable, Iterator


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


def js_literal_chunks(value: Any) -> Iterator[str]:
    """:func:`js_literal` of ``value`` in pieces: a dict's members, and the items of a list member, one at
    a time, so the text of a big data object is never one string (the escapes are of single characters,
    so escaping piece by piece gives the same text). A member may also be an iterator (written as a list,
    item by item as it yields them) or a :class:`Later` (computed when its turn comes).

    >>> "".join(js_literal_chunks({"a": [1, "<"], "b": {}})) == js_literal({"a": [1, "<"], "b": {}})
    True
    >>> "".join(js_literal_chunks({"a": iter([1, 2]), "n": Later(lambda: 3), "e": iter([])}))
    '{"a":[1,2],"n":3,"e":[]}'
    """
    if not isinstance(value, dict) or not value or not all(isinstance(k, str) for k in value):
        yield js_literal(value)
        return
    for i, (key, member) in enumerate(value.items()):
        yield ("{" if i == 0 else ",") + js_literal(key) + ":"
        if isinstance(member, Later):
            member = member.compute()
        if isinstance(member, (list, Iterator)):
            opened = False
            for item in member:
                yield ("," if opened else "[") + js_literal(item)
                opened = True
            yield "]" if opened else "[]"
        else:
            yield js_literal(member)
    yield "}"


class Later:
    """A data member computed only when :func:`js_literal_chunks` reaches it (e.g. from what the members
    before it gathered while they were written)."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self.compute = compute


class Streamed:
    """A template value whose ``json_script`` text :func:`chunks` writes piece by piece (:func:`js_literal_chunks`).

    The template renders a marker in its place: an HTML comment with a random token, which escaped text
    (no raw ``<``) and our own code cannot contain.
    """

    def __init__(self, value: Any) -> None:
        self.value = value
        self.mark = f"<!--routemap-{secrets.token_hex(16)}-->"


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
    env.filters["json_script"] = lambda value: Markup(value.mark if isinstance(value, Streamed) else js_literal(value))
    env.filters["script_text"] = lambda text: _code(text, "script")
    env.filters["style_text"] = lambda text: _code(text, "style")
    return env


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` from ``maps/assets/`` with ``context``."""
    return "".join(chunks(name, **context))


def chunks(name: str, **context: Any) -> Iterator[str]:
    """The text of :func:`render` in pieces as jinja2 generates them; a :class:`Streamed` value's JSON is
    written piece by piece where the template puts it, so a page is written without ever being one string."""
    streamed = [v for v in context.values() if isinstance(v, Streamed)]
    for piece in environment().get_template(name).generate(**context):
        for value in streamed:
            if value.mark in piece:
                before, piece = piece.split(value.mark, 1)
                yield before
                yield from js_literal_chunks(value.value)
        yield piece
