"""Read legs drawn or edited in a GIS (GeoJSON, GeoPackage, CSV with WKT) back into a Case.

The file is read with GDAL (pyogrio). The legs are the ``legs`` layer of a
GeoPackage, the ``feature_type = leg`` features of a GeoJSON file (or all its
line features when there is no ``feature_type``), or the rows of a CSV with a
``WKT`` column — the columns named in ``routes.exportschema``. Needed per leg:
``shipment_id``, ``leg_index``, ``from_name``, ``to_name`` and a line; the
edited line becomes the leg's explicit ``path``. End points come from
``from_lon``/``from_lat`` (``to_…``) or else from the line's ends; place kinds
and countries from the places layer when there is one. Legs are renumbered
1, 2, … in ``leg_index`` order within each shipment.

Lines in another CRS (e.g. an EPSG:3857 GeoPackage) are reprojected to WGS84
lon/lat; a line with an empty, NaN or out-of-range vertex is refused with its
feature id. The input must be within the input size limit
(:mod:`geodata.inputs`); nothing is ever written beside it (GDAL's
``.aux.xml`` side files are off). The case written is parsed back before
success is reported, and a case over the case-file size limit is refused.
"""
from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any, Sequence

from geodata.base.errors import InputError, Problem
from geodata.place import KINDS, Place

from . import exportschema
from .dates import When, parse_when
from .gisread import Rows, bad_vertex, layer_names, line_coords, read_rows
from .model import CONFIDENCES, MODES, STATUSES, Case, Leg, Quantity, Shipment, Source

LonLat = tuple[float, float]
EXTENSIONS = (".geojson", ".json", ".gpkg", ".csv")
#: default size limit of a file to import (MB; ROUTEMAP_MAX_INPUT_MB overrides): the case it gives must fit in 5 MB
IMPORT_MAX_MB = 25
_SLUG = re.compile(r"[^a-z0-9]+")
_FORMULA_GUARD = re.compile(r"^'[=+\-@\t\r]")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-") or "place"


