"""Sentences with their offsets in the original text.

A sentence ends at . ! ? ؟ (and the Arabic semicolon ؛ or ; where a clause is complete) followed by
space, or at a line break. Abbreviations (U.S., Dr., Mr.) and decimals do not end a sentence. Headlines
and datelines are lines of their own, so they stay separate sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_END = re.compile(r"(?<=[.!?؟])[\"'»”)\]]*\s+|\n\s*")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|St|Jr|Sr|No|vs|etc|Prof|Rep|Sen|Gov|Amb)\.)$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0).strip() == "" and "\n" not in m.group(0) and _ABBREV.search(text[start:m.start()]):
            continue  # "U.S. officials": the full stop belongs to an abbreviation
        _add(out, text, start, m.start())
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
