"""loaders.officials: title phrases in Arabic and English give the person, role, side and acting flag.

Sentences are written for these tests."""

from __future__ import annotations

import pytest

from kb.entities import slug
from loaders.gazetteer import load_gazetteer
from loaders.officials import find_officials


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def officials(gaz, text: str, lang: str, **kw):
    return find_officials(text, lang, gaz.find(text, lang), gaz, **kw)


# (language, text, [(name as written, person key or None for a person built from the name, role, acting,
#                    of key, former)])
CASES = [
    # --- Arabic
    ("ar", "التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي في أنقرة.",
     [("سيرغي لافروف", "person:sergei-lavrov", "foreign minister", False, "state:RU", False)]),
    ("ar", "وصل القائم بأعمال وزير الخارجية في الحكومة الأفغانية المؤقتة أمير خان متقي إلى طشقند.",
     [("أمير خان متقي", "person:amir-khan-muttaqi", "foreign minister", True, "state:AF", False)]),
    ("ar", "قال وزير خارجية روسيا سيرجي لافروف إن المحادثات مثمرة.",
     [("سيرجي لافروف", "person:sergei-lavrov", "foreign minister", False, "state:RU", False)]),
    ("ar", "وأكد وزير الخارجية الأميركي أنتوني بلينكن دعم بلاده للمبادرة.",
     [("أنتوني بلينكن", "person:antony-blinken", "secretary of state", False, "state:US", False)]),
    ("ar", "وقال السفير الروسي لدى أفغانستان ديمتري جيرنوف للصحفيين إن السفارة تعمل.",
     [("ديمتري جيرنوف", None, "ambassador", False, "state:RU", False)]),
    ("ar", "وصرح المتحدث باسم حركة طالبان ذبيح الله مجاهد بأن الحركة ترحب بالقرار.",
     [("ذبيح الله مجاهد", "person:zabihullah-mujahid", "spokesperson", False, "organization:taliban", False)]),
    ("ar", "واستقبل أمير قطر الشيخ تميم بن حمد آل ثاني الوفد الزائر.",
     [("تميم بن حمد آل ثاني", "person:tamim-bin-hamad-al-thani", "emir", False, "state:QA", False)]),
    ("ar", "وقالت وزيرة الخارجية الألمانية أنالينا بيربوك إن برلين قلقة.",
     [("أنالينا بيربوك", None, "foreign minister", False, "state:DE", False)]),
    ("ar", "وكان وزير الدفاع الأمريكي السابق مارك إسبر قد زار كابل.",
     [("مارك إسبر", None, "secretary of defense", False, "state:US", True)]),
    ("ar", "قال رئيس الوزراء الباكستاني شهباز شريف إن بلاده تريد السلام.",
     [("شهباز شريف", "person:shehbaz-sharif", "prime minister", False, "state:PK", False)]),
    ("ar", "وأعلن الأمين العام للأمم المتحدة أنطونيو غوتيريش عن خطة جديدة.",
     [("أنطونيو غوتيريش", "person:antónio-guterres", "secretary-general", False, "organization:united-nations",
       False)]),
    ("ar", "وقال المبعوث الروسي الخاص إلى أفغانستان ضمير كابولوف إن موسكو مستعدة.",
     [("ضمير كابولوف", "person:zamir-kabulov", "special envoy", False, "state:RU", False)]),
    ("ar", "أكد الرئيس الصيني شي جين بينغ أهمية التعاون.",
     [("شي جين بينغ", "person:xi-jinping", "president", False, "state:CN", False)]),
    ("ar", "وقال المستشار الألماني أولاف شولتس إن أوروبا موحدة.",
     [("أولاف شولتس", "person:olaf-scholz", "chancellor", False, "state:DE", False)]),
    ("ar", "وأجرى ولي العهد السعودي الأمير محمد بن سلمان اتصالا هاتفيا.",
     [("محمد بن سلمان", "person:mohammed-bin-salman", "crown prince", False, "state:SA", False)]),
    ("ar", "وقال وزير خارجية \"طالبان\" أمير خان متقي إن الحركة منفتحة.",
     [("أمير خان متقي", "person:amir-khan-muttaqi", "foreign minister", False, "organization:taliban", False)]),
    ("ar", "وقال رئيس الوزراء بالوكالة في حكومة طالبان محمد حسن آخوند إن البلاد آمنة.",
     [("محمد حسن آخوند", "person:mohammad-hassan-akhund", "prime minister", True, "organization:taliban", False)]),
    ("ar", "والتقى لافروف بالرئيس الإيراني مسعود بزشكيان في عشق آباد.",
     [("مسعود بزشكيان", "person:masoud-pezeshkian", "president", False, "state:IR", False)]),
    ("ar", "وانتقد وزير الخارجية الروسي سيرغييه لافروف القرار.",  # an unlisted spelling: the surname decides
     [("سيرغييه لافروف", "person:sergei-lavrov", "foreign minister", False, "state:RU", False)]),
    ("ar", "وقال الممثل الأممي الخاص لأفغانستان روزا أوتونباييفا إن المساعدات ضرورية.",
     [("روزا أوتونباييفا", "person:roza-otunbayeva", "special representative", False, "organization:united-nations",
       False)]),
    ("ar", "وقال وزير الخارجية المصري بدر عبد العاطي إن القاهرة تدعم الحل.",
     [("بدر عبد العاطي", None, "foreign minister", False, "state:EG", False)]),
    ("ar", "والتقى وزير الطاقة الروسي سيرغي تسيفيليف الثلاثاء وفدا أفغانيا.",
     [("سيرغي تسيفيليف", None, "energy minister", False, "state:RU", False)]),
    ("ar", "وقالت المتحدثة باسم وزارة الخارجية الروسية ماريا زاخاروفا إن موسكو ترفض العقوبات.",
     [("ماريا زاخاروفا", "person:maria-zakharova", "spokesperson", False,
       "organization:ministry-of-foreign-affairs-of-russia", False)]),
    ("ar", "وقال وزير خارجية روسيا والقائم بأعمال وزير خارجية طالبان إن التعاون مستمر.", []),  # titles, no names
    ("ar", "هذه الأرض ملك روسيا منذ قرون.", []),  # ملك: "property of"
    ("ar", "وقال أمير خان متقي إن الحركة منفتحة.", []),  # أمير is his first name, not a title
    # --- English
    ("en", "US Secretary of State Antony Blinken arrived in Astana on Tuesday.",
     [("Antony Blinken", "person:antony-blinken", "secretary of state", False, "state:US", False)]),
    ("en", "Russian Foreign Minister Sergey Lavrov met his Chinese counterpart.",
     [("Sergey Lavrov", "person:sergei-lavrov", "foreign minister", False, "state:RU", False)]),
    ("en", "President Xi Jinping of China hosted the summit.",
     [("Xi Jinping", "person:xi-jinping", "president", False, "state:CN", False)]),
    ("en", "The meeting with the Taliban's acting foreign minister Amir Khan Muttaqi ended on Friday.",
     [("Amir Khan Muttaqi", "person:amir-khan-muttaqi", "foreign minister", True, "organization:taliban", False)]),
    ("en", "Sergei Lavrov, Russia's foreign minister, said the talks went well.",
     [("Sergei Lavrov", "person:sergei-lavrov", "foreign minister", False, "state:RU", False)]),
    ("en", "Kremlin spokesman Dmitry Peskov told reporters nothing had changed.",
     [("Dmitry Peskov", "person:dmitry-peskov", "spokesperson", False, "organization:kremlin", False)]),
    ("en", "The Russian ambassador to Afghanistan, Dmitry Zhirnov, said the embassy was open.",
     [("Dmitry Zhirnov", None, "ambassador", False, "state:RU", False)]),
    ("en", "Former U.S. envoy Zalmay Khalilzad criticised the deal.",
     [("Zalmay Khalilzad", "person:zalmay-khalilzad", "envoy", False, "state:US", True)]),
    ("en", "German Chancellor Olaf Scholz and Pakistani Prime Minister Shehbaz Sharif spoke.",
     [("Olaf Scholz", "person:olaf-scholz", "chancellor", False, "state:DE", False),
      ("Shehbaz Sharif", "person:shehbaz-sharif", "prime minister", False, "state:PK", False)]),
    ("en", "UN Secretary-General Antonio Guterres called for calm.",
     [("Antonio Guterres", "person:antónio-guterres", "secretary-general", False, "organization:united-nations",
       False)]),
    ("en", "Taliban spokesman Zabihullah Mujahid rejected the report.",
     [("Zabihullah Mujahid", "person:zabihullah-mujahid", "spokesperson", False, "organization:taliban", False)]),
    ("en", "The U.N. special envoy for Afghanistan, Roza Otunbayeva, briefed the council.",
     [("Roza Otunbayeva", "person:roza-otunbayeva", "special envoy", False, "organization:united-nations", False)]),
    ("en", "Saudi Crown Prince Mohammed bin Salman received the delegation.",
     [("Mohammed bin Salman", "person:mohammed-bin-salman", "crown prince", False, "state:SA", False)]),
    ("en", "The Emir of Qatar Sheikh Tamim bin Hamad Al Thani opened the forum.",
     [("Tamim bin Hamad Al Thani", "person:tamim-bin-hamad-al-thani", "emir", False, "state:QA", False)]),
    ("en", "Iranian Foreign Minister Abbas Araghchi landed in Kabul.",
     [("Abbas Araghchi", "person:abbas-araghchi", "foreign minister", False, "state:IR", False)]),
    ("en", "Kazakh President Kassym-Jomart Tokayev chaired the meeting.",
     [("Kassym-Jomart Tokayev", "person:kassym-jomart-tokayev", "president", False, "state:KZ", False)]),
    ("en", "Turkish Defence Minister Yasar Guler inspected the base.",
     [("Yasar Guler", None, "defence minister", False, "state:TR", False)]),
    ("en", "Acting Prime Minister Mohammad Hassan Akhund of the Taliban gave a speech.",
     [("Mohammad Hassan Akhund", "person:mohammad-hassan-akhund", "prime minister", True, "organization:taliban",
       False)]),
    ("en", "King Abdullah II of Jordan visited Washington.",
     [("Abdullah II", None, "king", False, "state:JO", False)]),
    ("en", "The leader of the Taliban, Hibatullah Akhundzada, issued a decree.",
     [("Hibatullah Akhundzada", "person:hibatullah-akhundzada", "leader", False, "organization:taliban", False)]),
    ("en", "The sanctions stay, said Ned Price, a State Department spokesman.",
     [("Ned Price", None, "spokesperson", False, "organization:united-states-department-of-state", False)]),
    ("en", "Let us ask the president what he thinks.", []),
    ("en", "Amir Khan Muttaqi met Russia's foreign minister in Moscow.", []),
]


