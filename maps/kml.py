"""KML 2.2 for Google Earth: a folder per shipment, styled and tessellated legs, time spans.

Written with :mod:`xml.etree.ElementTree` (which escapes all text). Each leg
is a Placemark with a style per mode and status, ``<tessellate>1</tessellate>``
so long legs follow the earth's curve, a ``<TimeSpan>`` (earliest departure to
latest arrival, as reported) so the time slider works, ExtendedData with the
``routes.exportschema`` columns, and an HTML description listing the sources —
case text is HTML-escaped and only http(s) URLs become links. A line that
crosses ±180° is written as a MultiGeometry of its cut parts.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import xml.etree.ElementTree as ET
from typing import Any, Iterable, Iterator

from geodata.base.atomic import atomic_write
from routes import exportschema
from routes.model import MODES, STATUSES

from . import style
from .coords import coord_text
from .features import Feature, FeatureSet

KML_NS = "http://www.opengis.net/kml/2.2"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NCNAME = re.compile(r"[^A-Za-z0-9_.-]")


def clean(text: object) -> str:
    """Text safe for XML 1.0 (control characters removed); ElementTree escapes the rest.

    >>> clean("a\\x00b<c>")
    'ab<c>'
    """
    return _BAD_XML.sub("", str(text))


def is_web_url(url: str | None) -> bool:
    """True for http(s) URLs, the only ones made into links.

    >>> is_web_url("https://example.org/a"), is_web_url("javascript:alert(1)"), is_web_url(None)
    (True, False, False)
    """
    return bool(url) and str(url).strip().lower().startswith(("http://", "https://"))


def xml_id(prefix: str, value: str) -> str:
    """An XML ID (NCName) made from a routemap id.

    >>> xml_id("leg", "angara-2023/1")
    'leg-angara-2023_1'
    """
    return f"{prefix}-{_NCNAME.sub('_', value)}"


def _sub(parent: ET.Element, tag: str, text: object = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = clean(text)
    return el


def _sources_html(props: dict[str, Any]) -> str:
    ids = exportschema.split(props.get("source_ids"))
    if not ids:
        return ""
    titles = exportschema.split(props.get("source_titles"))
    urls = exportschema.split(props.get("source_urls"))
    items = []
    for i, sid in enumerate(ids):
        title = titles[i] if i < len(titles) and titles[i] else sid
        url = urls[i] if i < len(urls) else ""
        t = html.escape(title)
        if is_web_url(url):
            t = f'<a href="{html.escape(url.strip(), quote=True)}">{t}</a>'
        items.append(f"<li>{t} ({html.escape(sid)})</li>")
    return "<p>Sources:</p><ul>" + "".join(items) + "</ul>"


def _rows_html(rows: Iterable[tuple[str, Any]]) -> str:
    cells = "".join(f"<tr><th align=\"left\">{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                    for k, v in rows if v not in (None, ""))
    return f"<table>{cells}</table>" if cells else ""


def leg_description(p: dict[str, Any]) -> str:
    """HTML description of a leg: what, when, how it was drawn, warnings, sources."""
    length = f"{p['length_km']:,.1f} km ({p['method']})" if p.get("length_km") is not None else None
    rows = [("Shipment", p.get("shipment_title")), ("Mode", p.get("mode")), ("Status", p.get("status")),
            ("Confidence", p.get("confidence")), ("Carrier", p.get("carrier")), ("Cargo", p.get("cargo")),
            ("Depart", p.get("depart")), ("Arrive", p.get("arrive")), ("Length", length),
            ("Via", p.get("via_names")), ("Snaps", p.get("snaps")), ("Warnings", p.get("warnings")),
            ("Notes", p.get("notes"))]
    return _rows_html(rows) + _sources_html(p)


def place_description(p: dict[str, Any]) -> str:
    """HTML description of a place: kind, country, uncertainty, provenance, legs."""
    unc = f"{p['uncertainty_km']:g} km" if p.get("uncertainty_km") is not None else None
    rows = [("Kind", p.get("kind")), ("Country", p.get("country")), ("Uncertainty", unc),
            ("Coordinates from", p.get("place_source")), ("Legs", p.get("leg_ids")), ("Notes", p.get("notes"))]
    return _rows_html(rows)


def _figure(value: Any, unit: Any) -> str | None:
    return None if value is None else f"{value:,.6g} {unit or ''}".strip()


def claim_description(p: dict[str, Any]) -> str:
    """HTML description of a check: verdict, claimed vs computed (text and numbers), method, source.

    >>> "Δ (computed − claimed)</th><td>-276 trucks</td>" in claim_description(
    ...     {"verdict": "inconsistent", "delta": -276.0, "unit": "trucks", "tolerance": 30.0})
    True
    """
    u = p.get("unit")
    rows = [("Verdict", p.get("verdict")), ("Claimed", p.get("claimed")), ("Computed", p.get("computed")),
            ("Difference", p.get("detail")), ("Δ (computed − claimed)", _figure(p.get("delta"), u)),
            ("Tolerance", _figure(p.get("tolerance"), u)), ("Basis", p.get("basis")), ("Method", p.get("method"))]
    return _rows_html(rows) + _sources_html(p)


def time_span(p: dict[str, Any]) -> tuple[str | None, str | None]:
    """(begin, end) of a leg: earliest possible departure and latest possible arrival, as reported.

    >>> time_span({"depart_earliest": "2023-09-07", "arrive_latest": "2023-09-12"})
    ('2023-09-07', '2023-09-12')
    >>> time_span({"arrive_earliest": "2023-09", "arrive_latest": "2023-10-13"})
    ('2023-09', '2023-10-13')
    """
    begin = p.get("depart_earliest") or p.get("arrive_earliest")
    end = p.get("arrive_latest") or p.get("depart_latest")
    return begin, end


def _coords(part: Iterable[tuple[float, float]], precision: int) -> str:
    return coord_text(part, precision, ",", " ")


def _geometry(pm: ET.Element, f: Feature, precision: int) -> None:
    if not f.has_geometry:
        return      # a check with nothing to draw: a Placemark without geometry (valid KML 2.2)
    if f.is_point:
        pt = _sub(pm, "Point")
        _sub(pt, "coordinates", _coords(f.parts[0], precision))
        return
    parent = _sub(pm, "MultiGeometry") if len(f.parts) > 1 else pm
    for part in f.parts:
        ls = _sub(parent, "LineString")
        _sub(ls, "tessellate", "1")
        _sub(ls, "coordinates", _coords(part, precision))


def _extended(pm: ET.Element, props: dict[str, Any]) -> None:
    ext = _sub(pm, "ExtendedData")
    for k, v in props.items():
        if v is None:
            continue
        d = _sub(ext, "Data", name=k)
        _sub(d, "value", v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)


def _placemark(f: Feature, name: str, description: str, style: str, precision: int,
               timed: bool = False) -> ET.Element:
    """One feature's Placemark, not yet in a folder."""
    pm = ET.Element("Placemark", id=xml_id(f.layer[:-1], f.id))
    _sub(pm, "name", name)
    if description:
        _sub(pm, "description", description)
    if timed:
        begin, end = time_span(f.properties)
        if begin or end:
            ts = _sub(pm, "TimeSpan")
            if begin:
                _sub(ts, "begin", begin)
            if end:
                _sub(ts, "end", end)
    _sub(pm, "styleUrl", f"#{style}")
    _extended(pm, f.properties)
    _geometry(pm, f, precision)
    return pm


