"""Safe YAML loading that keeps the line of every mapping key and sequence item.

The document is built straight from the YAML event stream (libyaml's C parser
when available), so that:

* every mapping is a :class:`YMap` (a dict) that knows its own line and the line
  of each key, and every sequence is a :class:`YList` that knows the line of
  each item — parsers can say ``case.yaml:14: …``;
* object-construction tags (``!!python/object`` …) and any tag other than the
  plain YAML types are rejected, never constructed;
* duplicate keys in a mapping (YAML silently keeps the last) are reported;
* alias bombs ("billion laughs") are rejected as soon as the expanded size
  passes :data:`MAX_NODES`, and nesting deeper than :data:`MAX_DEPTH` is
  rejected without recursion;
* tabs in indentation, an empty file, several documents, a top level that is not
  a mapping, and files over :data:`MAX_BYTES` get a clear message.

Line numbers are 1-based.

>>> doc, dups = load_yaml("a: 1\\nb:\\n  - x\\n  - y\\n", "t.yaml")
>>> doc, doc.key_lines["b"], doc["b"].item_lines
({'a': 1, 'b': ['x', 'y']}, 2, [3, 4])
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .base.errors import InputError, Problem

#: Largest file accepted, in bytes (5 MB).
MAX_BYTES = 5 * 1024 * 1024
#: Most nodes a document may expand to, counting each alias use in full.
MAX_NODES = 1_000_000
#: Deepest nesting of mappings and lists accepted.
MAX_DEPTH = 50

_Y = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_Y + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = _Y + "merge"
_SEQ, _MAP = _Y + "seq", _Y + "map"


class YMap(dict):
    """A mapping from YAML with ``line`` (where it starts) and ``key_lines`` (key → line)."""

    line: int
    key_lines: dict[Any, int]

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines = {}

    def line_of(self, key: Any) -> int:
        """Line of ``key`` if present, else the mapping's own line."""
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence from YAML with ``line`` (where it starts) and ``item_lines``."""

    line: int
    item_lines: list[int]

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines = []

    def line_of(self, index: int) -> int:
        """Line of item ``index``, else the list's own line."""
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def type_name(value: Any) -> str:
    """A reader's word for a YAML value's type, for messages.

    >>> type_name([1]), type_name(True), type_name(None), type_name("x")
    ('a list', 'true/false', 'nothing (null)', 'text')
    """
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__  # pragma: no cover


def plain(value: Any) -> Any:
    """A copy of a loaded value with :class:`YMap`/:class:`YList` turned into dict/list."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_Y):] if tag.startswith(_Y) else tag


def _fail(filename: str, line: int | None, message: str) -> InputError:
    return InputError([Problem(filename, line, message)])


def check_size(nbytes: int, filename: str) -> None:
    """InputError when ``nbytes`` is over :data:`MAX_BYTES`."""
    if nbytes > MAX_BYTES:
        raise _fail(filename, None, f"file is {nbytes / 1024 / 1024:.1f} MB; case files are limited to "
                    f"{MAX_BYTES // 1024 // 1024} MB (split it into several cases)")


def _tab_line(text: str, upto: int | None = None) -> int | None:
    """First line (1-based) whose indentation contains a tab, up to line ``upto``."""
    for i, ln in enumerate(text.splitlines(), start=1):
        if upto is not None and i > upto:
            break
        stripped = ln.lstrip(" \t")
        if "\t" in ln[: len(ln) - len(stripped)] and stripped:
            return i
    return None


def _syntax_error(e: yaml.YAMLError, text: str, filename: str) -> InputError:
    mark = getattr(e, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(e, yaml.reader.ReaderError):
        return _fail(filename, None, f"not a text file: it contains the character #x{e.character:04x} "
                     f"at position {e.position}; a case file is UTF-8 text")
    problem = getattr(e, "problem", None) or str(e)
    if "'\\t'" in problem or "\t" in problem:
        tab = _tab_line(text, line) or line
        return _fail(filename, tab, "tab character in the indentation; YAML indents with spaces only, "
                     "replace the tabs with spaces")
    tab = _tab_line(text, line)
    if tab is not None:
        return _fail(filename, tab, "tab character in the indentation; YAML indents with spaces only, "
                     "replace the tabs with spaces")
    col = f" (column {mark.column + 1})" if mark is not None else ""
    context = getattr(e, "context", None)
    ctx = f", {context}" if context else ""
    return _fail(filename, line, f"not valid YAML: {problem}{ctx}{col}")


def load_yaml(text: str, filename: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document safely; return (value, duplicate-key problems).

    Raises :class:`InputError` for syntax errors, disallowed tags, alias bombs,
    deep nesting, several documents and oversized text. Returns ``None`` as the
    value for an empty document.
    """
    check_size(len(text.encode("utf-8", "surrogatepass")), filename)
    if "\x00" in text:
        raise _fail(filename, None, "not a text file: it contains NUL bytes; a case file is UTF-8 text")
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    builder = _Builder(filename)
    try:
        for ev in yaml.parse(text, Loader=loader_cls):
            builder.event(ev)
    except InputError:
        raise
    except yaml.YAMLError as e:
        raise _syntax_error(e, text, filename) from None
    return builder.root, builder.dups


