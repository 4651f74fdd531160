"""Date expressions in English and Arabic news text, resolved against the publication date.

`find_dates` returns every date expression with its value: a partial ISO date at the precision the text
gives ("2023-02" for "in February last year", "2021" for "in 2021", "2024-10-04" for "on Friday"), or
None when the expression cannot be resolved (a relative date with no publication date, an impossible day
such as 31 February, a range). A partial date is never padded to a full one.

Pure rules: precompiled regexes and small tables, no `dateparser`. dateparser misses the forms Arabic news
uses most ("فبراير/ شباط من العام الماضي", "العام الماضي", "العام 2021", "يوم الجمعة", dual month
names), costs ~3 ms per call against a budget of a few ms per article, and its precision would still
have to be re-derived from the matched words. Every form below is resolved by a few lines of arithmetic.

Resolution rules (P = publication day):
- a weekday ("Friday", "الجمعة", "يوم الجمعة") is the latest such day on or before P; "last Friday" /
  "الجمعة الماضية" strictly before P; "next Friday" / "الجمعة المقبلة" strictly after; "this Friday" the
  nearest one (within three days either side).
- a month or day with no year ("in October", "on 6 October") is in P's year, or the year before when
  that would put it after P; "last October" / "أكتوبر الماضي" is the latest October before P's month.
- "N days ago" / "قبل يومين" is a day; "N months ago" a month; "N years ago" a year.
- weeks have no ISO partial form: "last week" is the window P-13..P-1 (covering every convention of
  where a week starts), "this week" P-6..P, "N weeks ago" P-7N±6, "next week" P+1..P+13; the value is
  the smallest partial date enclosing the window (its month when the window falls in one month, else its
  year), never an invented day.
- "mid-2023", "early October", "أواخر العام الماضي": the year or month itself.
- Hijri dates are ignored. Numeric dates d/m/yyyy are read day-first for Arabic; for English they are
  resolved only when unambiguous (one part > 12, or both equal).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "find_dates", "find_dateline"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: offsets into the original text, the text itself and its resolved value."""

    start: int
    end: int
    text: str
    value: str | None


# ---------------------------------------------------------------------------------------------- tables

D = r"[0-9\u0660-\u0669\u06F0-\u06F9]"  # ASCII, Arabic-Indic and Persian digits: int() reads all three
_HARAKAT = "\u064B-\u0652"

_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_EN_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                  "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
                "sunday": 6}
