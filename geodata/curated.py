"""The curated places shipped with routemap (``geodata/data/places.yaml``).

Each entry carries its provenance (``source``) and an honest ``uncertainty_km``;
``preferred_for`` lists ambiguous phrases (e.g. "Tumen crossing") for which the
entry is the best answer. Loaded once per process with the C YAML parser.

>>> cp = curated_places()
>>> cp.by_id["najin"].country, "나진" in cp.by_id["najin"].aliases
('KP', True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from .errors import DataUnavailable, GazetteerFileError, Problem
from .normalize import name_key
from .place import Place
from .userplaces import LineLoader, place_from_record

PATH = Path(__file__).parent / "data" / "places.yaml"


@dataclass(frozen=True)
class Curated:
    """The curated places, by id, and the phrases each is preferred for (by name key)."""

    places: tuple[Place, ...]
    preferred: Mapping[str, str] = field(default_factory=dict)  # name_key(phrase) -> place id (bare slug)

    @property
    def by_id(self) -> dict[str, Place]:
        """Places by their bare slug (``najin``), without the ``curated:`` prefix."""
        return {p.id.split(":", 1)[1]: p for p in self.places}


def load_curated(path: str | Path = PATH) -> Curated:
    """Read and check a curated places file; ids become ``curated:<id>``."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=LineLoader)  # noqa: S506 - LineLoader is a SafeLoader
    except (OSError, yaml.YAMLError) as e:
        raise DataUnavailable(f"{file}: the curated places file is unreadable ({e}); reinstall routemap") from e
    records = data.get("places") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise DataUnavailable(f"{file}: no 'places:' list; reinstall routemap")
    problems: list[Problem] = []
    places: list[Place] = []
    preferred: dict[str, str] = {}
    seen: set[str] = set()
    for rec in records:
        line = rec.get("__line__")
        for required in ("id", "source", "country", "kind", "uncertainty_km"):
            if not rec.get(required) and rec.get(required) != 0:
                problems.append(Problem(file, line, f"curated place {rec.get('name')!r}: {required!r} is required"))
        if rec.get("id") in seen:
            problems.append(Problem(file, line, f"duplicate id {rec.get('id')!r}"))
        seen.add(rec.get("id"))
        built = place_from_record(rec, file=file, line=line, id_prefix="curated", field_lines=rec.get("__lines__"),
                                  problems=problems)
        if built:
            place, pref = built
            places.append(place)
            for phrase in pref:
                preferred[name_key(phrase)] = place.id
    if problems:
        raise GazetteerFileError(problems)
    return Curated(tuple(places), preferred)


@lru_cache(maxsize=1)
def curated_places() -> Curated:
    """The bundled curated places (cached per process)."""
    return load_curated(PATH)
