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

from .base.errors import DataUnavailable, GazetteerFileError, Problem, RoutemapError
from .normalize import name_key
from .place import Place

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
    import yaml

    from .userplaces import LineLoader, place_from_record

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


#: format of the parsed copy of the curated places in the cache folder
_JSON_FORMAT = 1


def cache_name() -> str:
    """The name of the checked places' cache file: the SHA-256 of ``places.yaml`` and the JSON format."""
    import hashlib

    return f"curated-{hashlib.sha256(PATH.read_bytes()).hexdigest()[:16]}-v{_JSON_FORMAT}.json"


@lru_cache(maxsize=1)
def curated_places() -> Curated:
    """The bundled curated places (cached per process).

    The checked places are also kept as JSON in the cache folder, named by the
    SHA-256 of ``places.yaml``: a later process reads that (a few ms) instead of
    importing PyYAML and checking the file again (~60 ms of every cold command).
    An unusable cache folder only means the file is parsed each time.
    """
    import json
    import os

    try:
        from .base.cache import cache_dir

        cached = cache_dir() / cache_name()
    except RoutemapError:
        return load_curated(PATH)
    try:
        raw = json.loads(cached.read_text(encoding="utf-8"))
        places = tuple(Place(**{**d, "aliases": tuple(d["aliases"])}) for d in raw["places"])
        return Curated(places, dict(raw["preferred"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass   # not there yet, or damaged: parse the file and write it again
    cur = load_curated(PATH)
    tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"places": [p.to_dict() for p in cur.places], "preferred": dict(cur.preferred)},
                                  ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        tmp.unlink(missing_ok=True)
    return cur
