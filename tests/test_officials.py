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
    # offices of the Taliban are Afghanistan's
    ("ar", "وصرح المتحدث باسم حركة طالبان ذبيح الله مجاهد بأن الحركة ترحب بالقرار.",
     [("ذبيح الله مجاهد", "person:zabihullah-mujahid", "spokesperson", False, "state:AF", False)]),
    ("ar", "واستقبل أمير قطر الشيخ تميم بن حمد آل ثاني الوفد الزائر.",
     [("تميم بن حمد آل ثاني", "person:tamim-bin-hamad-al-thani", "emir", False, "state:QA", False)]),
    ("ar", "وقالت وزيرة الخارجية الألمانية أنالينا بيربوك إن برلين قلقة.",
     [("أنالينا بيربوك", "person:annalena-baerbock", "foreign minister", False, "state:DE", False)]),
    ("ar", "وقالت وزيرة الخارجية الألمانية كلارا فيبر إن برلين قلقة.",  # an invented minister: built from the name
     [("كلارا فيبر", None, "foreign minister", False, "state:DE", False)]),
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
     [("أمير خان متقي", "person:amir-khan-muttaqi", "foreign minister", False, "state:AF", False)]),
    ("ar", "وقال رئيس الوزراء بالوكالة في حكومة طالبان محمد حسن آخوند إن البلاد آمنة.",
     [("محمد حسن آخوند", "person:mohammad-hassan-akhund", "prime minister", True, "state:AF", False)]),
    ("ar", "وزار نائب رئيس الوزراء في حكومة طالبان عبد الغني برادر الدوحة.",
     [("عبد الغني برادر", "person:abdul-ghani-baradar", "deputy prime minister", False, "state:AF", False)]),
    ("ar", "والتقى لافروف بالرئيس الإيراني مسعود بزشكيان في عشق آباد.",
     [("مسعود بزشكيان", "person:masoud-pezeshkian", "president", False, "state:IR", False)]),
    ("ar", "وانتقد وزير الخارجية الروسي سيرغييه لافروف القرار.",  # an unlisted spelling: the surname decides
     [("سيرغييه لافروف", "person:sergei-lavrov", "foreign minister", False, "state:RU", False)]),
    ("ar", "وقال الممثل الأممي الخاص لأفغانستان روزا أوتونباييفا إن المساعدات ضرورية.",
     [("روزا أوتونباييفا", "person:roza-otunbayeva", "special representative", False, "organization:united-nations",
       False)]),
    ("ar", "وقال وزير الخارجية المصري بدر عبد العاطي إن القاهرة تدعم الحل.",
     [("بدر عبد العاطي", "person:badr-abdelatty", "foreign minister", False, "state:EG", False)]),
    ("ar", "والتقى وزير الطاقة الروسي سيرغي تسيفيليف الثلاثاء وفدا أفغانيا.",
     [("سيرغي تسيفيليف", None, "energy minister", False, "state:RU", False)]),
    # a ministry's or the Kremlin's spokesperson holds office in the state
    ("ar", "وقالت المتحدثة باسم وزارة الخارجية الروسية ماريا زاخاروفا إن موسكو ترفض العقوبات.",
     [("ماريا زاخاروفا", "person:maria-zakharova", "foreign ministry spokesperson", False, "state:RU", False)]),
    ("ar", "وقال المتحدث باسم الخارجية الكازاخية تيمور أحمدوف إن أستانا ترحب بالحوار.",
     [("تيمور أحمدوف", None, "foreign ministry spokesperson", False, "state:KZ", False)]),
    ("ar", "وقال المتحدث باسم الكرملين دميتري بيسكوف للصحفيين إن الموقف لم يتغير.",
     [("دميتري بيسكوف", "person:dmitry-peskov", "kremlin spokesperson", False, "state:RU", False)]),
    ("ar", "وقالت المتحدثة باسم الخارجية الصينية ماو نينغ إن بكين تتابع الوضع.",
     [("ماو نينغ", "person:mao-ning", "foreign ministry spokesperson", False, "state:CN", False)]),
    # the head of an organ holds office in the organ itself
    ("ar", "وقال محافظ البنك المركزي الأفغاني رستم كريمي إن الاحتياطيات مجمدة.",
     [("رستم كريمي", None, "governor", False, "organization:da-afghanistan-bank", False)]),
    # more titles: deputy and under-secretary of a ministry, minister of state, the EU's foreign policy chief
    ("ar", "وقال وكيل وزارة الطاقة الكازاخية أرمان سيتوف إن الإمدادات مستقرة.",
     [("أرمان سيتوف", None, "deputy energy minister", False, "state:KZ", False)]),
    ("ar", "واستقبل نائب وزير الخارجية الطاجيكي فرهاد نظروف الوفد.",
     [("فرهاد نظروف", None, "deputy foreign minister", False, "state:TJ", False)]),
    ("ar", "ووصل وفد برئاسة وزير الدولة محمد الخليفي إلى كابل.",  # no seat in the title: the person's state
     [("محمد الخليفي", "person:mohammed-al-khulaifi", "minister of state", False, "state:QA", False)]),
    ("ar", "وقالت مسؤولة السياسة الخارجية في الاتحاد الأوروبي كايا كالاس إن الاتحاد موحد.",
     [("كايا كالاس", "person:kaja-kallas", "foreign policy chief", False, "organization:european-union", False)]),
    ("ar", "ووصف وزير الخارجية أمير خان متقي الزيارة بأنها ناجحة.",
     [("أمير خان متقي", "person:amir-khan-muttaqi", "foreign minister", False, "state:AF", False)]),
    ("ar", "ووقع نائب رئيس الوزراء الروسي أليكسي ماتفييف الاتفاق.",  # أليكسي: hamza alef, no article
     [("أليكسي ماتفييف", None, "deputy prime minister", False, "state:RU", False)]),
    # counterparts take the role of the official before them in the sentence
    ("ar", "والتقى وزير الخارجية الإيراني عباس عراقجي نظيريه التركي هاكان فيدان والمصري بدر عبد العاطي في أنقرة.",
     [("عباس عراقجي", "person:abbas-araghchi", "foreign minister", False, "state:IR", False),
      ("هاكان فيدان", "person:hakan-fidan", "foreign minister", False, "state:TR", False),
      ("بدر عبد العاطي", "person:badr-abdelatty", "foreign minister", False, "state:EG", False)]),
    ("ar", "واجتمع الرئيس الصيني شي جين بينغ ونظيره الكازاخي قاسم جومارت توكاييف في بكين.",
     [("شي جين بينغ", "person:xi-jinping", "president", False, "state:CN", False),
      ("قاسم جومارت توكاييف", "person:kassym-jomart-tokayev", "president", False, "state:KZ", False)]),
    ("ar", "ويلتقي وزير الخارجية الأمريكي أنتوني بلينكن نظيره الصيني وانغ يي غدا.",
     [("أنتوني بلينكن", "person:antony-blinken", "secretary of state", False, "state:US", False),
      ("وانغ يي", "person:wang-yi", "foreign minister", False, "state:CN", False)]),
    ("ar", "والتقى لافروف نظيره الصيني وانغ يي.",  # no titled official before: no role, no office
     [("وانغ يي", "person:wang-yi", "counterpart", False, None, False)]),
    # words after a title that are not names
    ("ar", "ولم يتوجه الرئيس التركمانستاني إلى كابل لحضور المراسم.", []),
    ("ar", "واعترضت مصر على تعيين مبعوث أممي جديد إلى ليبيا.", []),
    ("ar", "وقال الرئيس الروسي مؤخرا إن بلاده مستعدة.", []),
    ("ar", "ورحب وزير الخارجية المصري حازم فكري بقرار السعودية.",
     [("حازم فكري", None, "foreign minister", False, "state:EG", False)]),
    ("ar", "وقال وزير المالية السعودي فيصل حمدان إن الميزانية متوازنة.",  # فيصل is not ف + يصل
     [("فيصل حمدان", None, "finance minister", False, "state:SA", False)]),
    ("ar", "وقال وزير الداخلية الإيراني علي رضا كريمي إن الحدود آمنة.",  # علي is a name, على a preposition
     [("علي رضا كريمي", None, "interior minister", False, "state:IR", False)]),
    ("ar", "وقال وزير الداخلية الإيراني على الفور إن الحدود آمنة.", []),
    ("ar", "وقال وزير الدولة للشؤون الخارجية القطري محمد الخليفي إن الحوار مستمر.",
     [("محمد الخليفي", "person:mohammed-al-khulaifi", "minister of state", False, "state:QA", False)]),
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
     [("Amir Khan Muttaqi", "person:amir-khan-muttaqi", "foreign minister", True, "state:AF", False)]),
    ("en", "Amir Khan Muttaqi, the acting foreign minister in the Taliban administration, flew to Tehran.",
     [("Amir Khan Muttaqi", "person:amir-khan-muttaqi", "foreign minister", True, "state:AF", False)]),
    ("en", "The council lifted the travel ban on Taliban Deputy Prime Minister Abdul Ghani Baradar.",
     [("Abdul Ghani Baradar", "person:abdul-ghani-baradar", "deputy prime minister", False, "state:AF", False)]),
    ("en", "The report is false, government spokesman Zabihullah Mujahid said.",
     [("Zabihullah Mujahid", "person:zabihullah-mujahid", "government spokesperson", False, "state:AF", False)]),
    ("en", "Sergei Lavrov, Russia's foreign minister, said the talks went well.",
     [("Sergei Lavrov", "person:sergei-lavrov", "foreign minister", False, "state:RU", False)]),
    ("en", "Kremlin spokesman Dmitry Peskov told reporters nothing had changed.",
     [("Dmitry Peskov", "person:dmitry-peskov", "kremlin spokesperson", False, "state:RU", False)]),
    ("en", "Russian Foreign Ministry spokeswoman Maria Zakharova called the move hostile.",
     [("Maria Zakharova", "person:maria-zakharova", "foreign ministry spokesperson", False, "state:RU", False)]),
    ("en", "Foreign Ministry spokesperson Mao Ning urged restraint.",
     [("Mao Ning", "person:mao-ning", "foreign ministry spokesperson", False, "state:CN", False)]),
    ("en", "Kazakh Foreign Ministry spokesman Timur Akhmedov said the talks went well.",
     [("Timur Akhmedov", None, "foreign ministry spokesperson", False, "state:KZ", False)]),
    ("en", "The decision stands, National Security Council spokesman John Kirby said.",
     [("John Kirby", "person:john-kirby", "national security council spokesperson", False, "state:US", False)]),
    ("en", "Afghan central bank governor Rustam Karimi said the reserves were frozen.",
     [("Rustam Karimi", None, "governor", False, "organization:da-afghanistan-bank", False)]),
    ("en", "EU foreign policy chief Kaja Kallas arrived in Kyiv.",
     [("Kaja Kallas", "person:kaja-kallas", "foreign policy chief", False, "organization:european-union", False)]),
    ("en", "Kaja Kallas, the European Union's foreign policy chief, said the bloc was united.",
     [("Kaja Kallas", "person:kaja-kallas", "foreign policy chief", False, "organization:european-union", False)]),
    ("en", "Tajik Deputy Energy Minister Farhod Nazarov said supplies were stable.",
     [("Farhod Nazarov", None, "deputy energy minister", False, "state:TJ", False)]),
    ("en", "The list was updated, Public Safety Minister Dominic LeBlanc said.",  # the person's own state
     [("Dominic LeBlanc", "person:dominic-leblanc", "public safety minister", False, "state:CA", False)]),
    ("en", "Minister of State for Foreign Affairs Mohammed Al-Khulaifi said the talks would resume.",
     [("Mohammed Al-Khulaifi", "person:mohammed-al-khulaifi", "minister of state", False, "state:QA", False)]),
    ("en", "Gazprom spokesman Ivan Petrov said exports fell.",  # a company is not its state
     [("Ivan Petrov", None, "spokesperson", False, "organization:gazprom", False)]),
    ("en", "A Qatari delegation led by Minister of State Mohammed Al-Khulaifi arrived.",
     [("Mohammed Al-Khulaifi", "person:mohammed-al-khulaifi", "minister of state", False, "state:QA", False)]),
    # counterparts
    ("en", "Chinese Foreign Minister Wang Yi and his Pakistani counterpart Ishaq Dar met in Beijing.",
     [("Wang Yi", "person:wang-yi", "foreign minister", False, "state:CN", False),
      ("Ishaq Dar", "person:ishaq-dar", "foreign minister", False, "state:PK", False)]),
    ("en", "Iranian Foreign Minister Abbas Araghchi met his Turkish and Egyptian counterparts, Hakan Fidan and "
           "Badr Abdelatty, in Ankara.",
     [("Abbas Araghchi", "person:abbas-araghchi", "foreign minister", False, "state:IR", False),
      ("Hakan Fidan", "person:hakan-fidan", "foreign minister", False, "state:TR", False),
      ("Badr Abdelatty", "person:badr-abdelatty", "foreign minister", False, "state:EG", False)]),
    ("en", "US Secretary of State Antony Blinken will meet his Chinese counterpart Wang Yi.",
     [("Antony Blinken", "person:antony-blinken", "secretary of state", False, "state:US", False),
      ("Wang Yi", "person:wang-yi", "foreign minister", False, "state:CN", False)]),
    ("en", "Lavrov met his Chinese counterpart Wang Yi.",  # no titled official before: no role, no office
     [("Wang Yi", "person:wang-yi", "counterpart", False, None, False)]),
    ("en", "Russian Foreign Minister Sergei Lavrov spoke first. His Chinese counterpart Wang Yi agreed.",
     [("Sergei Lavrov", "person:sergei-lavrov", "foreign minister", False, "state:RU", False),
      ("Wang Yi", "person:wang-yi", "counterpart", False, None, False)]),  # not across a sentence end
    # capitalised words that are not names
    ("en", "Foreign Minister Visits Kabul", []),
    ("en", "The Prime Minister On Monday said so.", []),
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
     [("Zabihullah Mujahid", "person:zabihullah-mujahid", "spokesperson", False, "state:AF", False)]),
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
     [("Mohammad Hassan Akhund", "person:mohammad-hassan-akhund", "prime minister", True, "state:AF", False)]),
    ("en", "King Abdullah II of Jordan visited Washington.",
     [("Abdullah II", "person:abdullah-ii", "king", False, "state:JO", False)]),
    ("en", "The leader of the Taliban, Hibatullah Akhundzada, issued a decree.",  # the movement's head
     [("Hibatullah Akhundzada", "person:hibatullah-akhundzada", "leader", False, "organization:taliban", False)]),
    ("en", "The sanctions stay, said Sam Holtby, a State Department spokesman.",
     [("Sam Holtby", None, "foreign ministry spokesperson", False, "state:US", False)]),
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
            # built from the name as written; a name in Arabic script gets a Latin one, keyed by it
            assert o.person.kind == "Person"
            if lang == "ar":
                assert name in o.person.names["ar"] and o.person.name.isascii()
                assert o.person.name in o.person.names["en"]
            else:
                assert o.person.name == name
            assert person_key == f"person:{slug(o.person.name)}"
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
        (None, "foreign minister", False, "state:RU"), (None, "foreign minister", True, "state:AF")]
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