_EN_WEEKDAY_ABBR = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# Egyptian/Gulf (transliterated), Levantine/Iraqi (Syriac) and Maghrebi (French) month names; keys are
# normalised with _ar_key. Bare names that are also common words ("مارس" = practised) need a cue.
_AR_MONTHS = {
    1: ["يناير", "كانون الثاني", "جانفي"],
    2: ["فبراير", "شباط", "فيفري"],
    3: ["مارس", "آذار", "اذار"],
    4: ["أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "افريل"],
    5: ["مايو", "أيار", "ايار", "ماي"],
    6: ["يونيو", "يونيه", "يونية", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "يولية", "تموز", "جويلية"],
    8: ["أغسطس", "اغسطس", "آب", "أوت", "اوت"],
    9: ["سبتمبر", "أيلول", "ايلول"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"],
    11: ["نوفمبر", "تشرين الثاني"],
    12: ["ديسمبر", "كانون الأول", "كانون الاول"],
}
_AR_WEEKDAYS = {
    0: ["الاثنين", "الإثنين", "الأثنين"],
    1: ["الثلاثاء"],
    2: ["الأربعاء", "الاربعاء"],
    3: ["الخميس"],
    4: ["الجمعة", "الجمعه"],
    5: ["السبت"],
    6: ["الأحد", "الاحد"],
}
_AR_NUMBERS = {"ثلاث": 3, "اربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثماني": 8, "ثمان": 8, "تسع": 9, "عشر": 10}
# unit words after قبل/منذ: (unit, count implied by the form or None when a number must say it)
_AR_UNITS = {
    "يوم": ("day", 1), "يوما": ("day", None), "ايام": ("day", None), "يومين": ("day", 2), "يومان": ("day", 2),
    "اسبوع": ("week", 1), "اسبوعا": ("week", None), "اسابيع": ("week", None), "اسبوعين": ("week", 2),
    "اسبوعان": ("week", 2),
    "شهر": ("month", 1), "شهرا": ("month", None), "اشهر": ("month", None), "شهور": ("month", None),
    "شهرين": ("month", 2), "شهران": ("month", 2),
    "عام": ("year", 1), "عاما": ("year", None), "اعوام": ("year", None), "عامين": ("year", 2),
    "عامان": ("year", 2), "سنه": ("year", 1), "سنوات": ("year", None), "سنين": ("year", None),
    "سنتين": ("year", 2), "سنتان": ("year", 2),
}
_AR_PAST = {"الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته"}
_AR_FUTURE = {"المقبل", "المقبله", "القادم", "القادمه"}
_AR_CURRENT = {"الجاري", "الجاريه", "الحالي", "الحاليه", "هذا", "هذه"}

_TRANS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_MARKS = re.compile(f"[{_HARAKAT}\u0670]")
_SPACES = re.compile(r"\s+")


def _ar_key(s: str) -> str:
    """Spelling-insensitive lookup key for an Arabic word or phrase."""
    return _SPACES.sub(" ", _MARKS.sub("", s).translate(_TRANS)).strip()


_AR_UNIT_ORD = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس", 6: "السادس", 7: "السابع", 8: "الثامن",
                9: "التاسع"}


def _ar_ordinals() -> dict[str, int]:
    """Day ordinals as Arabic news writes them before "من <month>": الأول .. الحادي والثلاثين."""
    unit = {**_AR_UNIT_ORD, 1: "الحادي"}
    out = {**_AR_UNIT_ORD, 10: "العاشر", 20: "العشرين", 30: "الثلاثين"}
    for u in range(1, 10):
        out[10 + u] = f"{unit[u]} عشر"
        out[20 + u] = f"{unit[u]} والعشرين"
    out[31] = "الحادي والثلاثين"
    names = {n: d for d, n in out.items()}
    names.update({"العشرون": 20, "الثلاثون": 30, "الاول": 1})
    return names


_AR_ORDINALS = {_ar_key(n): d for n, d in _ar_ordinals().items()}
_AR_MONTH_NUM = {_ar_key(n): m for m, names in _AR_MONTHS.items() for n in names}
_AR_WEEKDAY_NUM = {_ar_key(n): d for d, names in _AR_WEEKDAYS.items() for n in names}


def _alts(words) -> str:
    """Regex alternation, longest first so that "تشرين الثاني" wins over a shorter prefix."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


# ------------------------------------------------------------------------------------------ regex parts

_EN_MON = (r"(?P<mon>(?:" + _alts([w.capitalize() for w in _EN_MONTHS] + [w.upper() for w in _EN_MONTHS])
           + r")\b|(?:" + _alts([w.capitalize() for w in _EN_MONTH_ABBR] + [w.upper() for w in _EN_MONTH_ABBR])
           + r")(?:\.|\b))")
_EN_WD_FULL = _alts([w.capitalize() for w in _EN_WEEKDAYS] + [w.upper() for w in _EN_WEEKDAYS])
_EN_WD_ANY = _alts([w.capitalize() for w in _EN_WEEKDAYS] + [w.capitalize() for w in _EN_WEEKDAY_ABBR]
                   + [w.upper() for w in _EN_WEEKDAYS])
_EN_WD_PREFIX = rf"(?:(?:{_EN_WD_ANY})\.?,?\s+)?"
_EN_ON = r"(?:(?i:on|in)\s+)?"
_EN_Y = rf"(?<!{D})(?P<y>{D}{{4}})(?!{D})"
_EN_RELY = r"(?P<rely>(?i:last|this|next))\s+(?i:year)\b"
_EN_MOD = r"(?P<mod>(?i:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of))"

_AR_MON = lambda g: rf"(?P<{g}>{_alts(n for names in _AR_MONTHS.values() for n in names)})(?!\w)"  # noqa: E731
_AR_WD = _alts(n for names in _AR_WEEKDAYS.values() for n in names)
# A match may start after the clitics و ف ب ل ("وأمس", "بالأمس", "وفي العام") without taking them in.
_AR_START = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل])|(?<=(?<!\w)[وف][بل]))"
_AR_PRE = r"(?:(?P<pre>في|منذ|خلال|حتى|بحلول|قبل|بعد|من|إلى|الى)\s+)?"
_AR_MOD = r"(?:(?P<mod>مطلع|أوائل|اوائل|أواخر|اواخر|منتصف|نهاية|بداية|أواسط|اواسط|مستهل)\s+)?"
_AR_RELADJ = _alts(["الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة", "الجاري", "الجارية",
                    "الحالي", "الحالية", "المقبل", "المقبلة", "القادم", "القادمة"])
_AR_RELYEAR = rf"(?:(?:ال)?عام|(?:ال)?سن[ةه])\s+(?:{_AR_RELADJ})|هذا\s+العام|هذه\s+السن[ةه]"
_AR_UNIT_RE = _alts(["يوم", "يوما", "أيام", "ايام", "يومين", "يومان", "أسبوع", "اسبوع", "أسبوعا", "اسبوعا",
                   "أسابيع", "اسابيع", "أسبوعين", "اسبوعين", "أسبوعان", "شهر", "شهرا", "أشهر", "اشهر", "شهور",
                   "شهرين", "شهران", "عام", "عاما", "أعوام", "اعوام", "عامين", "عامان", "سنة", "سنوات", "سنين",
                   "سنتين", "سنتان"])
_AR_NUM = r"ثلاث[ةه]?|[أا]ربع[ةه]?|خمس[ةه]?|ست[ةه]?|سبع[ةه]?|ثماني[ةه]?|ثمان|تسع[ةه]?|عشر[ةه]?"


def _c(pattern: str) -> re.Pattern:
    return re.compile(pattern)


# English
_R_EN_DMY = _c(rf"\b{_EN_ON}{_EN_WD_PREFIX}(?:(?i:the)\s+)?(?<!{D})(?P<d>{D}{{1,2}})(?:st|nd|rd|th)?\s+"
               rf"(?:(?i:of)\s+)?{_EN_MON}(?:,?\s+{_EN_Y}|\s+(?:(?i:of)\s+)?{_EN_RELY})?")
_R_EN_MDY = _c(rf"\b{_EN_ON}{_EN_WD_PREFIX}{_EN_MON}\s+(?P<d>{D}{{1,2}})(?:st|nd|rd|th)?(?!{D}|:|[-–]{D})"
               rf"(?:,?\s+{_EN_Y}|,?\s+(?:(?i:of)\s+)?{_EN_RELY})?")
_R_EN_MY = _c(rf"\b(?:(?P<pre>(?i:in))\s+)?(?:{_EN_MOD}[\s-]+)?{_EN_MON}"
              rf"(?:,?\s+(?:(?i:of)\s+)?{_EN_Y}|\s+(?:(?i:of)\s+)?{_EN_RELY})?")
_R_EN_LASTMON = _c(rf"\b(?P<lm>(?i:last|next|this))\s+{_EN_MON}")
_R_EN_YEAR = _c(rf"\b(?:(?P<pre>(?i:in))\s+)?(?:(?P<mod>(?i:early|late|mid|the\s+(?:end|beginning|start|middle)"
                r"\s+of|(?:the\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of)?|the\s+year))[\s-]+)?"
                rf"(?<![\d.,$£€/–])(?<!\d-)(?P<y>{D}{{4}})(?!{D}|s\b|[-–/]{D})")
_R_EN_REL = _c(r"\b(?:(?P<mod>(?i:early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle)\s+of))"
               r"[\s-]+)?(?P<rel>(?i:last|this|next))\s+(?P<u>(?i:year|month|week))\b")
_R_EN_AGO = _c(r"\b(?P<n>\d{1,2}|(?i:" + "|".join(_EN_NUMBERS) + r"))\s+(?P<u>(?i:days?|weeks?|months?|years?))"
               r"\s+(?i:ago)\b")
_R_EN_DAYWORD = _c(r"\b(?P<w>(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night"
                   r"|this\s+(?:morning|afternoon|evening)))\b")
_R_EN_WD = _c(rf"\b(?:(?P<rel>(?i:last|next|this|on))\s+)?(?P<wd>{_EN_WD_FULL})\b(?:'s\b)?"
              r"(?:\s+(?i:morning|afternoon|evening|night)\b)?")
_R_NUMERIC = _c(rf"(?<![\w./\-])(?:(?P<iy>{D}{{4}})([-/.])(?P<im>{D}{{1,2}})\2(?P<id>{D}{{1,2}})"
                rf"|(?P<a>{D}{{1,2}})([-/.])(?P<b>{D}{{1,2}})\6(?P<ny>{D}{{4}}))(?!/|[.\-]{D})(?!(?!T{D})\w)")

# Arabic
_R_AR_MONTH = _c(rf"{_AR_START}{_AR_PRE}{_AR_MOD}(?:(?:(?:يوم\s+)?(?:{_AR_WD})\s*[،,]?\s+)?(?<!{D})"
                 rf"(?:(?P<d>{D}{{1,2}})\s+(?:من\s+)?|(?P<dw>{_alts(_ar_ordinals())})\s+من\s+))?(?:(?P<shahr>شهر)\s+)?{_AR_MON('mon')}"
                 rf"(?:\s*[/(]\s*{_AR_MON('mon2')}(?:\s*\))?)?"
                 rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:ال)?عام|(?:ال)?سن[ةه])?\s*(?<!{D})(?P<y>{D}{{4}})(?!{D})(?:م(?!\w))?"
                 rf"|\s+(?:من\s+)?(?P<rely>{_AR_RELYEAR})(?!\w)|\s+(?P<relm>{_AR_RELADJ})(?!\w))?")
_R_AR_RELYEAR = _c(rf"{_AR_START}{_AR_PRE}{_AR_MOD}(?P<rely>{_AR_RELYEAR})(?!\w)")
_R_AR_YEAR = _c(rf"{_AR_START}{_AR_PRE}{_AR_MOD}(?:(?P<kw>(?:ال)?عام|(?:ال)?سن[ةه])\s+)?(?<!{D})(?P<y>{D}{{4}})"
                rf"(?!{D}|[-–/]{D})(?:م(?!\w))?")
_R_AR_REL = _c(rf"{_AR_START}{_AR_PRE}{_AR_MOD}(?:(?P<u>الشهر|الأسبوع|الاسبوع)\s+(?P<r>{_AR_RELADJ})"
               rf"|(?P<r2>هذا)\s+(?P<u2>الشهر|الأسبوع|الاسبوع))(?!\w)")
_R_AR_AGO = _c(rf"{_AR_START}(?P<kw>قبل|منذ)\s+(?:(?P<n>{D}{{1,2}}|{_AR_NUM})\s+)?(?P<u>{_AR_UNIT_RE})[{_HARAKAT}]*(?!\w)")
_R_AR_DAYWORD = _c(rf"{_AR_START}(?:(?:صباح|مساء|ليل|ظهر|فجر|يوم|ظهيرة)\s+)?(?P<w>أول\s+من\s+أمس|أول\s+أمس|اول\s+امس"
                   rf"|أمس\s+الأول|امس\s+الاول|الأمس|الامس|أمس|امس|البارحة|اليوم|غد[{_HARAKAT}]?ا)[{_HARAKAT}]*(?!\w)")
_R_AR_WD = _c(rf"{_AR_START}(?:(?:يوم|صباح|مساء|ليل|ظهر|فجر|ظهيرة)\s+)?(?P<wd>{_AR_WD})"
              rf"(?:\s+(?P<r>{_AR_RELADJ}))?(?!\w)")

_EN_STRONG_CUES = {"since", "during", "until", "till", "through", "throughout", "before", "after", "around",
                   "circa", "year", "between", "from", "by", "of"}
_EN_MONTH_CUES = _EN_STRONG_CUES | {"in", "on"}
_EN_FUNCTION_S = {"was", "is", "as", "has", "this", "its", "across", "towards", "afterwards", "besides", "less",
                  "unless", "thus", "plus", "amidst", "whereas", "does", "his", "hers", "ours", "theirs", "yes"}
_EN_COUNT_WORDS = {"people", "men", "women", "children", "police", "personnel", "staff", "cattle", "sheep", "fish",
                   "feet", "million", "billion", "thousand", "more", "other", "new", "km", "kg"}
# words that may follow a bare year ("في 2021 بعد ..."); after "في 2000" any other word is a counted noun
_AR_YEAR_FOLLOWERS = {_ar_key(w) for w in ("بعد", "قبل", "عندما", "حين", "حينما", "حيث", "إثر", "عقب", "على", "مع",
                                           "من", "إلى", "لكن", "ثم", "أي", "كما", "ضد", "عن", "في", "إذ", "لدى")}

_PREV_WORD = re.compile(r"(\w+)[ \t]*$")
_NEXT_WORD = re.compile(r"\s+(\w+)")
_YEAR_AFTER = re.compile(rf"\s*[،,]?\s*(?:من\s+)?(?:(?:ال)?عام|(?:ال)?سن[ةه])?\s*{D}{{3,4}}")
_HIJRI_AFTER = re.compile(r"\s*ه[ـ]?(?!\w)|\s*هجري")
_PUNCT_AFTER = re.compile(r"\s*(?:[،,.؛;:!?؟)\]\"»”'\-–]|$)")
_ATTACK_WORDS = re.compile(r"(?i)attack|هجمات|هجوم|أحداث|احداث|اعتداءات|تفجيرات")
_COUNT_AFTER = re.compile(r"\s*(?:%|٪|(?i:per\s*cent|percent)\b)")


# --------------------------------------------------------------------------------------------- helpers

_NO = object()  # a resolver's "this is not a date expression" (None is a date we cannot resolve)


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end, min(len(text), end + 40))
    return m.group(1) if m else ""


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month(y: int, m: int) -> str | None:
    return f"{y:04d}-{m:02d}" if 1 <= y <= 9999 and 1 <= m <= 12 else None


def _year(y: int) -> str | None:
    return f"{y:04d}" if 1 <= y <= 9999 else None


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _enclosing(a: date, b: date) -> str | None:
    """The smallest partial date covering a..b: never more precise than the window allows."""
    if a == b:
        return a.isoformat()
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.year:04d}-{a.month:02d}"
    if a.year == b.year:
        return f"{a.year:04d}"
    return None


def _infer_year(p: date, month: int, day: int | None = None) -> int:
    """Year of a month (or day) named without one: P's year unless that puts it after P."""
    if (month, day or 0) > (p.month, p.day if day else 0):
        return p.year - 1
    return p.year


def _direction(word: str) -> int:
    """-1 past, 0 current, +1 future, for "last"/"الماضي", "this"/"الجاري", "next"/"المقبل"."""
    w = _ar_key(word.lower())
    if w in ("last", "past") or w in _AR_PAST:
        return -1
    if w in ("next",) or w in _AR_FUTURE:
        return 1
    return 0


def _rel_year_dir(phrase: str) -> int:
    return _direction(_ar_key(phrase).split()[-1]) if phrase.split()[0] not in ("هذا", "هذه") else 0


def _month_year(p: date | None, month: int, year: int | None, rel: int | None, lm: int | None) -> str | None:
    """Value of a month expression: explicit year, relative year ("of last year"), "last/next/this
    <month>" (lm), or the month nearest before P."""
    if year is not None:
        return _month(year, month)
    if p is None:
        return None
    if rel is not None:
        return _month(p.year + rel, month)
    if lm == -1:
        return _month(p.year if month < p.month else p.year - 1, month)
    if lm == 1:
        return _month(p.year if month > p.month else p.year + 1, month)
    if lm == 0:
        return _month(p.year, month)
    return _month(_infer_year(p, month), month)


def _day_value(p: date | None, day: int, month: int, year: int | None, rel: int | None, lm: int | None,
               context: str) -> str | None:
    if year is not None:
        return _day(year, month, day)
    if (month, day) == (9, 11) and _ATTACK_WORDS.search(context):
        return "2001-09-11"  # "the September 11 attacks", "هجمات 11 سبتمبر": a name, not this year's day
    if p is None:
        return None
    if rel is not None:
        return _day(p.year + rel, month, day)
    if lm == -1:  # "4 أكتوبر الماضي": the latest such day before P
        y = p.year if (month, day) < (p.month, p.day) else p.year - 1
    elif lm == 1:
        y = p.year if (month, day) > (p.month, p.day) else p.year + 1
    elif lm == 0:
        y = p.year
    else:
        y = _infer_year(p, month, day)
    return _day(y, month, day)


def _weekday(p: date | None, wd: int, direction: int | None) -> str | None:
    """direction None: on or before P; -1 strictly before; +1 strictly after; 0 nearest within 3 days."""
    if p is None:
        return None
    back = (p.weekday() - wd) % 7
    if direction is None:
        return (p - timedelta(days=back)).isoformat()
    if direction == -1:
        return (p - timedelta(days=back or 7)).isoformat()
    fwd = (wd - p.weekday()) % 7
    if direction == 1:
        return (p + timedelta(days=fwd or 7)).isoformat()
    return (p - timedelta(days=back) if back <= fwd else p + timedelta(days=fwd)).isoformat()


def _ago(p: date | None, unit: str, n: int) -> str | None:
    if p is None:
        return None
    if unit == "day":
        return (p - timedelta(days=n)).isoformat()
    if unit == "week":
        return _enclosing(p - timedelta(days=7 * n + 6), p - timedelta(days=7 * n - 6))
    if unit == "month":
        return _month(*_shift_month(p.year, p.month, -n))
    return _year(p.year - n)


def _relative(p: date | None, unit: str, direction: int) -> str | None:
    """"last/this/next year|month|week" and their Arabic forms."""
    if p is None:
        return None
    if unit == "year":
        return _year(p.year + direction)
    if unit == "month":
        return _month(*_shift_month(p.year, p.month, direction))
    if direction == -1:
        return _enclosing(p - timedelta(days=13), p - timedelta(days=1))
    if direction == 1:
        return _enclosing(p + timedelta(days=1), p + timedelta(days=13))
    return _enclosing(p - timedelta(days=6), p)


def _year_in_range(y: int) -> bool:
    return 1800 <= y <= 2199


def _en_month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _EN_MONTHS.get(key) or _EN_MONTH_ABBR[key]


def _context(text: str, m: re.Match) -> str:
    return text[max(0, m.start() - 30):m.end() + 30]


# ------------------------------------------------------------------------------------------- resolvers
# Each takes (match, text, P, language) and returns a value (str | None) or _NO to drop the match.

def _en_dmy(m, text, p, lang):
    y = int(m["y"]) if m["y"] else None
    if y is not None and not _year_in_range(y):
        return None
    rel = _direction(m["rely"]) if m["rely"] else None
    return _day_value(p, int(m["d"]), _en_month(m["mon"]), y, rel, None, _context(text, m))


def _en_month_year(m, text, p, lang):
    month = _en_month(m["mon"])
    y = int(m["y"]) if m["y"] else None
    if y is not None and not _year_in_range(y):
        return _NO
    rel = _direction(m["rely"]) if m["rely"] else None
    if y is None and rel is None and not m["mod"] and not m["pre"] \
            and _prev_word(text, m.start()) not in _EN_MONTH_CUES:
        return _NO  # a bare month name ("May", "March") is too often a word or a name
    return _month_year(p, month, y, rel, None)


def _en_last_month(m, text, p, lang):
    return _month_year(p, _en_month(m["mon"]), None, None, _direction(m["lm"]))


def _count_noun_after(text: str, end: int) -> bool:
    """"in 2000 cases", "of 1900 people", "2001 percent": a number, not a year."""
    if _COUNT_AFTER.match(text, end):
        return True
    w = _next_word(text, end)
    if not (w and w.islower() and w.isascii()):
        return False
    return w in _EN_COUNT_WORDS or (w.endswith("s") and w not in _EN_FUNCTION_S)


def _en_year(m, text, p, lang):
    y = int(m["y"])
    if not _year_in_range(y):
        return _NO
    if not m["mod"]:
        cue = "in" if m["pre"] else _prev_word(text, m.start())
        if cue not in _EN_STRONG_CUES and cue != "in":
            return _NO
        if _count_noun_after(text, m.end()):
            return _NO
    return _year(y)


def _en_rel(m, text, p, lang):
    if not m["mod"] and _prev_word(text, m.start()) in ("the", "past", "over"):
        return _NO  # "the last year" is a duration, not last year
    return _relative(p, m["u"].lower(), _direction(m["rel"]))


def _en_ago(m, text, p, lang):
    n = m["n"].lower()
    count = int(n) if n.isdigit() else _EN_NUMBERS[n]
    return _ago(p, m["u"].lower().rstrip("s"), count)


def _en_dayword(m, text, p, lang):
    w = " ".join(m["w"].lower().split())
    if w == "today" and _prev_word(text, m.start()) in ("until", "till", "usa"):
        return _NO
    if p is None:
        return None
    offset = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}.get(w, 0)
    return (p + timedelta(days=offset)).isoformat()


