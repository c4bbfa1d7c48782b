"""routemap's ``geodata`` package: where things are.

The gazetteer (curated places + GeoNames), Natural Earth borders and land, and
the sea, rail and road networks. Imports neither ``routes`` nor ``maps``.
Public names are imported lazily so that ``import geodata`` stays fast.
"""
from __future__ import annotations

from typing import Any

from .base.errors import (AmbiguousPlace, DataUnavailable, GazetteerFileError, InputError, PlaceNotFound, Problem,
                     RoutemapError)
from .place import KINDS, Place

_LAZY: dict[str, tuple[str, str]] = {
    "Gazetteer": ("geodata.gazetteer", "Gazetteer"),
    "Match": ("geodata.gazetteer", "Match"),
    "parse_coordinates": ("geodata.coords", "parse_coordinates"),
    "load_places_file": ("geodata.userplaces", "load_places_file"),
    "normalize": ("geodata.normalize", "normalize"),
    "parse_query": ("geodata.query", "parse_query"),
    "with_context": ("geodata.resolve", "with_context"),
    "require": ("geodata.resolve", "require"),
    "lookup_all": ("geodata.resolve", "lookup_all"),
}

__all__ = ["AmbiguousPlace", "DataUnavailable", "GazetteerFileError", "InputError", "KINDS", "Place", "PlaceNotFound",
           "Problem", "RoutemapError", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'geodata' has no attribute {name!r}")
