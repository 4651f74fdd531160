"""loaders.arabic: normalisation for matching, and the map from normalised offsets back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.arabic import WORD, clitic_variants, is_arabic, normalize, strip_marks


@pytest.mark.parametrize("original, expected", [
    ("أفغانستان", "افغانستان"),  # hamza on alef
    ("إسرائيل", "اسراءيل"),  # hamza under alef; ئ -> ء
    ("آسيا الوسطى", "اسيا الوسطي"),  # madda; alef maqsura
    ("مسؤول", "مسءول"),  # ؤ and ئ meet on ء, so the two spellings of one word are one
    ("مسئول", "مسءول"),
    ("القاهرة", "القاهره"),  # taa marbuta
    ("دبلوماسياً", "دبلوماسيا"),  # tanwin
    ("رُوسْيَا", "روسيا"),  # harakat
    ("روســـيا", "روسيا"),  # tatweel
    ("\u200fموسكو\u200e", "موسكو"),  # bidi marks
    ("Moscow AND Kabul", "moscow and kabul"),  # Latin case
    ("Taliban’s", "taliban's"),  # typographic apostrophe
    ("٦ أكتوبر ٢٠٢٤", "6 اكتوبر 2024"),  # Arabic-Indic digits
    ("۱۴۰۳", "1403"),  # Persian digits
    ("ﻻ بأس", "لا باس"),  # lam-alef ligature expands to two letters
    ("کابل", "كابل"),  # Persian kaf
    ("Фёдор", "федор"),
    ("İstanbul", "istanbul"),  # the one letter whose lower case is two characters
    ("", ""),
])
def test_normalize(original: str, expected: str) -> None:
    assert normalize(original).text == expected


@pytest.mark.parametrize("text", [
    "وزيرُ الخارجيّة الروسيّ سيرغي لافروفُ، في موسكو",
    "دخلت العلاقة مرحلةً جديدةً بين روسيــا وطالبان",
    "ﻻ يشكل اعترافاً رسمياً",
    "\ufeffRussian Foreign Minister Sergey Lavrov",
    "أمير خان متقي\u200f (طالبان)",
])
def test_every_word_maps_back_to_its_original_characters(text: str) -> None:
    n = normalize(text)
    words = list(WORD.finditer(n.text))
    assert words
    for m in words:
        start, end = n.span(m.start(), m.end())
        assert 0 <= start < end <= len(text)
        assert normalize(text[start:end]).text == m.group()


def test_end_offset_takes_the_diacritics_of_the_last_letter() -> None:
    text = "سيرغي لافروفُ، قال"
    n = normalize(text)
    s = n.text.index("لافروف")
    start, end = n.span(s, s + len("لافروف"))
    assert text[start:end] == "لافروفُ"
    assert n.to_original(len(n.text)) == len(text)


def test_to_original_rejects_indices_outside_the_text() -> None:
    n = normalize("موسكو")
    with pytest.raises(IndexError):
        n.to_original(len(n.text) + 1)
    with pytest.raises(IndexError):
        n.to_original(-1)


_ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىة ٠٥٩،؛؟.")
    + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u0640", "\u200f", "\u200d", "\ufefb",
       "\ufdf2", "\u00ad", "İ", "ک", "ی"]
    + list("AbcXyz019 -'’\n")
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_to_original_is_monotonic_and_within_bounds(text: str) -> None:
    normalize.cache_clear()
    n = normalize(text)
    mapped = [n.to_original(i) for i in range(len(n.text) + 1)]
    assert mapped == sorted(mapped)
    assert all(0 <= m <= len(text) for m in mapped)
    assert mapped[-1] == len(text)
    for i, ch in enumerate(n.text):
        # each normalised character comes from the original character it maps to
        assert mapped[i] < len(text)
        assert ch in normalize(text[mapped[i]]).text


@pytest.mark.parametrize("token, reading", [
    ("وموسكو", (1, "موسكو")),
    ("لموسكو", (1, "موسكو")),
    ("بالقاهره", (1, "القاهره")),
    ("والروسيه", (1, "الروسيه")),
    ("وبالروسيه", (2, "الروسيه")),
    ("للروسيه", (1, "الروسيه")),  # ل + ال: the article's alef is not written
    ("وللروسيه", (2, "الروسيه")),
    ("كالهند", (1, "الهند")),
    ("فطالبان", (1, "طالبان")),
])
def test_clitic_readings(token: str, reading: tuple[int, str]) -> None:
    variants = clitic_variants(token)
    assert variants[0] == (0, token)
    assert reading in variants


@pytest.mark.parametrize("token", ["موسكو", "بو", "وا", "روسيا"])
def test_no_clitic_reading_without_a_proclitic_or_with_too_little_left(token: str) -> None:
    assert clitic_variants(token) == ((0, token),)


def test_strip_marks_keeps_letters_as_written() -> None:
    assert strip_marks("أَنتوني بلينكنُ") == "أنتوني بلينكن"
    assert strip_marks("Sergey") == "Sergey"


@pytest.mark.parametrize("text, expected", [("روسيا", True), ("Russia", False), ("Russia روسيا", True), ("", False)])
def test_is_arabic(text: str, expected: bool) -> None:
    assert is_arabic(text) is expected