def _en_weekday(m, text, p, lang):
    rel = (m["rel"] or "").lower()
    direction = {"last": -1, "next": 1, "this": 0}.get(rel)
    return _weekday(p, _EN_WEEKDAYS[m["wd"].lower()], direction)


def _numeric(m, text, p, lang):
    if m["iy"]:
        y, mo, d = int(m["iy"]), int(m["im"]), int(m["id"])
    else:
        a, b, y = int(m["a"]), int(m["b"]), int(m["ny"])
        if lang == "ar" or a > 12 or a == b:
            d, mo = a, b
        elif b > 12:
            d, mo = b, a
        else:
            return None  # 06/10/2024 in English: 6 October or June 10
    if not _year_in_range(y):
        return _NO
    return _day(y, mo, d)


def _ar_month(m, text, p, lang):
    month = _AR_MONTH_NUM[_ar_key(m["mon"])]
    if m["mon2"] and _AR_MONTH_NUM[_ar_key(m["mon2"])] != month:
        return None  # "سبتمبر/ أكتوبر": two months, not one
    y = int(m["y"]) if m["y"] else None
    if y is None and (_YEAR_AFTER.match(text, m.end()) or _HIJRI_AFTER.match(text, m.end())):
        return _NO  # a year we did not accept follows (Hijri, out of range): do not resolve relatively
    if y is not None and (not _year_in_range(y) or _HIJRI_AFTER.match(text, m.end())):
        return _NO
    rel = _rel_year_dir(m["rely"]) if m["rely"] else None
    lm = _direction(m["relm"]) if m["relm"] else None
    if m["d"] or m["dw"]:
        day = int(m["d"]) if m["d"] else _AR_ORDINALS[_ar_key(m["dw"])]
        return _day_value(p, day, month, y, rel, lm, _context(text, m))
    if y is None and rel is None and lm is None and not (m["pre"] or m["mod"] or m["shahr"] or m["mon2"]):
        return _NO  # bare "مارس" is also a verb (practised)
    return _month_year(p, month, y, rel, lm)