def _styles(doc: ET.Element) -> None:
    st = _sub(doc, "Style", id="place")
    icon = _sub(st, "IconStyle")
    _sub(icon, "scale", "0.8")
    _sub(_sub(icon, "Icon"), "href", "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png")
    for mode in MODES:
        for status in STATUSES:
            look = style.leg_style(mode, status)
            st = _sub(doc, "Style", id=f"leg-{mode}-{status}")
            ls = _sub(st, "LineStyle")
            _sub(ls, "color", style.kml_colour(look.colour, look.opacity))
            _sub(ls, "width", str(style.KML_STATUS_WIDTH[status]))
    for verdict, colour in style.VERDICT_COLOURS.items():
        st = _sub(doc, "Style", id=xml_id("claim", verdict))
        ls = _sub(st, "LineStyle")
        _sub(ls, "color", style.kml_colour(colour))
        _sub(ls, "width", "2")


def _head(fs: FeatureSet) -> ET.Element:
    """The root with its Document, title and styles (no folders yet)."""
    root = ET.Element("kml", xmlns=KML_NS)
    doc = _sub(root, "Document")
    _sub(doc, "name", fs.title)
    _sub(doc, "open", "1")
    _styles(doc)
    return root


#: a folder (its name and description) and its placemarks, made one at a time
FolderParts = tuple[ET.Element, int, Iterator[ET.Element]]


