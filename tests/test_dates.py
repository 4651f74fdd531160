"""Date expressions in English and Arabic: exactly which spans are found and what each resolves to.

Every case lists all the date mentions the text holds as (text, value); value None means "a date, but not
resolvable" (relative with no publication date, impossible day, ambiguous numeric date). P = 2024-10-06,
a Sunday, unless the case says otherwise.
"""

from __future__ import annotations

import time

import pytest

from loaders.dates import DateMention, find_dateline, find_dates
from conftest import SEED_ARTICLE

P = "2024-10-06"

CASES = [
    # --- English: relative to the publication date, at their true precision
    ("en", P, "Russia removed the Taliban from the list in February last year.", [("in February last year", "2023-02")]),
    ("en", P, "Sanctions were eased last year.", [("last year", "2023")]),
    ("en", P, "The US withdrew in 2021.", [("in 2021", "2021")]),
    ("en", P, "The ministers met two days ago.", [("two days ago", "2024-10-04")]),
    ("en", P, "Moscow called on Friday for an end to sanctions.", [("on Friday", "2024-10-04")]),
    ("en", "2024-10-04", "Moscow called on Friday for an end to sanctions.", [("on Friday", "2024-10-04")]),
    ("en", "2024-10-04", "They spoke last Friday.", [("last Friday", "2024-09-27")]),
    ("en", P, "They will meet next Friday.", [("next Friday", "2024-10-11")]),
    ("en", "2024-10-02", "They will meet this Friday.", [("this Friday", "2024-10-04")]),
    ("en", P, "Lavrov said yesterday that talks went well.", [("yesterday", "2024-10-05")]),
    ("en", P, "The envoy arrived the day before yesterday.", [("the day before yesterday", "2024-10-04")]),
    ("en", P, "The talks resume tomorrow.", [("tomorrow", "2024-10-07")]),
    ("en", P, "A delegation visited Kabul last week.", [("last week", "2024")]),  # Sep 23..Oct 5: two months
    ("en", "2024-10-20", "A delegation visited Kabul last week.", [("last week", "2024-10")]),
    ("en", P, "The forum met earlier this month.", [("earlier this month", "2024-10")]),
    ("en", P, "A deal is expected next month.", [("next month", "2024-11")]),
    ("en", P, "Trade fell last month.", [("last month", "2024-09")]),
    ("en", P, "The office opened three years ago.", [("three years ago", "2021")]),
    ("en", P, "The decree came two months ago.", [("two months ago", "2024-08")]),
    ("en", P, "The decree came a week ago.", [("a week ago", "2024")]),
    ("en", P, "Exports rose this year.", [("this year", "2024")]),
    ("en", P, "Prices doubled over the last year.", []),  # a duration, not last year
    ("en", P, "They met in October.", [("in October", "2024-10")]),
    ("en", "2024-03-10", "They met in October.", [("in October", "2023-10")]),
    ("en", P, "Talks stalled in early October.", [("in early October", "2024-10")]),
    ("en", P, "We may meet in March.", [("in March", "2024-03")]),
    ("en", P, "They signed last May.", [("last May", "2024-05")]),
    ("en", P, "They signed last October.", [("last October", "2023-10")]),
    ("en", P, "It was agreed late last year.", [("late last year", "2023")]),
    ("en", P, "The pipeline opens by mid-2023.", [("mid-2023", "2023")]),
    ("en", P, "A drought hit in the summer of 2022.", [("in the summer of 2022", "2022")]),
    ("en", P, "Russia has courted Kabul since 2021.", [("2021", "2021")]),
    ("en", P, "Talks resumed on 15 October.", [("on 15 October", "2023-10-15")]),  # never after P
    ("en", P, "The attacks of September 11, 2001 changed everything.", [("September 11, 2001", "2001-09-11")]),
    ("en", P, "After the attacks of 11 September 2001 the war began.", [("11 September 2001", "2001-09-11")]),
    ("en", P, "since the September 11 attacks", [("September 11", "2001-09-11")]),
    ("en", P, "On Friday, October 4, 2024, the ministers met.", [("On Friday, October 4, 2024", "2024-10-04")]),
    ("en", P, "The order was signed Oct. 4, 2024.", [("Oct. 4, 2024", "2024-10-04")]),
    ("en", P, "It took effect on the 6th of October, 2024.", [("on the 6th of October, 2024", "2024-10-06")]),
    ("en", P, "The conference ran in November 2023.", [("in November 2023", "2023-11")]),
    ("en", P, "Filed 2024-10-06 in Moscow.", [("2024-10-06", "2024-10-06")]),
    ("en", P, "Filed 13/10/2024 and 10/13/2024.", [("13/10/2024", "2024-10-13"), ("10/13/2024", "2024-10-13")]),
    # --- English: failures and non-dates
    ("en", P, "The decree is dated 31 February 2024.", [("31 February 2024", None)]),
    ("en", P, "The decree is dated February 30, 2023.", [("February 30, 2023", None)]),
    ("en", P, "Filed 2024-02-30.", [("2024-02-30", None)]),
    ("en", P, "Filed 06/10/2024.", [("06/10/2024", None)]),  # 6 October or June 10: not guessed
    ("en", None, "Sanctions were eased last year.", [("last year", None)]),
    ("en", None, "Moscow called on Friday for an end to sanctions.", [("on Friday", None)]),
    ("en", None, "The ministers met two days ago.", [("two days ago", None)]),
    ("en", None, "They met in October.", [("in October", None)]),
    ("en", None, "Talks resumed on 15 October.", [("on 15 October", None)]),
    ("en", None, "The US withdrew in 2021.", [("in 2021", "2021")]),  # absolute: no publication date needed
    ("en", P, "An airstrike hit 3 cars in Homs.", []),
    ("en", P, "More than 100 people were killed.", []),
    ("en", P, "Police recorded 2001 attacks in the region.", []),
    ("en", P, "The ministry handled the matter in 2000 cases.", []),
    ("en", P, "A crowd of 2000 people gathered.", []),
    ("en", P, "Prime Minister Theresa May spoke.", []),
    ("en", P, "Militancy grew in the 1990s.", []),
    ("en", P, "The plan covers 2019-2021.", []),
    ("en", P, "It rose by 2025 percent.", []),
    # --- Arabic
    ("ar", P, "عرض في فبراير/ شباط من العام الماضي دعم الجمهوريات.", [("في فبراير/ شباط من العام الماضي", "2023-02")]),
    ("ar", P, "تراجعت التجارة العام الماضي.", [("العام الماضي", "2023")]),
    ("ar", P, "إثر الانسحاب الأمريكي في العام 2021.", [("في العام 2021", "2021")]),
    ("ar", P, "سيطرت الحركة على الحكم عام 2021.", [("عام 2021", "2021")]),
    ("ar", P, "وقبل يومين، التقى الوزيران في موسكو.", [("قبل يومين", "2024-10-04")]),
    ("ar", P, "ودعت موسكو، الجمعة، الغرب إلى رفع العقوبات.", [("الجمعة", "2024-10-04")]),
    ("ar", P, "التقى الوزيران يوم الجمعة في موسكو.", [("يوم الجمعة", "2024-10-04")]),
    ("ar", "2024-10-04", "التقى الوزيران الجمعة الماضية.", [("الجمعة الماضية", "2024-09-27")]),
    ("ar", P, "تعقد الجولة المقبلة الخميس المقبل.", [("الخميس المقبل", "2024-10-10")]),
    ("ar", P, "وصل الوفد بالأمس إلى كابل.", [("الأمس", "2024-10-05")]),
    ("ar", P, "قال الوزير أمس إن المحادثات مثمرة.", [("أمس", "2024-10-05")]),
    ("ar", P, "وصل المبعوث أول أمس.", [("أول أمس", "2024-10-04")]),
    ("ar", P, "تستأنف المحادثات غدًا.", [("غدًا", "2024-10-07")]),
    ("ar", P, "أعلنت الوزارة اليوم رفع الحظر.", [("اليوم", "2024-10-06")]),
    ("ar", P, "06 أكتوبر 2024، 12:28 م", [("06 أكتوبر 2024", "2024-10-06")]),
    ("ar", P, "٦ أكتوبر ٢٠٢٤", [("٦ أكتوبر ٢٠٢٤", "2024-10-06")]),
    ("ar", P, "الأحد 6 أكتوبر 2024", [("الأحد 6 أكتوبر 2024", "2024-10-06")]),
    ("ar", P, "بعد هجمات 11 سبتمبر/ أيلول 2001.", [("11 سبتمبر/ أيلول 2001", "2001-09-11")]),
    ("ar", P, "في 11 أيلول (سبتمبر) 2001 وقعت الهجمات.", [("في 11 أيلول (سبتمبر) 2001", "2001-09-11")]),
    ("ar", P, "منذ هجمات 11 سبتمبر", [("11 سبتمبر", "2001-09-11")]),
    ("ar", P, "عقد المنتدى في تشرين الأول/ أكتوبر 2023.", [("في تشرين الأول/ أكتوبر 2023", "2023-10")]),
    ("ar", P, "وقع الاتفاق في كانون الثاني 2022.", [("في كانون الثاني 2022", "2022-01")]),
    ("ar", P, "وقع الاتفاق جانفي 2024.", [("جانفي 2024", "2024-01")]),
    ("ar", P, "اجتمعوا في أكتوبر.", [("في أكتوبر", "2024-10")]),
    ("ar", P, "اجتمعوا في ديسمبر.", [("في ديسمبر", "2023-12")]),
    ("ar", P, "اجتمعوا في شهر مارس.", [("في شهر مارس", "2024-03")]),
    ("ar", P, "اجتمعوا في حزيران الماضي.", [("في حزيران الماضي", "2024-06")]),
    ("ar", P, "اجتمعوا في أكتوبر الماضي.", [("في أكتوبر الماضي", "2023-10")]),
    ("ar", P, "تعقد القمة في نوفمبر المقبل.", [("في نوفمبر المقبل", "2024-11")]),
    ("ar", P, "اجتمعوا مطلع الشهر الجاري.", [("مطلع الشهر الجاري", "2024-10")]),
    ("ar", P, "ارتفعت الصادرات الشهر الماضي.", [("الشهر الماضي", "2024-09")]),
    ("ar", P, "زار الوفد كابل الأسبوع الماضي.", [("الأسبوع الماضي", "2024")]),
    ("ar", P, "يبدأ التشغيل منتصف عام 2023.", [("منتصف عام 2023", "2023")]),
    ("ar", P, "وقع الاتفاق أواخر العام الماضي.", [("أواخر العام الماضي", "2023")]),
    ("ar", P, "ارتفعت الصادرات هذا العام.", [("هذا العام", "2024")]),
    ("ar", P, "تفتتح السفارة العام المقبل.", [("العام المقبل", "2025")]),
    ("ar", P, "وصل الوفد قبل ثلاثة أيام.", [("قبل ثلاثة أيام", "2024-10-03")]),
    ("ar", P, "وصل الوفد قبل ٣ أيام.", [("قبل ٣ أيام", "2024-10-03")]),
    ("ar", P, "افتتحت السفارة منذ عامين.", [("منذ عامين", "2022")]),
    ("ar", P, "افتتحت السفارة قبل أسبوع، وفق الوكالة.", [("قبل أسبوع", "2024")]),
    ("ar", P, "جرى الاتفاق في 2021 بعد مفاوضات.", [("في 2021", "2021")]),
    ("ar", P, "صدر القرار في 06/10/2024.", [("06/10/2024", "2024-10-06")]),  # day first in Arabic
    ("ar", P, "دخل القرار حيز التنفيذ في الأول من يناير 2024.", [("في الأول من يناير 2024", "2024-01-01")]),
    ("ar", P, "اجتمعوا في الحادي والعشرين من مارس الماضي.", [("في الحادي والعشرين من مارس الماضي", "2024-03-21")]),
    ("ar", P, "وسيزور الرئيس الصين الاثنين.", [("الاثنين", "2024-09-30")]),
    # --- Arabic: failures and non-dates
    ("ar", P, "صدر القرار في 31 فبراير 2024.", [("في 31 فبراير 2024", None)]),
    ("ar", P, "جرى ذلك في سبتمبر/ أكتوبر 2024.", [("في سبتمبر/ أكتوبر 2024", None)]),  # two months
    ("ar", P, "وقبل يومين من الانتخابات، التقى الوزيران.", [("قبل يومين", None)]),  # counted from an event
    ("ar", None, "تراجعت التجارة العام الماضي.", [("العام الماضي", None)]),
    ("ar", None, "ودعت موسكو، الجمعة، الغرب.", [("الجمعة", None)]),
    ("ar", None, "وقبل يومين، التقى الوزيران.", [("قبل يومين", None)]),
    ("ar", None, "عرض في فبراير/ شباط من العام الماضي دعما.", [("في فبراير/ شباط من العام الماضي", None)]),
    ("ar", None, "بعد هجمات 11 سبتمبر/ أيلول 2001.", [("11 سبتمبر/ أيلول 2001", "2001-09-11")]),
    ("ar", P, "غارة جوية استهدفت 3 سيارات في حمص.", []),
    ("ar", P, "قتل 100 شخص في الهجوم.", []),
    ("ar", P, "ومارس الضغط على الحكومة.", []),  # مارس: practised, not March
    ("ar", P, "وقع ذلك قبل شهر رمضان.", []),
    ("ar", P, "عاد الهدوء في اليوم التالي.", []),
    ("ar", P, "لم تعترف بها حتى اليوم.", []),
    ("ar", P, "اتفق الطرفين الاثنين على ذلك.", []),
    ("ar", P, "بعد 2000 عام من الحكم.", []),
    ("ar", P, "صدر القرار عام 1445 هـ.", []),
    ("ar", P, "جميع الحقوق محفوظة © 2024 شركة إعلام.", []),
]


