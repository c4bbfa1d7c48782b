"""Place-name normalisation: the one rule shared by the index and every query.

Two forms:

* :func:`normalize` — casefolded, diacritics removed, apostrophes dropped,
  hyphens/punctuation turned into single spaces, a leading "the" removed.
  Used for display in reasons and for fuzzy scoring.
* :func:`name_key` — :func:`normalize` without spaces: the exact-match key, so
  that ``Rostov-on-Don``, ``Rostov on Don`` and ``RostovOnDon`` meet.

Native scripts are kept (only combining marks are removed, then the text is
recomposed, so Hangul syllables survive): ``나진``, ``Тихорецк``, ``长春``.

>>> normalize("Ch'ongjin"), normalize("Sinŭiju"), normalize("the Tumen crossing")
('chongjin', 'sinuiju', 'tumen crossing')
>>> name_key("Ulan-Ude") == name_key("ulan ude") == name_key("ULAN–UDE")
True
>>> normalize("나진"), normalize("Тихорецк"), normalize("长春")
('나진', 'тихорецк', '长春')
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["latin_spelling", "normalize", "name_key"]

# Apostrophe-like marks used in romanizations (McCune-Reischauer Ch'ŏngjin, Russian
# soft signs written as ʹ, Pinyin syllable breaks Xi'an): dropped, not spaced.
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʻʹʽ′"), None)
# Everything that is not a letter, a digit or a mark becomes a space.
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)


class _DropCombining(dict):
    """A ``str.translate`` table that deletes combining marks, filled on first sight of each character."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value = None if unicodedata.combining(ch) else ch
        self[code] = value
        return value


_DROP_COMBINING = _DropCombining()


def normalize(text: str) -> str:
    """Casefold, strip diacritics and apostrophes, turn punctuation into single spaces.

    >>> normalize("  Rostov-on-Don ")
    'rostov on don'
    >>> normalize("Komsomol’sk-na-Amure")
    'komsomolsk na amure'
    >>> normalize("Ḩamhŭng")
    'hamhung'
    """
    if text.isascii():  # no diacritics, and only two apostrophe-like marks: the fast path
        text = text.replace("'", "").replace("`", "").lower()
    else:
        text = text.translate(_APOSTROPHES)
        text = unicodedata.normalize("NFKD", text)
        text = text.translate(_DROP_COMBINING)
        text = unicodedata.normalize("NFC", text).casefold()
    if text.isalnum():  # nothing to separate: isalnum() is exactly "no [\W_]" (re's Unicode \w)
        return text
    text = _SEPARATORS.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def name_key(text: str) -> str:
    """The exact-match key: :func:`normalize` with the spaces removed.

    >>> name_key("Nam'po"), name_key("Nam-p'o"), name_key("NAMPO")
    ('nampo', 'nampo', 'nampo')
    """
    return normalize(text).replace(" ", "")


#: Russian and Ukrainian letters in the romanization GeoNames mostly uses (BGN/PCGN without diacritics).
_CYRILLIC = dict(zip(map(ord, "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ"), (
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
    "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g"), strict=True))


def latin_spelling(text: str) -> str | None:
    """The Latin spelling of a Cyrillic name (BGN/PCGN-like, as GeoNames spells most), or None if it has no Cyrillic.

    >>> latin_spelling("Ростов"), latin_spelling("Петропавловск-Камчатский"), latin_spelling("Najin")
    ('rostov', 'petropavlovsk-kamchatskiy', None)
    """
    low = text.lower()
    if not any("\u0400" <= ch <= "\u04ff" for ch in low):
        return None
    return low.translate(_CYRILLIC)