def _text(v: Any) -> str | None:
    """A cell as text: None for null, NaN or blank; the CSV writer's formula guard removed."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if type(v).__name__ == "datetime64":      # a GDAL date column (numpy): NaT is null
        s = str(v)
        return None if s == "NaT" else s
    s = str(v).strip()
    if _FORMULA_GUARD.match(s):
        s = s[1:]
    return s or None


def _float(v: Any) -> float | None:
    s = _text(v)
    if s is None:
        return None
    try:
        x = float(s)
    except ValueError:
        return None
    return x if math.isfinite(x) else None



def _when(row: dict[str, Any], key: str) -> str | None:
    """The reported-date text of ``depart``/``arrive``: the text column, else from earliest/latest."""
    text = _text(row.get(key))
    if text:
        return text
    lo, hi = _text(row.get(f"{key}_earliest")), _text(row.get(f"{key}_latest"))
    if lo is None and hi is None:
        return None
    if lo == hi:
        return lo
    return f"{lo or ''}/{hi or ''}"


class _Importer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.csv = path.suffix.lower() == ".csv"
        self.problems: list[Problem] = []
        self.places: dict[str, Place] = {}
        self.place_info: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, Source] = {}

    def problem(self, i: int, message: str) -> None:
        if self.csv:
            self.problems.append(Problem(str(self.path), i + 2, message))
        else:
            self.problems.append(Problem(str(self.path), None, f"feature {i + 1}: {message}"))

    def place(self, name: str, lonlat: LonLat | None, i: int, role: str) -> Place | None:
        key = name.casefold()
        if key in self.places:
            return self.places[key]
        info = self.place_info.get(key, {})
        if lonlat is None:
            lonlat = info.get("lonlat")
        if lonlat is None:
            self.problem(i, f"{role} {name!r} has no coordinates; add it to the places layer or draw the leg to it")
            return None
        lon, lat = lonlat
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            self.problem(i, f"{role} {name!r} at lon {lon}, lat {lat} is out of range (lon -180..180, lat -90..90)")
            return None
        kind = info["kind"] if info.get("kind") in KINDS else "point"
        p = Place(id=f"import:{_slug(name)}", name=name, lat=lat, lon=lon, kind=kind, country=info.get("country"),
                  aliases=tuple(info.get("aliases", ())), uncertainty_km=info.get("uncertainty_km"),
                  source=info.get("source") or f"imported from {self.path.name}", notes=info.get("notes"))
        self.places[key] = p
        return p

    def read_places(self, rows: Rows) -> None:
        for r, g in zip(rows.rows, rows.geoms, strict=True):
            name = _text(r.get("name"))
            if not name or (r.get("feature_type") not in (None, "place") and "feature_type" in r):
                continue
            lonlat = (float(g.x), float(g.y)) if g is not None and g.geom_type == "Point" else None
            unc = _float(r.get("uncertainty_km"))
            self.place_info.setdefault(name.casefold(), {
                "lonlat": lonlat, "kind": _text(r.get("kind")), "country": _text(r.get("country")),
                # aliases only of the case's own places: a gazetteer place keeps its aliases in the gazetteer
                "uncertainty_km": unc,
                "aliases": exportschema.split(_text(r.get("aliases"))) if (_text(r.get("id")) or "").startswith("case:") else [],
                "source": _text(r.get("place_source")), "notes": _text(r.get("notes")),
            })

    def add_sources(self, r: dict[str, Any]) -> None:
        ids = exportschema.split(_text(r.get("source_ids")))
        titles = exportschema.split(_text(r.get("source_titles")))
        urls = exportschema.split(_text(r.get("source_urls")))
        aligned = len(titles) == len(ids)
        for k, sid in enumerate(ids):
            if sid and sid not in self.sources:
                title = titles[k] if aligned and titles[k] else sid
                url = urls[k] if len(urls) == len(ids) and urls[k] else None
                self.sources[sid] = Source(sid, title, url=url)

    def leg(self, i: int, r: dict[str, Any], geom: Any) -> tuple[str, float, dict[str, Any]] | None:
        sid, name_from, name_to = _text(r.get("shipment_id")), _text(r.get("from_name")), _text(r.get("to_name"))
        idx = _float(r.get("leg_index"))
        missing = [k for k, v in (("shipment_id", sid), ("leg_index", idx), ("from_name", name_from),
                                  ("to_name", name_to)) if v is None]
        if missing:
            self.problem(i, f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} empty or not readable; "
                            f"every leg needs shipment_id, leg_index (a number), from_name and to_name")
            return None
        line = line_coords(geom)
        fl, fa, tl, ta = (_float(r.get(k)) for k in ("from_lon", "from_lat", "to_lon", "to_lat"))
        path: tuple[LonLat, ...] = ()
        if line is not None:
            coords, path = line, tuple(line)
        elif fl is not None and fa is not None and tl is not None and ta is not None and (geom is None or geom.is_empty):
            coords = [(fl, fa), (tl, ta)]   # no line but both ends (a leg from a place to itself is exported so)
        else:
            what = "no geometry" if geom is None or geom.is_empty else f"a {geom.geom_type}"
            self.problem(i, f"leg {sid}/{_text(r.get('leg_index'))} has {what}; draw it as a line (LineString), "
                            "or give from_lon, from_lat, to_lon and to_lat")
            return None
        bad = bad_vertex(coords)
        if bad is not None:
            self.problem(i, f"leg {sid}/{idx:g}: the line's {bad}")
            return None
        origin = self.place(name_from, (fl, fa) if fl is not None and fa is not None else coords[0], i, "from")   # type: ignore[arg-type]
        dest = self.place(name_to, (tl, ta) if tl is not None and ta is not None else coords[-1], i, "to")   # type: ignore[arg-type]
        mode = (_text(r.get("mode")) or "unknown").lower()
        if mode not in MODES:
            self.problem(i, f"mode {mode!r} is not one of {', '.join(MODES)}")
        dates: dict[str, When | None] = {}
        for key in ("depart", "arrive"):
            text = _when(r, key)
            try:
                dates[key] = parse_when(text) if text else None
            except ValueError as e:
                self.problem(i, f"{key}: {e}")
        via = []
        for name in exportschema.split(_text(r.get("via_names"))):
            info = self.place_info.get(name.casefold())
            if info and info.get("lonlat"):
                p = self.place(name, None, i, "via")
                if p is not None:
                    via.append(p)
        self.add_sources(r)
        if origin is None or dest is None or mode not in MODES or len(dates) < 2:
            return None
        ship_sources = tuple(exportschema.split(_text(r.get("shipment_source_ids"))))
        leg_sources = tuple(exportschema.split(_text(r.get("source_ids"))))
        fields = dict(origin=origin, destination=dest, mode=mode, via=tuple(via), depart=dates["depart"],
                      arrive=dates["arrive"], carrier=_text(r.get("carrier")), notes=_text(r.get("notes")),
                      sources=() if leg_sources == ship_sources else leg_sources, path=path)
        return sid, idx, {"leg": fields, "row": r, "ship_sources": ship_sources}  # type: ignore[return-value]

    def shipment(self, sid: str, items: list[tuple[float, dict[str, Any]]]) -> Shipment:
        items.sort(key=lambda t: t[0])
        r = items[0][1]["row"]
        legs = tuple(Leg(shipment_id=sid, index=k + 1, **it["leg"]) for k, (_, it) in enumerate(items))
        status = (_text(r.get("status")) or "reported").lower()
        confidence = (_text(r.get("confidence")) or "medium").lower()
        low, high = _float(r.get("quantity_low")), _float(r.get("quantity_high"))
        quantity = None
        if low is not None and high is not None:
            quantity = Quantity(_text(r.get("quantity")) or "", low, high, _text(r.get("quantity_unit")),
                                _text(r.get("quantity_qualifier")))
        return Shipment(
            id=sid, title=_text(r.get("shipment_title")) or sid, legs=legs, cargo=_text(r.get("cargo")),
            quantity=quantity, status=status if status in STATUSES else "reported",
            confidence=confidence if confidence in CONFIDENCES else "medium",
            sources=items[0][1]["ship_sources"],
        )


def _title(path: Path) -> str | None:
    suffix = path.suffix.lower()
    try:
        if suffix == ".gpkg":
            import pyogrio
            meta = pyogrio.read_info(str(path), layer=layer_names(path)[0]).get("dataset_metadata") or {}
            return meta.get("ROUTEMAP_TITLE")
        if suffix in (".geojson", ".json") and path.stat().st_size < 200_000_000:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            t = doc.get("title") if isinstance(doc, dict) else None
            return t if isinstance(t, str) and t.strip() else None
    except (OSError, ValueError):
        return None
    return None


def import_legs(path: str | os.PathLike[str]) -> Case:
    """A Case from a legs layer in a GeoJSON, GeoPackage or CSV file (as written by ``routemap export``).

    Raises InputError listing every problem found (feature or line, column, value, fix).
    """
    p = Path(path)
    if p.suffix.lower() not in EXTENSIONS:
        raise InputError(f"{p}: cannot import {p.suffix or 'a file without extension'}; "
                         f"give a {', '.join(EXTENSIONS)} file with a legs layer")
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    from geodata.inputs import check_input_file

    check_input_file(p, "file to import", default_mb=IMPORT_MAX_MB)
    imp = _Importer(p)
    layers = layer_names(p)
    if p.suffix.lower() == ".gpkg":
        if "legs" not in layers and len(layers) != 1:
            raise InputError(f"{p}: no layer named 'legs' (layers: {', '.join(layers) or 'none'}); "
                             f"rename the layer with the leg lines to 'legs'")
        legs = read_rows(p, "legs" if "legs" in layers else layers[0])
        if "places" in layers:
            imp.read_places(read_rows(p, "places"))
    else:
        legs = read_rows(p, None)
        if "feature_type" in legs.columns:
            pl = Rows(legs.columns)
            keep = Rows(legs.columns)
            for r, g in zip(legs.rows, legs.geoms, strict=True):
                t = r.get("feature_type")
                target = pl if t == "place" else keep if t in ("leg", None) else None
                if target is not None:
                    target.rows.append(r)
                    target.geoms.append(g)
            imp.read_places(pl)
            legs = keep
    missing = [c for c in exportschema.IMPORT_REQUIRED if c not in legs.columns]
    if missing:
        raise InputError(f"{p}: the legs have no column {', '.join(missing)}; needed: "
                         f"{', '.join(exportschema.IMPORT_REQUIRED)} and a line geometry (columns found: "
                         f"{', '.join(legs.columns) or 'none'})")
    if not legs.rows:
        raise InputError(f"{p}: no legs found; the file needs line features with {', '.join(exportschema.IMPORT_REQUIRED)}")
    by_shipment: dict[str, list[tuple[float, dict[str, Any]]]] = {}
    seen: dict[tuple[str, float], int] = {}
    for i, (r, g) in enumerate(zip(legs.rows, legs.geoms, strict=True)):
        got = imp.leg(i, r, g)
        if got is None:
            continue
        sid, idx, item = got
        if (sid, idx) in seen:
            imp.problem(i, f"leg {sid}/{idx:g} appears twice (also feature {seen[(sid, idx)] + 1}); "
                           f"give each leg of a shipment its own leg_index")
            continue
        seen[(sid, idx)] = i
        by_shipment.setdefault(sid, []).append((idx, item))
    if imp.problems:
        raise InputError(imp.problems)
    shipments = tuple(imp.shipment(sid, items) for sid, items in by_shipment.items())
    title = _title(p) or f"Imported from {p.name}"
    return Case(title=title, shipments=shipments, sources=tuple(imp.sources.values()), path=str(p))


def import_to_yaml(path: str | os.PathLike[str], out: str | os.PathLike[str], *, progress: bool = False) -> Case:
    """Import ``path`` and write it as a version-1 case file at ``out`` (atomically); return the Case.

    With ``progress``, a bar on stderr (when it is a terminal) names each stage: read, write YAML, validate, save.
    """
    import sys

    from tqdm import tqdm

    from geodata.base.atomic import atomic_write, check_writable

    from .casefile import parse_case
    from .casewriter import dump_case
    from geodata.yamlsource import MAX_BYTES

    check_writable(out, inputs=(path,))
    bar = tqdm(total=4, desc="import", unit="step", file=sys.stderr, leave=False, disable=None if progress else True)
    try:
        bar.set_postfix_str("reading")
        case = import_legs(path)
        bar.update(1)
        bar.set_postfix_str("writing YAML")
        text = dump_case(case, header=f"routemap case file, imported from {Path(path).name} by `routemap import`.\n"
                                      f"Leg geometry is explicit (path:) as drawn in the GIS.")
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            raise InputError(f"{path}: the case file would be {size / 1048576:.1f} MB, over the case-file limit of "
                             f"{MAX_BYTES // 1048576} MB; simplify the lines in the GIS (fewer vertices) or import "
                             "the shipments from several smaller files. Nothing was written")
        bar.update(1)
        bar.set_postfix_str("validating")
        try:
            parse_case(text, filename=str(out))  # what `routemap check` will read must load
        except InputError as e:
            raise InputError(f"{path}: the imported case does not validate, so nothing was written:\n{e}") from None
        bar.update(1)
        bar.set_postfix_str("saving")
        with atomic_write(out) as f:
            f.write(text)
        bar.update(1)
    finally:
        bar.close()
    return case


__all__: Sequence[str] = ("import_legs", "import_to_yaml", "EXTENSIONS")