def _ids():
    return [f"{lang}-{i:03d}" for i, (lang, *_rest) in enumerate(CASES)]


@pytest.mark.parametrize(("language", "published", "text", "expected"), CASES, ids=_ids())
def test_find_dates(language, published, text, expected):
    got = find_dates(text, language, published)
    assert [(d.text, d.value) for d in got] == expected
    for d in got:  # offsets point at the original characters
        assert text[d.start:d.end] == d.text


def test_values_are_never_padded():
    """A partial date keeps its length: a month never grows a day, a year never grows a month."""
    for _lang, published, text, expected in CASES:
        got = {d.text: d.value for d in find_dates(text, _lang, published)}
        for span, value in expected:
            if value is not None:
                assert len(got[span]) in (4, 7, 10)


def test_mentions_are_sorted_and_disjoint():
    text = ("قبل يومين، التقى الوزيران، وفي العام 2021 انسحبت القوات. Moscow called on Friday, and "
            "in February last year the envoy came.")
    got = find_dates(text, "ar", P)
    assert [d.value for d in got] == ["2024-10-04", "2021", "2024-10-04", "2023-02"]
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))
    assert all(isinstance(d, DateMention) for d in got)


def test_published_must_be_a_day():
    with pytest.raises(ValueError):
        find_dates("last year", "en", "2024-10")