def test_unnamed_counterparts_cover_their_demonym(gaz) -> None:
    # the demonym of "his Chinese counterpart" is part of the official's phrase, not a state that acts
    text = "Russian Foreign Minister Sergei Lavrov met his Chinese counterpart on Monday."
    a, b = officials(gaz, text, "en", unnamed=True)
    assert (b.person, b.role, b.of.key, text[b.start:b.end]) == (None, "foreign minister", "state:CN",
                                                                "his Chinese counterpart")
    text = "والتقى لافروف نظيره الصيني في موسكو."
    (o,) = officials(gaz, text, "ar", unnamed=True)
    assert (o.person, o.role, o.of, text[o.start:o.end]) == (None, "counterpart", None, "نظيره الصيني")
    assert officials(gaz, text, "ar") == []


def test_counterparts_span_their_phrase(gaz) -> None:
    text = "والتقى وزير الخارجية الإيراني عباس عراقجي نظيريه التركي هاكان فيدان والمصري بدر عبد العاطي."
    _, b, c = officials(gaz, text, "ar")
    assert text[b.start:b.end] == "نظيريه التركي هاكان فيدان"
    assert text[c.start:c.end] == "المصري بدر عبد العاطي"  # after the conjunction و
    text = "Chinese Foreign Minister Wang Yi and his Pakistani counterpart Ishaq Dar met."
    _, d = officials(gaz, text, "en")
    assert text[d.start:d.end] == "his Pakistani counterpart Ishaq Dar"