def _ar_rel_year(m, text, p, lang):
    return _relative(p, "year", _rel_year_dir(m["rely"]))


def _ar_year(m, text, p, lang):
    y = int(m["y"])
    if not _year_in_range(y) or _HIJRI_AFTER.match(text, m.end()):
        return _NO
    if not (m["kw"] or m["mod"]):
        if m["pre"] not in ("في", "منذ", "خلال", "حتى", "بحلول", "قبل", "بعد"):
            return _NO
        w = _next_word(text, m.end())
        if w and not (w[0] in "وف" or _ar_key(w) in _AR_YEAR_FOLLOWERS) and not w.isdigit():
            return _NO  # "بعد 2000 عام": a count
        if _COUNT_AFTER.match(text, m.end()):
            return _NO
    return _year(y)


def _ar_rel(m, text, p, lang):
    unit = "month" if (m["u"] or m["u2"]) == "الشهر" else "week"
    return _relative(p, unit, _direction(m["r"]) if m["r"] else 0)


def _ar_ago(m, text, p, lang):
    unit, implied = _AR_UNITS[_ar_key(m["u"])]
    if m["n"]:
        n = m["n"]
        count = int(n) if n.isdigit() else _AR_NUMBERS[_ar_key(n).removesuffix("ه")]
    elif implied is not None:
        count = implied
        if implied == 1 and not (_PUNCT_AFTER.match(text, m.end()) or _next_word(text, m.end())[:1] in ("و", "ف")):
            return _NO  # "قبل يوم الجمعة", "قبل شهر رمضان": before a named day, not "a day ago"
    else:
        return _NO
    if re.match(rf"\s*{D}", text[m.end():m.end() + 3]):
        return _NO  # "منذ عام 2021" is the year rule's
    if _next_word(text, m.end()) == "من":
        return None  # "قبل يومين من الانتخابات": counted from another event
    return _ago(p, unit, count)


