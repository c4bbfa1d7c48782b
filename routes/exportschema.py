"""Column names and types of routemap's GIS exports, shared by the writers and the importer (the *export* schema;
the case-file keys are in ``routes.caseschema``).

``maps.features`` fills these columns; ``routes.gisimport`` reads them back. They
live in ``routes`` because the importer may not import ``maps``. Every writer
(GeoJSON, GeoPackage, KML, CSV) uses the same names, so a column means the same
thing in every format. Types: ``str``, ``int``, ``float`` (lengths in km,
coordinates in degrees) and ``date`` (a ``datetime.date``: the first or last
possible UTC day of a reported date; the ISO string columns keep ranges and
partial dates as reported).
"""
from __future__ import annotations

#: separator of list values in one text column (source ids, titles, URLs, warnings)
SEP = " | "

#: layer names in a GeoPackage export (and ``feature_type`` values, singular)
LAYERS = ("places", "legs", "shipments", "claims")
FEATURE_TYPES = {"places": "place", "legs": "leg", "shipments": "shipment", "claims": "claim"}

_SOURCES = (("source_ids", "str"), ("source_titles", "str"), ("source_urls", "str"))
_DATES = (
    ("depart", "str"), ("arrive", "str"),
    ("depart_earliest", "str"), ("depart_latest", "str"),
    ("arrive_earliest", "str"), ("arrive_latest", "str"),
    ("depart_first_day", "date"), ("depart_last_day", "date"),
    ("arrive_first_day", "date"), ("arrive_last_day", "date"),
)

#: (name, type) of every column of the legs layer, in order
LEG_FIELDS: tuple[tuple[str, str], ...] = (
    ("feature_type", "str"), ("id", "str"), ("shipment_id", "str"), ("leg_index", "int"),
    ("shipment_title", "str"), ("label", "str"),
    ("from_name", "str"), ("from_id", "str"), ("from_lon", "float"), ("from_lat", "float"),
    ("to_name", "str"), ("to_id", "str"), ("to_lon", "float"), ("to_lat", "float"),
    ("via_names", "str"),
    ("mode", "str"), ("status", "str"), ("confidence", "str"), ("carrier", "str"),
    ("cargo", "str"), ("quantity", "str"), ("quantity_low", "float"), ("quantity_high", "float"),
    ("quantity_unit", "str"), ("quantity_qualifier", "str"),
    ("method", "str"), ("length_km", "float"), ("land_km", "float"),
    ("countries", "str"), ("passages", "str"), ("crossings", "str"),
    *_DATES,
    ("snap_from_km", "float"), ("snap_to_km", "float"), ("snaps", "str"), ("warnings", "str"),
    *_SOURCES, ("shipment_source_ids", "str"),
    ("notes", "str"),
)

#: (name, type) of every column of the places layer
PLACE_FIELDS: tuple[tuple[str, str], ...] = (
    ("feature_type", "str"), ("id", "str"), ("name", "str"), ("kind", "str"), ("country", "str"),
    ("lon", "float"), ("lat", "float"), ("uncertainty_km", "float"), ("place_source", "str"),
    ("aliases", "str"), ("shipment_ids", "str"), ("leg_ids", "str"), ("notes", "str"),
)

#: (name, type) of every column of the shipments layer
SHIPMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("feature_type", "str"), ("id", "str"), ("title", "str"), ("cargo", "str"), ("quantity", "str"),
    ("status", "str"), ("confidence", "str"), ("legs", "int"), ("modes", "str"), ("length_km", "float"),
    ("depart_earliest", "str"), ("arrive_latest", "str"),
    ("depart_first_day", "date"), ("arrive_last_day", "date"),
    *_SOURCES, ("notes", "str"),
)

#: (name, type) of every column of the claims layer: every check (a claim, or a dated leg's plausibility),
#: with the line it measured, or no geometry (e.g. a rate claim; ``lon``/``lat`` then hold the one place a check
#: is about, such as a sighting that fits no part of its journey). ``claimed_*``/``computed_*``,
#: ``delta`` (computed − nearest claimed) and ``tolerance`` are in ``unit``; a ``*_value`` is the
#: value itself, or the middle of a range. For plausibility the claimed range is the mode's speed bounds.
CLAIM_FIELDS: tuple[tuple[str, str], ...] = (
    ("feature_type", "str"), ("id", "str"), ("kind", "str"), ("verdict", "str"),
    ("claimed", "str"), ("computed", "str"), ("method", "str"), ("detail", "str"),
    ("claimed_value", "float"), ("claimed_low", "float"), ("claimed_high", "float"),
    ("computed_value", "float"), ("computed_low", "float"), ("computed_high", "float"),
    ("delta", "float"), ("tolerance", "float"), ("unit", "str"), ("basis", "str"),
    ("leg", "str"), ("shipment_id", "str"), ("length_km", "float"), ("lon", "float"), ("lat", "float"), *_SOURCES,
)

FIELDS = {"places": PLACE_FIELDS, "legs": LEG_FIELDS, "shipments": SHIPMENT_FIELDS, "claims": CLAIM_FIELDS}

#: columns the importer needs in a legs layer (the geometry besides)
IMPORT_REQUIRED = ("shipment_id", "leg_index", "from_name", "to_name")


def field_names(layer: str) -> tuple[str, ...]:
    """The column names of ``layer`` in order.

    >>> field_names("claims")[:4]
    ('feature_type', 'id', 'kind', 'verdict')
    """
    return tuple(name for name, _ in FIELDS[layer])


def join(values: object) -> str | None:
    """Join list values with :data:`SEP`; None for an empty list.

    A ``|`` inside a value becomes ``/`` so the values split back apart.

    >>> join(["a", "b"]), join([])
    ('a | b', None)
    """
    vals = ["" if v is None else str(v).replace("|", "/") for v in values]  # type: ignore[attr-defined]
    return SEP.join(vals) if vals else None


def split(text: object) -> list[str]:
    """Split a joined column back into its values (empty or None: no values).

    >>> split("a | b"), split(None), split("")
    (['a', 'b'], [], [])
    """
    if text is None or (isinstance(text, float) and text != text):
        return []
    s = str(text)
    return [v.strip() for v in s.split(SEP.strip())] if s.strip() else []
