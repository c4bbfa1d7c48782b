"""Colours, dashes and opacities by mode, status and place kind: the one place they are set.

Used by the HTML briefing map (CSS/SVG dash strings) and the static image
(matplotlib line styles), so both read the same legend.
"""
from __future__ import annotations

from dataclasses import dataclass

#: line colour by leg mode (colour-blind-safe Okabe–Ito hues)
MODE_COLOURS: dict[str, str] = {
    "sea": "#0072B2",      # blue
    "rail": "#D55E00",     # vermilion
    "road": "#009E73",     # green
    "air": "#CC79A7",      # purple
    "unknown": "#555555",  # grey
}

#: marker colour by place kind (anything else: grey)
KIND_COLOURS: dict[str, str] = {
    "port": "#0072B2",
    "rail_station": "#D55E00",
    "border_crossing": "#E69F00",
    "bridge": "#E69F00",
    "depot": "#7B2D8E",
    "military_base": "#7B2D8E",
    "factory": "#7B2D8E",
    "cosmodrome": "#7B2D8E",
    "facility": "#7B2D8E",
    "airport": "#CC79A7",
    "city": "#333333",
    "town": "#333333",
    "village": "#333333",
}
DEFAULT_KIND_COLOUR = "#666666"

#: place-kind groups shown in the legend, in order
KIND_LEGEND: tuple[tuple[str, str], ...] = (
    ("port", "port"),
    ("rail_station", "rail station"),
    ("border_crossing", "border crossing / bridge"),
    ("depot", "depot, base, factory, site"),
    ("airport", "airport"),
    ("city", "city, town"),
)

LAND = "#F2EFE9"
WATER = "#D6E6F2"
BORDER = "#9A9A9A"
CLAIM_LINE = "#111111"
#: the static image's ink (frame, labels, scale bar, north arrow) and its secondary and note text
INK = "#111"
SECONDARY_TEXT = "#444"
NOTE_TEXT = "#555"
#: country names on the static image, and the legend's sample place marker there
COUNTRY_LABEL = "#8a8a8a"
PLACE_SAMPLE = "#666"
#: the marking banner (e.g. UNCLASSIFIED) on both maps (briefing.css has the same two values)
BANNER_TEXT = "#5a4700"
BANNER_FILL = "#FFF3B0"
#: a sighting's ring by its check on both maps (briefing.js has the same values)
SIGHTING_RING: dict[str, str] = {"consistent": "#1a7f37", "inconsistent": "#c0392b"}
SIGHTING_UNCHECKED = "#777777"
#: text/line colour of a verdict (the briefing's popups and table, the KML claim lines)
VERDICT_COLOURS: dict[str, str] = {"consistent": "#1A7F37", "inconsistent": "#B42318", "cannot check": "#6B6B6B"}


def kml_colour(colour: str, opacity: float = 1.0) -> str:
    """A ``#RRGGBB`` colour as KML's ``aabbggrr`` hex (alpha first, then blue, green, red).

    >>> kml_colour("#009E73"), kml_colour("#0072B2", 0.45)
    ('ff739e00', '73b27200')
    """
    r, g, b = colour[1:3], colour[3:5], colour[5:7]
    return f"{round(max(0.0, min(1.0, opacity)) * 255):02x}{b}{g}{r}".lower()


@dataclass(frozen=True)
class LineStyle:
    """How one leg is drawn. ``dash`` is an SVG dash array ("" = solid); ``width`` in px."""

    colour: str
    dash: str
    opacity: float
    width: float

    @property
    def mpl_dashes(self) -> tuple[float, ...] | None:
        """The dash pattern for matplotlib (in points), or None for solid."""
        if not self.dash:
            return None
        return tuple(float(x) / 1.5 for x in self.dash.split())


#: status → (dash, opacity); disputed/denied are faded and the word is in the popup. No status uses
#: dots, which mean a claim's measured line (:data:`CLAIM_STYLE`) on every map.
STATUS_STYLE: dict[str, tuple[str, float]] = {
    "confirmed": ("", 0.95),
    "reported": ("10 6", 0.9),
    "disputed": ("12 5 3 5", 0.45),
    "denied": ("4 4", 0.35),
}

#: KML line width (px) per status: confirmed wide, denied thin (KML has no dashes; colour and opacity as above)
KML_STATUS_WIDTH: dict[str, int] = {"confirmed": 4, "reported": 3, "disputed": 3, "denied": 2}

#: a claim's measured line: thin black round dots
CLAIM_STYLE = LineStyle(CLAIM_LINE, "1 5", 0.9, 2.0)
#: the neutral colour status samples are drawn in (the mode gives the colour on the map)
STATUS_SAMPLE = "#333333"


@dataclass(frozen=True)
class LegendLine:
    """One line sample of a legend: its section (Mode, Status, Claims), label and look."""

    section: str
    label: str
    look: LineStyle


def legend_lines(modes: list[str] | tuple[str, ...], statuses: list[str] | tuple[str, ...],
                 claims: bool) -> list[LegendLine]:
    """The line samples every legend shows (HTML map and static image), in order: the modes used
    (solid, in their colour), the statuses used (their dash and opacity, neutral colour), and the
    claim line when one is drawn. Unknown modes and statuses are left out.

    >>> [(x.section, x.label, x.look.dash) for x in legend_lines(["sea"], ["reported"], True)]
    [('Mode', 'sea', ''), ('Status', 'reported', '10 6'), ('Claims', 'measured line of a claim', '1 5')]
    """
    out = [LegendLine("Mode", m, LineStyle(MODE_COLOURS[m], "", 1.0, 3.0)) for m in MODE_COLOURS if m in modes]
    for st in STATUS_STYLE:
        if st in statuses:
            dash, opacity = STATUS_STYLE[st]
            out.append(LegendLine("Status", st, LineStyle(STATUS_SAMPLE, dash, opacity, 3.0)))
    if claims:
        out.append(LegendLine("Claims", "measured line of a claim", CLAIM_STYLE))
    return out


def leg_style(mode: str, status: str) -> LineStyle:
    """The line style of a leg by its mode and its shipment's status.

    >>> leg_style("sea", "confirmed")
    LineStyle(colour='#0072B2', dash='', opacity=0.95, width=3.0)
    >>> leg_style("rail", "reported").dash
    '10 6'
    """
    colour = MODE_COLOURS.get(mode, MODE_COLOURS["unknown"])
    dash, opacity = STATUS_STYLE.get(status, STATUS_STYLE["reported"])
    return LineStyle(colour, dash, opacity, 3.0)


def kind_colour(kind: str) -> str:
    """Marker colour for a place kind.

    >>> kind_colour("port"), kind_colour("point")
    ('#0072B2', '#666666')
    """
    return KIND_COLOURS.get(kind, DEFAULT_KIND_COLOUR)

#: the fixed marks of the briefing's legend: place-marker edge, uncertainty circle, direction arrow,
#: and the marker of a place of any other kind
LEGEND_MARKS: dict[str, str] = {"marker_edge": "#fff", "uncertainty": "#666", "arrow": "#333",
                                "other_place": DEFAULT_KIND_COLOUR}