@pytest.mark.parametrize("lang, text, expected", CASES, ids=[f"{c[0]}-{i:02d}" for i, c in enumerate(CASES)])
def test_officials(gaz, lang: str, text: str, expected: list) -> None:
    got = officials(gaz, text, lang)
    rows = []
    for o in got:
        assert 0 <= o.start <= o.name_start < o.name_end <= o.end <= len(text)
        name = text[o.name_start:o.name_end]
        person_key = o.person.key
        if not any(o.person is e for e in gaz):
            # built from the name as written
            assert o.person.kind == "Person" and o.person.name == name
            assert person_key == f"person:{slug(name)}"
            person_key = None
        rows.append((name, person_key, o.role, o.acting, o.of.key if o.of else None, o.former))
    assert rows == expected


def test_the_whole_title_phrase_is_the_span(gaz) -> None:
    text = "وقبل يومين، التقى وزير الخارجية الروسي سيرغي لافروف بالقائم بأعمال وزير الخارجية في الحكومة الأفغانية " \
           "المؤقتة أمير خان متقي في موسكو."
    a, b = officials(gaz, text, "ar")
    assert text[a.start:a.end] == "وزير الخارجية الروسي سيرغي لافروف"
    assert text[b.start:b.end] == "القائم بأعمال وزير الخارجية في الحكومة الأفغانية المؤقتة أمير خان متقي"
    text = "the Taliban's acting foreign minister Amir Khan Muttaqi"
    (c,) = officials(gaz, text, "en")
    assert text[c.start:c.end] == "Taliban's acting foreign minister Amir Khan Muttaqi"