DATELINES = [
    ("Russia and the Taliban\nPublished: October 6, 2024\n\nMoscow said on Friday...", "2024-10-06"),
    ("Headline\nUpdated: Oct 7, 2024 | Published: Oct 6, 2024\n\nBody.", "2024-10-06"),
    ("Headline\nBy Staff, Reuters\n6 Oct 2024 12:28 GMT\n\nBody.", "2024-10-06"),
    ("Headline\nSun, 06 Oct 2024 12:28:00 GMT\nBody.", "2024-10-06"),
    ("2024-10-06\nHeadline\nBody.", "2024-10-06"),
    ("Headline\nPosted on Sunday, 6 October 2024\nBody.", "2024-10-06"),
    ("Headline\nUpdated 7 October 2024\nBody.", "2024-10-07"),  # only an update date: better than none
    ("عنوان الخبر\n06 أكتوبر 2024، 12:28 م\n\nدخلت العلاقة مرحلة جديدة.", "2024-10-06"),
    ("عنوان الخبر\nنشر في: الأحد 6 أكتوبر 2024 - 12:28 م\nآخر تحديث: 7 أكتوبر 2024\nنص.", "2024-10-06"),
    ("عنوان\nتاريخ النشر: 06/10/2024\nنص.", "2024-10-06"),
    ("Headline\nMoscow said yesterday it would act.\nBody.", None),  # relative: not a dateline
    ("Headline\nNo date here at all.\n", None),
    ("Headline\n© 2024 Reuters\n", None),
    # a date inside the lede's prose is an event, not the publication date
    ("Headline\nRussian Foreign Minister Sergei Lavrov, speaking in Moscow where he hosted talks with the acting "
     "Afghan foreign minister, said on 4 October 2024 that relations were improving.\n", None),
    ("\n".join(f"line {i}" for i in range(20)) + "\nPublished: October 6, 2024\n", None),  # too far down
]