def _ar_dayword(m, text, p, lang):
    w = _ar_key(m["w"])
    if w == "اليوم":
        nxt = _next_word(text, m.end())
        if nxt.startswith("ال") or _ar_key(_prev_word(text, m.start())) in ("حتي", "الي", "حتى"):
            return _NO  # "اليوم التالي", "اليوم الوطني", "حتى اليوم" (until now)
    if p is None:
        return None
    offset = {"اليوم": 0, "غدا": 1}.get(w, -2 if "اول" in w else -1)
    return (p + timedelta(days=offset)).isoformat()


def _ar_weekday(m, text, p, lang):
    if _ar_key(m["wd"]) == "الاثنين":
        prev = _ar_key(_prev_word(text, m.start()))
        if len(prev) >= 6 and prev.startswith("ال") and prev.endswith(("ين", "ان")):
            return _NO  # "الطرفين الاثنين": the two
    direction = _direction(m["r"]) if m["r"] else None
    return _weekday(p, _AR_WEEKDAY_NUM[_ar_key(m["wd"])], direction)


# Anchors: a word or digits every match of a rule contains. Scanning a whole article with the full
# patterns (optional prefixes, lookbehinds) costs ~0.2 ms each; a literal alternation is ~20x cheaper, so
# each rule's full pattern only runs in windows around its anchors.
_A_EN_MONTH = _c(_EN_MON.replace("(?P<mon>", "(?:"))
_A_DIGITS4 = _c(rf"{D}{{4}}")
_A_AR_MONTH = _c(_alts(n for names in _AR_MONTHS.values() for n in names))
_WINDOW = 90  # longer than any prefix before, or suffix after, an anchor in the patterns above

