"""routes.caseschema: the one description of the case-file keys, which the validation and the README both follow."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from routes import casefile, sightings
from routes.caseschema import SECTIONS, reference_markdown
from routes.claims import COMMON_FIELDS, SCHEMA

README = Path(__file__).resolve().parent.parent / "README.md"
_KEY = re.compile(r"`([a-z_]+)(?:: [^`]+)?`")  # `leg: shipment/index` names the key leg


def _section_keys(name: str) -> set[str]:
    """A block's keys; claims add the fields of every kind."""
    keys = set(SECTIONS[name].names())
    if name == "claim":
        keys |= {f for req, opt in SCHEMA.values() for f in (*req, *opt)}
    return keys


def _section_values(name: str) -> set[str]:
    values = {v for k in SECTIONS[name].keys for v in k.values}
    return values | (set(SCHEMA) if name == "claim" else set())


def _readme_bullet(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    part = text.split("## The case file (YAML, version 1)", 1)[1].split("\n## ", 1)[0]
    bullets = [b for b in part.split("\n- ") if re.match(rf"\*\*{title}:?\*\*", b)]
    assert len(bullets) == 1, f"README's case-file section needs one bullet '- **{title}:** …'"
    return bullets[0]


@pytest.mark.parametrize("name", [n for n in SECTIONS if n != "quantity"])
def test_readme_key_lists_agree_with_the_schema(name: str) -> None:
    bullet = _readme_bullet(SECTIONS[name].title)
    written = set(_KEY.findall(bullet))
    assert _section_keys(name) - written == set(), "keys the README does not list"
    first_sentence = re.split(r"\.\s", bullet, maxsplit=1)[0]
    listed = set(_KEY.findall(first_sentence)) - _section_values(name)
    assert listed - _section_keys(name) == set(), "keys the README lists that the case file does not take"


def test_quantity_keys_are_in_the_shipment_bullet() -> None:
    bullet = _readme_bullet("Shipment")
    assert [k for k in SECTIONS["quantity"].names() if not re.search(rf"\b{k}\b", bullet)] == []


def test_validation_uses_the_schema() -> None:
    assert SECTIONS["top"].names() == casefile.TOP_KEYS
    assert SECTIONS["leg"].names() == casefile.LEG_KEYS
    assert SECTIONS["sighting"].names() == sightings.SIGHTING_KEYS
    assert SECTIONS["claim"].names() == COMMON_FIELDS


def test_reference_markdown_lists_every_key() -> None:
    md = reference_markdown()
    for name, section in SECTIONS.items():
        line = next(x for x in md.splitlines() if x.startswith(f"- **{section.title}:**"))
        assert _section_keys(name) <= set(_KEY.findall(line)), name


def test_unknown_key_message_lists_the_schema_keys() -> None:
    from geodata.base.errors import InputError

    with pytest.raises(InputError) as e:
        casefile.parse_case("title: t\nshipment: []\nshipments: [{id: a, legs: [{from: X, to: Y}]}]\n",
                            filename="x.yaml")
    assert f"known keys: {', '.join(SECTIONS['top'].names())}" in str(e.value)
