"""Partial ISO dates: "2021", "2021-08", "2021-08-15". The string's length is its precision.

A claim date is never padded: "2021-08" stays a month. For window queries each date is
also stored as the first and last day it covers (`date_from`, `date_to`), so an overlap
test on ISO strings is exact on FalkorDB and Neo4j alike (no date arithmetic in Cypher).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only, used with fullmatch
PRECISIONS = {4: "year", 7: "month", 10: "day"}


def parse_partial(value: str) -> tuple[str, str, str]:
    """Return (date_from, date_to, precision) for a partial ISO date; ValueError if it is not one."""
    m = _PARTIAL.fullmatch(value)
    if not m:
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    if m.group(3):
        day = date(year, int(m.group(2)), int(m.group(3)))  # raises on 2024-13-45
        return day.isoformat(), day.isoformat(), "day"
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"date {value!r} has month {month}")
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}", "month"
    if year < 1:
        raise ValueError(f"date {value!r} has year 0")
    return f"{year:04d}-01-01", f"{year:04d}-12-31", "year"


def check_day(value: str) -> str:
    """Validate a full ISO day (query parameters, publication dates)."""
    _, _, precision = parse_partial(value)
    if precision != "day":
        raise ValueError(f"date {value!r} is not a full day YYYY-MM-DD")
    return value
