"""Wire datelines: "MOSCOW, Feb 20 (Reuters) -", "WASHINGTON (AP) —", "موسكو، 20 فبراير 2025 -",
"دمشق - سانا". A dateline gives the report's place and date, nothing more: the city in it is not an
actor and its date is not a claim's date, so the extractor sets both aside.

    dateline_spans(text, language, mentions) -> [(start, end)]

A dateline opens a line (the article's first lines, or a paragraph) and ends at its dash. In English its
place is written in capitals ("MOSCOW", "UNITED NATIONS", "KABUL, Afghanistan"); in Arabic it is a name
the gazetteer knows (a capital, state or place) followed, before the dash, only by a date, an agency or
both. Anything longer is prose, not a dateline.
"""

from __future__ import annotations

import re

_AGENCY = r"\((?:[^()\n]{1,30})\)"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_EN = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3})"  # MOSCOW, UNITED NATIONS
    r"(?:,[ \t]*[A-Z][\w.'’-]+(?:[ \t]+[A-Z][\w.'’-]+){0,2})?"  # , Afghanistan
    r"(?:[ \t]*,?[ \t]*" + _MONTH + r"[ \t]+\d{1,2}(?:,?[ \t]*\d{4})?)?"  # , Feb 20 [, 2025]
    r"(?:[ \t]*" + _AGENCY + r")?"  # (Reuters)
    r"[ \t]*(?:[-–—]{1,2}|:)[ \t]*")
_AR_DATE = r"(?:[\w\s]{0,12}\d{1,2}\s+[\u0600-\u06FF]+(?:\s+\d{4})?|\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?)"
_AR = re.compile(
    r"(?m)^[ \t]*(?P<place>[\u0600-\u06FF]+(?:[ \t]+[\u0600-\u06FF]+){0,2})"
    r"[ \t]*(?:[،,][ \t]*" + _AR_DATE + r")?"
    r"[ \t]*(?:" + _AGENCY + r")?"
    r"[ \t]*[-–—][ \t]*(?:" + _AGENCY + r"|[\u0600-\u06FF]+(?:[ \t]+[\u0600-\u06FF]+){0,2}[ \t]*[-–—:]|(?=\S))")
_PLACE_KINDS = {"State", "Place"}


def dateline_spans(text: str, language: str, mentions) -> list[tuple[int, int]]:
    """[start, end) of each dateline in `text`."""
    out = []
    if language == "en":
        for m in _EN.finditer(text):
            place = m.group("place")
            if len(place) < 3 or not any(ch.isalpha() for ch in place):
                continue
            out.append((m.start("place"), m.end()))
        return out
    for m in _AR.finditer(text):
        start, end = m.start("place"), m.end("place")
        if not any(x.start == start and x.end <= end and (x.entry.kind in _PLACE_KINDS or x.via == "capital")
                   for x in mentions):
            continue
        # the place must be the whole name before the date, agency or dash (one mention, nothing else)
        named = [x for x in mentions if x.start == start]
        if named and text[named[0].end:end].strip():
            continue
        out.append((start, m.end()))
    return out


def outside(items: list, spans: list[tuple[int, int]]) -> list:
    """The mentions, officials or dates that lie in no dateline."""
    if not spans:
        return items
    return [x for x in items if not any(a <= x.start and x.end <= b for a, b in spans)]