# (full pattern, resolver, anchor)
_RULES = (
    (_R_NUMERIC, _numeric, _c(rf"{D}[-/.]{D}")),
    (_R_EN_DMY, _en_dmy, _A_EN_MONTH),
    (_R_EN_MDY, _en_dmy, _A_EN_MONTH),
    (_R_EN_MY, _en_month_year, _A_EN_MONTH),
    (_R_EN_LASTMON, _en_last_month, _A_EN_MONTH),
    (_R_EN_YEAR, _en_year, _A_DIGITS4),
    (_R_EN_REL, _en_rel, _c(r"(?i:year|month|week)")),
    (_R_EN_AGO, _en_ago, _c(r"(?i:ago)")),
    (_R_EN_DAYWORD, _en_dayword, _c(r"(?i:yesterday|today|tonight|tomorrow|night|morning|afternoon|evening)")),
    (_R_EN_WD, _en_weekday, _c(_EN_WD_FULL)),
    (_R_AR_MONTH, _ar_month, _A_AR_MONTH),
    (_R_AR_RELYEAR, _ar_rel_year, _c(r"عام|سن[ةه]")),
    (_R_AR_YEAR, _ar_year, _A_DIGITS4),
    (_R_AR_REL, _ar_rel, _c(r"الشهر|الأسبوع|الاسبوع")),
    (_R_AR_AGO, _ar_ago, _c(r"قبل|منذ")),
    (_R_AR_DAYWORD, _ar_dayword, _c(r"أمس|امس|اليوم|غد|البارحة")),
    (_R_AR_WD, _ar_weekday, _c(_AR_WD)),
)