def test_title_lexicon_first_words() -> None:
    from loaders.officials import _ROLE_FIRST, _expand

    assert _expand("defen[cs]e (?:minister|secretary)|x(?! y)") == [
        "defence minister", "defence secretary", "defense minister", "defense secretary", "x"]
    assert {"foreign", "deputy", "minister", "secretary", "spokeswoman"} <= _ROLE_FIRST["en"]
    assert {"وزير", "الوزير", "ناءب", "نظيره"} - _ROLE_FIRST["ar"] == {"نظيره"}  # counterparts are not titles


@pytest.mark.parametrize("lang, text, phrase, person, role, of", [
    ("en", "Abbas Araghchi was appointed Iran's foreign minister in August.",
     "Abbas Araghchi was appointed Iran's foreign minister", "person:abbas-araghchi", "foreign minister", "state:IR"),
    ("en", "Pezeshkian appointed Abbas Araghchi as foreign minister last summer.",
     "Abbas Araghchi as foreign minister", "person:abbas-araghchi", "foreign minister", "state:IR"),
    ("en", "Kaja Kallas became the EU's foreign policy chief in December.",
     "Kaja Kallas became the EU's foreign policy chief", "person:kaja-kallas", "foreign policy chief",
     "organization:european-union"),
    ("ar", "وعين عباس عراقجي وزيرا لخارجية إيران في أغسطس.", "عباس عراقجي وزيرا لخارجية إيران",
     "person:abbas-araghchi", "foreign minister", "state:IR"),
    ("ar", "وتم تعيين كريم رحمانوف سفيرا لأوزبكستان لدى كابل.", "كريم رحمانوف سفيرا لأوزبكستان لدى كابل", None,
     "ambassador", "state:UZ"),
])
def test_appointments(gaz, lang, text, phrase, person, role, of) -> None:
    got = [o for o in officials(gaz, text, lang) if o.appointed]
    assert len(got) == 1
    o = got[0]
    key = o.person.key if any(o.person is e for e in gaz) else None
    assert (text[o.start:o.end], key, o.role, o.of.key) == (phrase, person, role, of)


@pytest.mark.parametrize("lang, text", [
    ("en", "The foreign minister was appointed in August."),  # no name
    ("ar", "وقال إنه يعمل وزيرا للخارجية منذ عامين."),  # an accusative title with no appointment
])
def test_no_appointment(gaz, lang, text) -> None:
    assert officials(gaz, text, lang) == []
