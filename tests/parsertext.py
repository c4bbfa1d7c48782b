"""Checking messages that embed a third party's wording (PyYAML/libyaml) by what they mean, not their words.

routemap's part of a message (file, line, what kind of problem, the fix) is checked exactly;
text that comes from the YAML parser changes between releases (PyYAML 6.0.3 started bundling
a libyaml with its own nesting limit), so it is checked only for being there and saying the
right thing.
"""
from __future__ import annotations

#: Stands, at the end of an expected message, for the YAML parser's own description of the problem.
PARSER_TEXT = "<the YAML parser's own description>"


def matches(got: str, expected: str) -> bool:
    """``got == expected``, except that a trailing :data:`PARSER_TEXT` matches any non-empty one-line text."""
    if not expected.endswith(PARSER_TEXT):
        return got == expected
    head = expected[: -len(PARSER_TEXT)]
    rest = got[len(head):]
    return got.startswith(head) and bool(rest.strip()) and "\n" not in rest


def assert_nested_too_deep(message: str, where: str) -> None:
    """``message`` names ``where`` (``file:line: ``) and says the document is nested too deep, in any parser's words."""
    assert message.startswith(where), message
    assert "\n" not in message, message
    text = message[len(where):].lower()
    assert "nest" in text and ("deep" in text or "depth" in text), message