def _folders(fs: FeatureSet, precision: int, include_claims: bool) -> Iterator[FolderParts]:
    """The Places folder, a folder per shipment, the Claims folder: each with its number of placemarks
    and the placemarks, built one at a time."""
    places = ET.Element("Folder", id="places")
    _sub(places, "name", "Places")
    yield places, len(fs.places), (
        _placemark(f, f.properties["name"], place_description(f.properties), "place", precision) for f in fs.places)
    by_shipment: dict[str, list[Feature]] = {}
    for f in fs.legs:
        by_shipment.setdefault(f.properties["shipment_id"], []).append(f)
    for s in fs.shipments:
        folder = ET.Element("Folder", id=xml_id("shipment", s.id))
        _sub(folder, "name", s.properties.get("title") or s.id)
        desc = _rows_html([("Cargo", s.properties.get("cargo")), ("Quantity", s.properties.get("quantity")),
                           ("Status", s.properties.get("status")), ("Confidence", s.properties.get("confidence")),
                           ("Length", f"{s.properties['length_km']:,.1f} km"), ("Notes", s.properties.get("notes"))])
        _sub(folder, "description", desc + _sources_html(s.properties))
        legs = by_shipment.get(s.id, [])
        yield folder, len(legs), (_leg_placemark(f, precision) for f in legs)
    if include_claims and fs.claims:
        folder = ET.Element("Folder", id="claims")
        _sub(folder, "name", "Checked claims")
        yield folder, len(fs.claims), (
            _placemark(f, f"{f.properties['id']}: {f.properties['verdict']}", claim_description(f.properties),
                       xml_id("claim", f.properties["verdict"]), precision) for f in fs.claims)


def _leg_placemark(f: Feature, precision: int) -> ET.Element:
    p = f.properties
    style = f"leg-{p['mode'] if p['mode'] in MODES else 'unknown'}-{p['status'] if p['status'] in STATUSES else 'reported'}"
    return _placemark(f, f"{p['leg_index']}. {p['label']}", leg_description(p), style, precision, timed=True)


def kml_document(fs: FeatureSet, *, precision: int = 6, include_claims: bool = True) -> ET.Element:
    """The KML element tree: Styles, a Places folder, a folder per shipment, a Claims folder."""
    root = _head(fs)
    doc = root[0]
    for folder, _, placemarks in _folders(fs, precision, include_claims):
        folder.extend(placemarks)
        doc.append(folder)
    return root


def kml_string(fs: FeatureSet, *, precision: int = 6, include_claims: bool = True) -> str:
    """The KML document as text, with an XML declaration."""
    root = kml_document(fs, precision=precision, include_claims=include_claims)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _around(top: ET.Element, parent: ET.Element, level: int) -> tuple[str, str]:
    """The text of ``top`` (indented at ``level``) before and after where ``parent``'s last children go."""
    ET.SubElement(parent, _MARK)
    ET.indent(top, space=" ", level=level)
    before, after = ET.tostring(top, encoding="unicode").split(f"<{_MARK} />")
    return before, after


def write_kml(fs: FeatureSet, path: str | os.PathLike[str], *, precision: int = 6, include_claims: bool = True) -> None:
    """Write ``fs`` as a KML 2.2 file (atomically), streamed: one placemark's elements in memory at a time.

    The bytes are those of :func:`kml_string`: the head and each folder are laid out around a marker
    element where their children go, and each placemark is indented at its depth (3) and written between.
    """
    root = _head(fs)
    head, tail = _around(root, root[0], 0)
    with atomic_write(path) as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head)
        for i, (folder, count, placemarks) in enumerate(_folders(fs, precision, include_claims)):
            if i:
                f.write("\n  ")        # the previous folder's tail: indentation of the next sibling
            if not count:
                ET.indent(folder, space=" ", level=2)
                f.write(ET.tostring(folder, encoding="unicode"))
                continue
            before, after = _around(folder, folder, 2)
            f.write(before)
            for k, pm in enumerate(placemarks):
                ET.indent(pm, space=" ", level=3)
                f.write(("\n   " if k else "") + ET.tostring(pm, encoding="unicode"))
            f.write(after)
        f.write(tail + "\n")


#: a placeholder tag where the streamed folders and placemarks go
_MARK = "routemap-folders"