def _windows(anchor: re.Pattern, text: str) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a in anchor.finditer(text):
        s, e = max(0, a.start() - _WINDOW), min(len(text), a.end() + _WINDOW)
        if out and s <= out[-1][1]:
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _matches(regex: re.Pattern, anchor: re.Pattern, text: str, cache: dict):
    """The matches of `regex` in `text`, found only near its anchors."""
    windows = cache.get(anchor)
    if windows is None:
        windows = cache[anchor] = _windows(anchor, text)
    for s, e in windows:
        for m in regex.finditer(text, s, e):
            if m.end() == e < len(text):
                continue  # cut by the window: lookaheads could not see on (the next anchor's window has it)
            yield m


_HAS_ARABIC = re.compile(r"[\u0600-\u06FF]")


def _parse_published(published: str | None) -> date | None:
    if published is None:
        return None
    try:
        return date.fromisoformat(published)
    except (TypeError, ValueError):
        raise ValueError(f"published {published!r} is not a day YYYY-MM-DD") from None


def find_dates(text: str, language: str, published: str | None) -> list[DateMention]:
    """Date expressions in document order, non-overlapping (the longest expression wins), each resolved
    against `published` (ISO day) or left None when it cannot be. `language` ("ar"/"en") decides how
    numeric d/m/yyyy dates are read; the patterns of both languages always run (articles quote each other)."""
    p = _parse_published(published)
    found: list[tuple[int, int, object]] = []
    cache: dict = {}
    for regex, resolve, anchor in _RULES:
        for m in _matches(regex, anchor, text, cache):
            value = resolve(m, text, p, language)
            if value is not _NO:
                found.append((m.start(), m.end(), value))
    return [DateMention(s, e, text[s:e], v) for s, e, v in longest_disjoint(found)]