def test_titles_without_names_on_request(gaz) -> None:
    text = "وزير خارجية روسيا والقائم بأعمال وزير خارجية \"طالبان\""
    got = officials(gaz, text, "ar", unnamed=True)
    assert [(o.person, o.role, o.acting, o.of.key) for o in got] == [
        (None, "foreign minister", False, "state:RU"), (None, "foreign minister", True, "organization:taliban")]
    assert all(o.name_start == o.name_end == o.start for o in got)
    text = "Russia's foreign minister said nothing."
    (o,) = officials(gaz, text, "en", unnamed=True)
    assert (o.person, o.role, o.of.key, text[o.start:o.end]) == (None, "foreign minister", "state:RU",
                                                                "Russia's foreign minister")


def test_variants_meet_on_one_person(gaz) -> None:
    texts = [("ar", "وزير الخارجية الروسي سيرغي لافروف"), ("ar", "وزير الخارجية الروسي سيرجي لافروف"),
             ("ar", "وزير الخارجية الروسي لافروف"), ("en", "Russian Foreign Minister Sergei Lavrov"),
             ("en", "Russian Foreign Minister Sergey Lavrov"), ("en", "Foreign Minister Lavrov of Russia")]
    keys = {officials(gaz, t, lang)[0].person.key for lang, t in texts}
    assert keys == {"person:sergei-lavrov"}