@pytest.mark.parametrize(("text", "expected"), DATELINES, ids=[f"dateline-{i:02d}" for i in range(len(DATELINES))])
def test_find_dateline(text, expected):
    assert find_dateline(text) == expected


@pytest.fixture
def seed_text() -> str:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article {SEED_ARTICLE} is absent")
    return SEED_ARTICLE.read_text(encoding="utf-8")


def test_seed_dateline(seed_text):
    assert find_dateline(seed_text) == "2024-10-06"


def test_seed_dates(seed_text):
    """The seed's dated claims: the call on Friday, the meeting two days before, the 2021 withdrawal, the
    offer in February last year, and 9/11."""
    got = {(d.text, d.value) for d in find_dates(seed_text, "ar", "2024-10-06")}
    assert {("الجمعة", "2024-10-04"), ("قبل يومين", "2024-10-04"), ("في العام 2021", "2021"),
            ("في فبراير/ شباط من العام الماضي", "2023-02"), ("11 سبتمبر/ أيلول 2001", "2001-09-11")} <= got
    assert all(v is not None for _, v in got)


def test_seed_speed(seed_text):
    """Loose guard (the benchmark proper lives under bench/): dates and dateline well under 20 ms/article."""
    start = time.perf_counter()
    for _ in range(20):
        find_dates(seed_text, "ar", find_dateline(seed_text))
    assert (time.perf_counter() - start) / 20 < 0.02