def longest_disjoint(found: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """(start, end, value) spans taken longest first, then earliest, each dropped if it overlaps one
    taken before; in text order."""
    kept: list[tuple[int, int, object]] = []  # disjoint, in text order: only the neighbours can overlap
    starts: list[int] = []
    for s, e, v in sorted(found, key=lambda t: (t[0] - t[1], t[0])):
        i = bisect_right(starts, s)
        if (i == 0 or kept[i - 1][1] <= s) and (i == len(kept) or kept[i][0] >= e):
            starts.insert(i, s)
            kept.insert(i, (s, e, v))
    return kept


# -------------------------------------------------------------------------------------------- dateline

_DATELINE_LINES = 15
_DATELINE_MAX_LINE = 120  # a dateline stands on a short line; a date inside the lede's prose is an event
_CUE_REACH = 40  # "Published:" must stand just before its date
_PUB_CUE = re.compile(r"(?i)published|posted|نشر|تاريخ\s+النشر|بتاريخ")
_UPD_CUE = re.compile(r"(?i)updated|modified|last\s+update|تحديث|تعديل|محدث")


def find_dateline(text: str) -> str | None:
    """The publication day printed in an article's first lines ("06 أكتوبر 2024، 12:28 م", "Published:
    October 6, 2024", "6 Oct 2024 12:28 GMT", "2024-10-06"), or None. Only full dates on short lines
    count. A date just after "Published" wins; then the first date with no cue; a date marked "Updated"
    only when nothing else is found."""
    best: tuple[int, int, str] | None = None
    n = pos = 0
    for raw in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(raw)
        line = raw.strip()
        if not line:
            continue
        n += 1
        if n > _DATELINE_LINES:
            break
        if len(line) > _DATELINE_MAX_LINE:
            continue
        lang = "ar" if _HAS_ARABIC.search(line) else "en"
        for dm in find_dates(raw, lang, None):
            if dm.value is None or len(dm.value) != 10:
                continue
            before = raw[max(0, dm.start - _CUE_REACH):dm.start]
            pubs, upds = list(_PUB_CUE.finditer(before)), list(_UPD_CUE.finditer(before))
            last_pub = pubs[-1].end() if pubs else -1
            last_upd = upds[-1].end() if upds else -1
            rank = 0 if last_pub > last_upd else 2 if last_upd > last_pub else 1
            cand = (rank, line_start + dm.start, dm.value)
            if best is None or cand < best:
                best = cand
        if best is not None and best[0] == 0:
            break
    return best[2] if best else None
