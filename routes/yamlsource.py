"""Moved to :mod:`geodata.yamlsource` (gazetteer files use the same safe YAML loader); names kept here."""
from __future__ import annotations

from geodata.yamlsource import (  # noqa: F401
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    YList,
    YMap,
    check_size,
    load_mapping,
    load_yaml,
    plain,
    type_name,
)
