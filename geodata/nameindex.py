"""The gazetteer's in-memory name index over the user and curated places (GeoNames stays on disk).

:func:`resolve_sources` decides which user and curated places count (a user place
replaces the curated place whose main name it carries); :class:`NameIndex` keys
their names and aliases for exact, word and fuzzy search (:mod:`geodata.gazetteer`).
"""
from __future__ import annotations

import re

from .curated import Curated
from .match import _CURATED, _USER
from .normalize import name_key, normalize
from .place import Place


def resolve_sources(overlay: tuple[Place, ...], curated: Curated) -> tuple[list[Place], list[Place], dict[str, str]]:
    """The user places that count, the curated places still visible, and the preferred phrases.

    Replacement is by whole place, never by a shared alias:

    * a user place is replaced by a later one with the same id or the same
      main name (later files and the case's own ``places:`` win);
    * a curated place is replaced by the user places whose name or any alias
      is its main name (they are the same place, given by the user); its
      ``preferred_for`` phrases pass to the user place that replaced it.

    Places that merely share an alias (e.g. "Tumen crossing" on three bridges)
    all stay listed under it: user places rank first, ambiguity stays visible.
    """
    user: list[Place] = []
    ids: set[str] = set()
    names: set[str] = set()
    for p in reversed(overlay):  # the last given wins
        nk = name_key(p.name)
        if p.id in ids or nk in names:
            continue
        ids.add(p.id)
        names.add(nk)
        user.append(p)
    user.reverse()
    claimed: dict[str, Place] = {}  # name key -> the latest user place carrying it as its name or an alias
    for p in user:
        for n in (p.name, *p.aliases):
            claimed[name_key(n)] = p
    for p in user:  # a place's own main name beats another place's alias
        claimed[name_key(p.name)] = p
    kept: list[Place] = []
    replaced_by: dict[str, str] = {}
    for p in curated.places:
        by = claimed.get(name_key(p.name))
        if by is not None:
            replaced_by[p.id] = by.id
        elif p.id not in ids:
            kept.append(p)
    preferred = {k: replaced_by.get(pid, pid) for k, pid in curated.preferred.items()}
    return user, kept, preferred


class NameIndex:
    """Names and aliases of the user places (tier ``_USER``) and the visible curated places (``_CURATED``).

    ``mem``: name key -> [(tier, place, matched text, is_alias)]; ``forms``: :func:`normalize` form ->
    [(tier, place, matched text)] for fuzzy search; ``words``: each name's words; ``from_gid``: GeoNames id ->
    the curated/user place derived from it; ``preferred``: phrase key -> the place id preferred for it.
    """

    def __init__(self, overlay: tuple[Place, ...], curated: Curated) -> None:
        self.mem: dict[str, list[tuple[int, Place, str, bool]]] = {}
        self.forms: dict[str, list[tuple[int, Place, str]]] = {}   # normalize() form -> entries (fuzzy)
        self.words: list[tuple[int, Place, frozenset[str]]] = []
        user, visible, self.preferred = resolve_sources(overlay, curated)
        for tier, places in ((_USER, user), (_CURATED, visible)):
            for p in places:
                for n in (p.name, *p.aliases):
                    norm = normalize(n)
                    k = norm.replace(" ", "")
                    if not k:
                        continue
                    self.mem.setdefault(k, []).append((tier, p, n, n != p.name))
                    self.forms.setdefault(norm, []).append((tier, p, n))
                    self.words.append((tier, p, frozenset(norm.split())))
        # GeoNames places a curated/user entry was derived from ("GeoNames <id>" in its source): the same place
        self.from_gid: dict[int, tuple[int, Place]] = {}
        for key_entries in self.mem.values():
            for tier, p, _, _ in key_entries:
                m = re.match(r"GeoNames (\d+)", p.source)
                if m:
                    self.from_gid.setdefault(int(m.group(1)), (tier, p))