class _Builder:
    """Builds one document from YAML events: YMap/YList with lines, duplicate keys, limits on size and depth."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        self.dups: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        # each frame: [container, size, anchor, pending_key, key_line, key_ok]
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.total = 0
        self.documents = 0

    def event(self, ev: Any) -> None:
        """Take one parser event."""
        line: int = ev.start_mark.line + 1  # both PyYAML parsers (Python and libyaml) mark every event
        if isinstance(ev, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _fail(self.filename, line, "more than one YAML document (a second '---'); "
                            "a case file is one document")
        elif isinstance(ev, yaml.ScalarEvent):
            self._scalar(ev, line)
        elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self._start(ev, line)
        elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            container, size, anchor, *_ = self.stack.pop()
            if anchor:
                self.anchors[anchor] = (container, size)
            self._add(container, size, container.line, 1)
        elif isinstance(ev, yaml.AliasEvent):
            if ev.anchor not in self.anchors:
                raise _fail(self.filename, line, f"alias *{ev.anchor} refers to no anchor &{ev.anchor} "
                            "defined before it")
            value, size = self.anchors[ev.anchor]
            self._add(value, size, line, size)

    def _scalar(self, ev: Any, line: int) -> None:
        tag = ev.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, ev.value, ev.implicit)
        elif tag not in _SCALAR_TAGS:
            raise _tag_error(self.filename, line, tag)
        if tag == _MERGE:
            value: Any = ev.value
        else:
            node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
            try:
                value = self.constructor.yaml_constructors[tag](self.constructor, node)
            except Exception:  # e.g. 2023-02-30: keep the text, the parser reports it
                value = ev.value
        if ev.anchor:
            self.anchors[ev.anchor] = (value, 1)
        self._add(value, 1, line, 1)

    def _start(self, ev: Any, line: int) -> None:
        is_seq = isinstance(ev, yaml.SequenceStartEvent)
        if ev.tag not in (None, "!", _SEQ if is_seq else _MAP):
            raise _tag_error(self.filename, line, ev.tag)
        if len(self.stack) >= MAX_DEPTH:
            raise _fail(self.filename, line, f"nested more than {MAX_DEPTH} levels deep; "
                        "a case file needs only a few levels")
        self.stack.append([YList(line) if is_seq else YMap(line), 1, ev.anchor, _NO_KEY, None, True])

    def _add(self, value: Any, size: int, line: int, new: int) -> None:
        """Attach a finished value of expanded ``size``; ``new`` values were not counted yet."""
        self.total += new
        if self.total > MAX_NODES:
            raise _fail(self.filename, line, f"the document expands to more than {MAX_NODES:,} values "
                        "(an alias bomb, \"billion laughs\"?); write the values out instead of reusing *aliases")
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame[1] += size
        container = frame[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_lines.append(line)
        elif frame[3] is _NO_KEY:
            frame[3], frame[4], frame[5] = value, line, True
            if isinstance(value, (dict, list)):
                self.dups.append(Problem(self.filename, line, "a mapping key must be plain text, not "
                                         f"{type_name(value)}"))
                frame[5] = False
        else:
            self._set(container, frame, value)

    def _set(self, container: YMap, frame: list[Any], value: Any) -> None:
        """Store ``value`` under the frame's pending key (a duplicate key is a problem; a bad key was one)."""
        key, key_line, ok = frame[3], frame[4], frame[5]
        frame[3] = _NO_KEY
        if not ok:
            return
        if key in container:
            self.dups.append(Problem(self.filename, key_line, f"duplicate key {_show_key(key)} (first at line "
                                     f"{container.key_lines[key]}); YAML would keep only the last one, "
                                     "so remove or rename one of them"))
        container[key] = value
        container.key_lines[key] = key_line


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover
        return "<no key>"


_NO_KEY = _NoKey()


def _show_key(key: Any) -> str:
    return repr(key) if isinstance(key, str) else str(key)


def _tag_error(filename: str, line: int | None, tag: str) -> InputError:
    return _fail(filename, line, f"tag {_short_tag(tag)} is not allowed: case files hold plain data "
                 "(text, numbers, dates, lists, mappings); remove the tag")


def load_mapping(text: str, filename: str, *, what: str = "a case file",
                 expect: str = "title:, shipments:, …") -> tuple[YMap, list[Problem]]:
    """:func:`load_yaml`, then insist on a non-empty mapping at the top level.

    >>> load_mapping("- a\\n- b\\n", "x.yaml")
    Traceback (most recent call last):
    geodata.base.errors.InputError: x.yaml:1: the top level must be a mapping of keys (title:, shipments:, …), found a list
    """
    value, dups = load_yaml(text, filename)
    if value is None:
        raise _fail(filename, None, f"file is empty; {what} needs at least {expect.rstrip(', …')}")
    if not isinstance(value, YMap):
        raise _fail(filename, 1, f"the top level must be a mapping of keys ({expect}), found {type_name(value)}")
    return value, dups
