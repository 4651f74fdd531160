"""Text normalisation for matching Arabic (and Latin) text, with offsets back into the original.

`normalize(text)` removes diacritics, tatweel and invisible format characters, unifies letter variants
(alef forms -> ا, ؤ/ئ -> ء, ى -> ي, ة -> ه, Persian ک/ی -> ك/ي, Arabic-Indic digits -> ASCII,
presentation forms and ligatures -> their letters) and lower-cases Latin (and Cyrillic) letters.
Matching runs on `Normalized.text`; `Normalized.to_original(i)` maps any index of it, start or end,
back to the original string, so quotes and spans always point at the characters the article has.

ؤ and ئ become ء (rather than و and ي) so that the two common spellings of one word meet:
مسؤول/مسئول, شؤون/شئون. pyarabic's default normalize_hamza would also turn أ/إ into ء, which
splits أفغانستان from افغانستان; here alef forms become a bare alef instead.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

# One word of normalised text: letters and digits of any script (diacritics are gone by then).
WORD = re.compile(r"[^\W_]+")

_DELETE = (
    [chr(c) for c in range(0x0610, 0x061B)]  # Quranic honorifics and small letters
    + [chr(c) for c in range(0x064B, 0x0660)]  # harakat, tanwin, shadda, sukun, maddah, hamza marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06DD)] + [chr(c) for c in range(0x06DF, 0x06E5)]
    + ["\u06E7", "\u06E8"] + [chr(c) for c in range(0x06EA, 0x06EE)]
    # invisible formatting: joiners, bidi marks and embeddings, BOM, soft hyphen
    + ["\u200D", "\u200E", "\u200F", "\u061C", "\u00AD", "\uFEFF"]
    + [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
)
_ONE_TO_ONE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "ء", "ئ": "ء",
    "ى": "ي", "ی": "ي", "ې": "ي",
    "ة": "ه", "ۀ": "ه",
    "ک": "ك",
    "\u00A0": " ", "\u202F": " ", "\u2007": " ", "\u200B": " ",
    "’": "'", "‘": "'", "ʼ": "'", "`": "'",
    "İ": "i",  # the one character whose lower() is two characters long
    "ё": "е", "Ё": "е",
}
for _i in range(10):
    _ONE_TO_ONE[chr(0x0660 + _i)] = str(_i)
    _ONE_TO_ONE[chr(0x06F0 + _i)] = str(_i)
_TABLE = str.maketrans({**_ONE_TO_ONE, **{c: None for c in _DELETE}})

# Characters that change the length: deletions and presentation forms (NFKC expands e.g. ﻻ to لا).
_SPECIAL = re.compile("[" + "".join(re.escape(c) for c in _DELETE) + "\uFB50-\uFDFF\uFE70-\uFEFE]")


def _expand(ch: str) -> str:
    if ch in _DELETE:
        return ""
    return unicodedata.normalize("NFKC", ch).translate(_TABLE).lower()


@dataclass(frozen=True)
class Normalized:
    """Normalised text and the map back to the original. `offsets[i]` is the original index of the
    normalised character i (offsets[len(text)] == len(original)); None means the identity."""

    original: str
    text: str
    offsets: array | None = None  # a compact int array: cached results stay small

    def to_original(self, i: int) -> int:
        """Original index for a normalised index 0..len(text); as an end offset it takes in the
        diacritics and invisible marks that follow the last matched letter."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"normalised index {i} outside 0..{len(self.text)}")
        return i if self.offsets is None else self.offsets[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)


@lru_cache(maxsize=4096)
def normalize(text: str) -> Normalized:
    # cached: extraction normalises the same sentences once per rule
    if not _SPECIAL.search(text):
        return Normalized(text, text.translate(_TABLE).lower())
    pieces: list[str] = []
    offsets = array("l")
    pos = 0
    for m in _SPECIAL.finditer(text):
        s = m.start()
        if s > pos:
            pieces.append(text[pos:s].translate(_TABLE).lower())
            offsets.extend(range(pos, s))
        rep = _expand(m.group())
        pieces.append(rep)
        offsets.extend([s] * len(rep))
        pos = s + 1
    if pos < len(text):
        pieces.append(text[pos:].translate(_TABLE).lower())
        offsets.extend(range(pos, len(text)))
    out = "".join(pieces)
    offsets.append(len(text))
    return Normalized(text, out, offsets)


# Proclitics that may be written onto a name: conjunctions و ف, prepositions ب ل ك, and their pairs.
_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_CLITIC_LETTERS = frozenset("وفبلك")


@lru_cache(maxsize=65536)
def clitic_variants(token: str) -> tuple[tuple[int, str], ...]:
    """Readings of one normalised Arabic token as proclitics + word: (characters cut, word), the token
    itself first. ل before the article drops its alef (ل + الروسيه = للروسيه), so لل yields the
    article back: (1, "الروسيه"), cutting only the preposition."""
    if token[:1] not in _CLITIC_LETTERS:
        return ((0, token),)
    out = [(0, token)]
    for p in _PROCLITICS:
        if token.startswith(p) and len(token) - len(p) >= 2:
            out.append((len(p), token[len(p):]))
    for p in ("", "و", "ف"):
        if token.startswith(p + "لل") and len(token) - len(p) >= 4:
            out.append((len(p) + 1, "ا" + token[len(p) + 1:]))
    return tuple(out)


_MARKS = str.maketrans({c: None for c in _DELETE})


def strip_marks(text: str) -> str:
    """The text without diacritics, tatweel and invisible marks, letters otherwise as written (for
    names built from an article: one spelling whether or not the article vocalised it)."""
    return text.translate(_MARKS)


_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


def is_arabic(text: str) -> bool:
    """True when the text has Arabic letters."""
    return bool(_ARABIC_LETTER.search(text))
