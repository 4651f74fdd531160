"""Officials: title phrases that name a person and the office they hold.

    find_officials(text, language, mentions, gazetteer) -> [Official]

English: "[the] [X's | X | Russian] [former] [acting] TITLE [of/for X | in the X government] [,] [honorific]
NAME [of X]" ("US Secretary of State Antony Blinken", "the Taliban's acting foreign minister Amir Khan
Muttaqi", "President Xi Jinping of China"), the apposition "NAME, [the] Russian foreign minister", and
counterparts: "his Turkish [and Egyptian] counterpart[s][,] NAME [and NAME]".
Arabic: "[القائم بأعمال] TITLE [nisba | state | حكومة X | في الحكومة X | باسم X | لـX] [الخاص] [السابق]
[honorific] NAME" ("وزير الخارجية الروسي سيرغي لافروف", "وزير خارجية روسيا", "القائم بأعمال وزير
الخارجية في الحكومة الأفغانية المؤقتة أمير خان متقي"), and "نظيره التركي NAME [والمصري NAME]".

The person is the gazetteer's when the name is (or contains) a gazetteer Person mention, so spelling
variants meet on one entry; otherwise a new Person entry is built from the name as written (English:
capitalised words that are not sentence words; Arabic: two or three name-like words: no stop word,
verb, preposition or common noun, with or without a proclitic, and an article only on a nisba surname
(البوسعيدي) or after عبد).

`of` is where the office is held: a state or an international organization. A ministry, the Kremlin
or another organ with a `parent` state stands for that state ("Kremlin spokesman" holds office in
Russia) unless the role heads the organ itself (a central bank's governor); offices of the Taliban
are Afghanistan's. With no seat in the title, a gazetteer person's `parent` (the state or organization
they serve) is used. A counterpart takes the role of the nearest official before it in its sentence
(a US secretary of state's counterpart is a foreign minister); with none, the role is "counterpart"
and `of` stays None, so that no office is claimed from it. Roles are normalised English titles, with
a US foreign minister a "secretary of state".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from loaders.arabic import WORD, clitic_variants, normalize, strip_marks
from loaders.gazetteer import Entry, Gazetteer, Mention


@dataclass(frozen=True, slots=True)
class Official:
    """A title phrase [start, end) naming `person` (None only with find_officials(unnamed=True)) in
    `role` of `of`; [name_start, name_end) is the name (equal to start when unnamed). `former`: the text
    says the office is past ("former", "السابق"), so it is no evidence of holding it now. `appointed`: the
    phrase reports the appointment ("X was appointed Iran's foreign minister", "عين X وزيرا لخارجية
    إيران"), so a date in its sentence dates the office."""

    start: int
    end: int
    name_start: int
    name_end: int
    person: Entry | None
    role: str
    acting: bool = False
    of: Entry | None = None
    former: bool = False
    appointed: bool = False


# --- role lexicons: (normalised English role, pattern); at one position the first listed wins ------
# Ministries by domain: (English word of the role, English pattern, Arabic pattern or "").
_DOMAINS = [
    ("foreign", r"foreign(?: affairs)?|external affairs", "(?:ال)?خارجية|(?:ال)?شؤون (?:ال)?خارجية"),
    ("defence", r"defen[cs]e", "(?:ال)?دفاع"),
    ("interior", r"interior|home affairs", "(?:ال)?داخلية"),
    ("finance", r"finance", "(?:ال)?مالية"),
    ("trade", r"(?:foreign )?trade(?: and industry)?|commerce(?: and industry)?",
     "(?:ال)?تجارة(?: (?:ال)?خارجية)?(?: و(?:ال)?صناعة)?"),
    ("economy", r"economy|economic development|economic affairs", "(?:ال)?اقتصاد"),
    ("energy", r"energy", "(?:ال)?طاقة"),
    ("oil", r"oil|petroleum", "(?:ال)?نفط|(?:ال)?بترول"),
    ("mines", r"mines(?: and petroleum)?|mining", "(?:ال)?مناجم(?: و(?:ال)?بترول)?|(?:ال)?تعدين"),
    ("agriculture", r"agriculture", "(?:ال)?زراعة"),
    ("health", r"health", "(?:ال)?صحة"),
    ("education", r"education", "(?:ال)?تعليم(?: (?:ال)?عالي)?|(?:ال)?تربية(?: و(?:ال)?تعليم)?"),
    ("justice", r"justice", "(?:ال)?عدل"),
    ("transport", r"transport(?:ation)?", "(?:ال)?نقل"),
    ("industry", r"industry", "(?:ال)?صناعة"),
    ("labour", r"labou?r", "(?:ال)?عمل"),
    ("information", r"information", "(?:ال)?إعلام"),
    ("culture", r"culture", "(?:ال)?ثقافة"),
    ("water", r"water(?: and energy)?", "(?:ال)?مياه|(?:ال)?موارد (?:ال)?مائية"),
    ("refugees", r"refugees(?: and repatriation)?", "(?:ال)?لاجئين"),
    ("communications", r"communications", "(?:ال)?اتصالات"),
    ("public safety", r"public safety", ""),
    ("emergency situations", r"emergency situations|emergencies", "(?:ال)?طوارئ"),
]
_EN_ROLES = [
    ("head of the sovereignty council", r"(?:head|chairman|leader) of (?:the )?(?:ruling )?sovereign(?:ty)? council|"
                                        r"sovereign(?:ty)? council (?:chief|head|chairman|leader)"),
    ("army chief", r"army chief|military chief|army commander|chief of (?:the )?general staff|junta (?:leader|chief|head)"),
    ("opposition leader", r"opposition leader|leader of the opposition"),
    ("presidential adviser", r"advis[eo]r to the (?:president|king|emir|crown prince)|presidential advis[eo]r"),
    ("judge", r"judge"),
    ("deputy prime minister", r"deputy prime minister|vice[- ]premier|deputy premier"),
    ("prime minister", r"prime minister|premier"),
    *[(f"deputy {d} minister", rf"deputy (?:{en}) minister|deputy minister (?:of|for) (?:the )?(?:{en})")
      for d, en, _ in _DOMAINS],
    ("deputy secretary of state", r"deputy secretary of state"),
    ("foreign minister", r"foreign secretary|top diplomat"),
    ("defence minister", r"defen[cs]e secretary|secretary of defen[cs]e"),
    ("interior minister", r"home secretary"),
    ("finance minister", r"treasury secretary|secretary of the treasury"),
    ("trade minister", r"commerce secretary"),
    ("energy minister", r"energy secretary"),
    *[(f"{d} minister", rf"(?:{en}) minister|minister (?:of|for) (?:the )?(?:{en})") for d, en, _ in _DOMAINS],
    ("minister of state", r"minister of state(?: for (?:foreign|international|economic|regional|security) affairs)?"),
    ("secretary of state", r"secretary of state(?! for)"),
    ("foreign policy chief", r"foreign policy chief|foreign affairs chief|"
                             r"high representative(?: for foreign affairs and security policy)?"),
    ("vice president", r"vice[- ]president"),
    ("president", r"president"),
    ("spokesperson", r"spokes(?:man|woman|person)|press secretary"),
    ("special envoy", r"special (?:presidential )?envoy|presidential envoy"),
    ("special representative", r"special representative"),
    ("permanent representative", r"permanent representative"),
    ("envoy", r"envoy"),
    ("representative", r"representative"),
    ("ambassador", r"ambassador"),
    ("crown prince", r"crown prince"),
    ("supreme leader", r"supreme leader"),
    ("secretary-general", r"secretary[- ]general"),
    ("national security adviser", r"national security advis[eo]r"),
    ("governor", r"governor"),
    ("chairman", r"chairman|chairwoman|chairperson"),
    ("chancellor", r"chancellor"),
    ("king", r"king"),
    ("emir", r"emir|amir"),
    ("leader", r"leader"),
]
# Arabic, in ordinary spelling (normalised when compiled); {al} is an optional leading article, which
# after the preposition ل loses its alef (للرئيس).
_AR_ROLES = [
    ("head of the sovereignty council", "{al}رئيسة? مجلس (?:ال)?سيادة(?: (?:ال)?انتقالي)?"),
    ("army chief", "{al}قائد (?:ال)?جيش|{al}قائد (?:ال)?عام للقوات (?:ال)?مسلحة|{al}رئيسة? أركان (?:ال)?جيش"),
    ("opposition leader", "{al}زعيمة? (?:ال)?معارضة"),
    # "مستشار الرئيس الفلسطيني": an adviser of the president, not the president (nor a chancellor)
    ("presidential adviser", "{al}مستشارة? (?:ال)?(?:رئيس|ملك|أمير)"),
    ("judge", "{al}قاضية?"),
    ("deputy prime minister", "نائب رئيس الوزراء|نائب رئيس الحكومة"),
    ("prime minister", "{al}رئيسة? الوزراء|{al}رئيسة? الحكومة|رئيسة? وزراء|رئيسة? حكومة"),
    *[(f"deputy {d} minister", f"نائبة? وزيرة? (?:{ar})|{{al}}وكيلة? وزارة (?:{ar})|{{al}}وكيلة? وزير (?:{ar})")
      for d, _, ar in _DOMAINS if ar],
    ("vice president", "{al}نائبة? الرئيس|نائبة? رئيس"),
    # before "representative": الممثل الأعلى للشؤون الخارجية is the EU's foreign policy chief
    ("foreign policy chief", "{al}مسؤولة? (?:ال)?سياسة (?:ال)?خارجية|{al}منسقة? (?:ال)?سياسة (?:ال)?خارجية|"
                             "{al}ممثلة? (?:ال)?أعلى لل?(?:سياسة (?:ال)?خارجية|شؤون (?:ال)?خارجية)"),
    # accusative titles, only after an appointment verb: "عين X وزيرا لخارجية إيران"
    *[(f"{d} minister", "وزيرا لل?(?:" + "|".join(a.removeprefix("(?:ال)?") for a in ar.split("|")) + ")")
      for d, _, ar in _DOMAINS if ar],
    ("prime minister", "رئيسا لل?(?:وزراء|حكومة)"),
    ("ambassador", "سفيرا"),
    ("envoy", "مبعوثا"),
    ("spokesperson", "متحدثا(?: رسميا)? باسم"),
    ("president", "رئيسا"),
    ("minister of state", "{al}وزيرة? (?:ال)?دولة(?: لل?شؤون (?:ال)?خارجية| للشؤون (?:ال)?خارجية)?"),
    *[(f"{d} minister", f"{{al}}وزيرة? (?:{ar})") for d, _, ar in _DOMAINS if ar],
    ("spokesperson", "{al}(?:متحدثة?|ناطقة?)(?: (?:ال)?رسمية?)?(?: باسم)?"),
    ("envoy", "{al}مبعوثة?"),
    ("representative", "{al}(?:ممثلة?|مندوبة?)"),
    ("ambassador", "{al}سفيرة?"),
    ("crown prince", "ولي العهد"),
    ("supreme leader", "{al}مرشد (?:ال)?أعلى"),
    ("secretary-general", "{al}أمينة? (?:ال)?عام"),
    ("national security adviser", "{al}مستشارة? (?:ال)?أمن (?:ال)?قومي"),
    ("governor", "{al}محافظ"),  # not محافظة, "province"
    ("king", "{al}ملك|{al}عاهل"),
    ("emir", "{al}أمير"),
    ("supreme leader", "{al}مرشد"),
    ("chancellor", "{al}مستشارة?"),
    ("leader", "{al}زعيمة?"),
    ("president", "{al}رئيسة?"),
]
_AL = "(?:ال|(?<=ل)ل)?"


def _compile_roles(roles: list[tuple[str, str]], arabic: bool) -> tuple[re.Pattern, list[str]]:
    parts = []
    for i, (_, pattern) in enumerate(roles):
        if arabic:
            pattern = normalize(pattern.replace("{al}", "\0")).text.replace("\0", _AL)
        parts.append(f"(?P<r{i}>{pattern})")
    pre = r"(?P<pre>[وف]?[بكل]?)" if arabic else r"(?P<pre>)"
    rx = re.compile(r"(?<![^\W_])" + pre + "(?:" + "|".join(parts) + r")(?![^\W_])")
    return rx, [role for role, _ in roles]


def _expand(pattern: str) -> list[str]:
    """Every string a role pattern matches (they are finite: literals, [classes], (?:groups), ?, |);
    lookarounds match the empty string."""

    def alt(i: int) -> tuple[list[str], int]:
        out, i = seq(i)
        while i < len(pattern) and pattern[i] == "|":
            more, i = seq(i + 1)
            out += more
        return out, i

    def seq(i: int) -> tuple[list[str], int]:
        out = [""]
        while i < len(pattern) and pattern[i] not in "|)":
            if pattern.startswith("(?", i):
                look = pattern[i + 2] in "!=<"
                inner, i = alt(i + (4 if pattern.startswith("(?<", i) else 3))
                i += 1  # ")"
                options = [""] if look else inner
            elif pattern[i] == "[":
                j = pattern.index("]", i)
                options, i = list(pattern[i + 1:j]), j + 1
            else:
                options, i = [pattern[i]], i + 1
            if i < len(pattern) and pattern[i] == "?":
                options, i = options + [""], i + 1
            out = [a + b for a in out for b in options]
        return out, i

    return alt(0)[0]


def _first_words(roles: list[tuple[str, str]], arabic: bool) -> frozenset[str]:
    """The normalised words a title can begin with: the role regex is tried only where one stands."""
    words = set()
    for _, pattern in roles:
        for form in _expand(pattern.replace("{al}", "(?:ال)?") if arabic else pattern):
            norm = normalize(form).text.split()
            if norm:
                words.add(norm[0])
    return frozenset(words)


_ROLE_RX = {"en": _compile_roles(_EN_ROLES, False), "ar": _compile_roles(_AR_ROLES, True)}
_ROLE_FIRST = {"en": _first_words(_EN_ROLES, False), "ar": _first_words(_AR_ROLES, True)}


def _n(words: str) -> frozenset[str]:
    return frozenset(normalize(words).text.split())


# Roles that head the organization itself: its governor is the central bank's, not the state's.
_HEADS_ORG = frozenset({"governor", "chairman", "leader", "supreme leader", "secretary-general"})
# Roles whose "in X" / "في X" / "to X" is the posting, not the office: "the Russian ambassador in Kabul".
_POSTED = frozenset({"ambassador", "envoy", "special envoy", "representative", "special representative",
                     "permanent representative"})
# A movement that governs a state: its government's offices are the state's (the regression
# conventions: "Offices in the Taliban government are held in Afghanistan").
_GOVERNS = {"organization:taliban": "state:AF"}
_US_ROLES = {"foreign minister": "secretary of state", "defence minister": "secretary of defense",
             "deputy foreign minister": "deputy secretary of state"}
# The role a US title's counterpart abroad has.
_COUNTERPART_ROLE = {"secretary of state": "foreign minister", "secretary of defense": "defence minister",
                     "deputy secretary of state": "deputy foreign minister"}

_EN_ACTING = frozenset({"acting", "interim", "caretaker"})
_EN_FORMER = frozenset({"former", "ex", "then"})
_EN_HONORIFICS = frozenset({"sheikh", "sheik", "mullah", "prince", "princess", "dr", "mr", "mrs", "ms", "general",
                            "gen", "ayatollah", "sir", "lord", "madam", "h", "e", "lt", "lieutenant", "colonel",
                            "col", "field", "marshal", "brig", "brigadier", "captain", "capt"})
_EN_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "de", "del", "van", "von", "der", "da", "di", "du"})
# Words that are never part of a name, also when capitalised (sentence starts, headlines).
_EN_STOP = frozenset("""the a an this that these those he she it they we i you his her their its our my
in on at as and but or nor for to of with by from after before during while when where who whom whose which
what why how if than then there here not no yes so also too very both all each every some any many much
more most other another such only just even still yet again already about over under between among against
into onto through within without since until via per across along around near off up down out
said says say told tells met meets visited visits arrived arrives called calls urged urges warned warns
accused accuses welcomed welcomes announced announces declined declines rejected rejects added adds noted
notes stressed stresses held holds signed signs discussed discusses expressed expresses agreed agrees
is are was were be been being will would shall should can could may might must has have had do does did
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight
january february march april may june july august september october november december
last next earlier later meanwhile however moreover furthermore
league party council committee ministry office department government court bank union organization
organisation agency forum summit house state republic kingdom administration authorities cabinet
delegation embassy""".split())
_EN_GOV = frozenset({"government", "administration", "regime", "cabinet", "authorities", "movement"})
_EN_MINISTRY = {"foreign": "foreign", "defence": "defence", "defense": "defence", "interior": "interior"}
_EN_HARD = re.compile(r"[.;:!?()\[\]\n]")
_EN_COUNTERPART = frozenset({"counterpart", "counterparts"})
_EN_POSSESSIVE = frozenset({"his", "her", "their", "its", "the"})

_AR_ACTING_POST = _n("المؤقت المؤقتة بالوكالة بالإنابة بالنيابة")
_AR_FORMER = _n("السابق السابقة الأسبق الأسبقة سابق سابقة")
_AR_SPECIAL = _n("الخاص الخاصة خاص خاصة")
_AR_PERMANENT = _n("الدائم الدائمة دائم دائمة")
_AR_SKIP = _n("الرسمي الرسمية الجديد الجديدة المكلف المكلفة المعين المعينة الرئاسي الرئاسية الحالي الحالية "
              "المنتخب المنتخبة الأعلى العام العامة")
_AR_GOV = _n("الحكومة حكومة الإدارة إدارة السلطة سلطة النظام نظام")
_AR_GOV_MODS = _n("المؤقتة المؤقت الانتقالية الانتقالي الجديدة الحالية الفعلية")
_AR_HONORIFICS = _n("الشيخ الشيخة الأمير الأميرة الملا الدكتور الدكتورة السيد السيدة المشير الجنرال اللواء "
                    "الفريق العقيد العميد أول ركن معالي فخامة سمو سعادة")  # "الفريق أول ركن": a rank of three words
_AR_CONNECTORS = _n("بن ابن بنت أبو أبي عبد آل الله الدين")
# Function words, verbs and titles: never a word of a name.
_AR_STOP = _n("""في من إلى على عن مع أن إن أنه أنها لأن كما قد لقد ثم أو أم بل حتى منذ خلال عبر بين بعد قبل عند لدى
حول ضد دون غير أمس اليوم غدا الآن أيضا هذا هذه ذلك تلك الذي التي الذين هو هي هم نحن وهو وهي يوم مساء صباح
قال قالت يقول تقول أكد أكدت يؤكد تؤكد أعلن أعلنت أشار أشارت أوضح أوضحت أضاف أضافت صرح صرحت شدد شددت دعا دعت
حذر حذرت التقى التقت يلتقي تلتقي بحث بحثت زار زارت يزور يصل وصل وصلت استقبل استقبلت أجرى أجرت عقد عقدت ناقش
ناقشت اعتبر اعتبرت كشف كشفت نفى نفت رحب رحبت عرض عرضت طالب طالبت وقع وقعت أبلغ أبلغت لوكالة للصحفيين للصحفيين
نظيره نظيرته نظيرها نظيريه نظراءه نظرائه بدوره بدورها إنه إنها بأن وأن ولكن لكن عندما حين بينما إذ إذا
خلال وذلك ذلك وزير وزيرة رئيس الرئيس القائم القائمة بأعمال الأحد الاثنين الإثنين الثلاثاء الأربعاء
الخميس الجمعة السبت الماضي الماضية المقبل المقبلة الحالي الحالية الجاري الذي التي الذين اللذين
حضر حضرت شارك شاركت توجه توجهت يتوجه تتوجه ترأس ترأست حث حثت انتقد انتقدت اتهم اتهمت هدد هددت أعرب أعربت
أبدى أبدت قدم قدمت سلم سلمت تسلم تسلمت بعث بعثت أرسل أرسلت تلقى تلقت هنأ هنأت رأى رأت لفت لفتت أفاد أفادت
ذكر ذكرت أشاد أشادت جدد جددت تعهد تعهدت وعد وعدت أدان أدانت رفض رفضت وافق وافقت طلب طلبت اقترح اقترحت وصف
وصفت تحدث تحدثت يتحدث تتحدث غادر غادرت يغادر تغادر يوقع يبحث تبحث يجري تجري يعقد تعقد يستقبل تستقبل يرى ترى
اجتمع اجتمعت يجتمع تجتمع أحجم أحجمت امتنع امتنعت رافق رافقت يرافق ترافق كان كانت يكون تكون ليس ليست لم لن لا
ما ماذا كيف متى أين هل كل بعض جميع أي إلا سوى نحو وفق وفقا بحسب حسب ضمن لدى أمام خلف تحت فوق وراء""")
# Common nouns, adjectives and adverbs that follow titles ("مبعوث أممي جديد", "بحضور", "بقرار"): with or
# without a proclitic, never a name word. Words that are also names (سلام, حرب) are left out.
_AR_COMMON = _n("""جديد جديدة سابق سابقة حالي حالية رسمي رسمية قرار قرارا مراسم حضور بحث مناقشة توقيع مشاركة
إجراء زيارة تعزيز دعم أجل مدة فترة عام عاما اتفاق اتفاقا اتفاقية مذكرة محادثات مباحثات لقاء اجتماع قمة مؤتمر منتدى
وفد وفدا خطة مبادرة عملية شأن أثر إطار صعيد ضوء عقب أثناء جانب جهة مستوى قضية ملف وضع أوضاع أمن أزمة
علاقات تعاون مسؤول مسؤولين مسؤولون دولة حكومة بلاده بلادها بلاد شعب منطقة أكثر أقل عدد عدة نفس ذات مجرد فقط
كذلك بشكل بصورة خاصة عامة نظرا طبقا مجددا سويا معا حاليا رسميا مؤخرا قريبا لاحقا سابقا تصريحات تصريح بيان
كلمة رسالة اتصال اتصالا هاتفيا هاتفي زيارته زيارتها وصوله وصولها مقر مقره العاصمة طلب دعوة رئاسة برئاسة
تعيين تعيينه منصب منصبه مهامه مهام الوزارة وزارة""")
# stop words spelt with a final ى that normalise like a name spelt with ي (على / علي)
_AR_MAQSURA = frozenset({"علي"})
_AR_COUNTERPART = _n("نظير نظيره نظيرته نظيرها نظيرهم نظيرتها نظيريه نظيرتيه نظيراه نظيرتاه نظراءه نظرائه نظراؤه "
                     "نظراءهم نظرائهم نظيريهما")
_AR_COUNTERPARTS = _n("نظيريه نظيرتيه نظيراه نظيرتاه نظراءه نظرائه نظراؤه نظراءهم نظرائهم نظيريهما")
_AR_TO = _n("لدى إلى الى")
_AR_ACCUSATIVE = _n("وزيرا رئيسا سفيرا مبعوثا متحدثا")
_AR_APPOINT = _n("عين عينت يعين تعين تعيين انتخب انتخبت انتخاب اختير اختيرت اختيار سمي سميت تسمية كلف كلفت تكليف")
_EN_APPOINT = frozenset({"appointed", "named", "elected", "became", "installed"})
_EN_PASSIVE = frozenset({"was", "is", "been", "were"})
_AR_ACTING_PRE = _n("القائم القائمة قائم قائمة")
_AR_ACTING_PRE2 = _n("بأعمال")
# On mark-stripped original words (a bare alef: "أليكسي" is a name, "الرئيس" has the article).
_AR_ARTICLE = re.compile("^ال")
# a proclitic and the article: "بالقائم", "والرئيس", "للصحفيين" start a new phrase, never a name
_AR_CLITIC_ARTICLE = re.compile("^(?:[وف][بك]?ال|[بك]ال|[وف]?لل)")
_AR_HARD = re.compile(r"[.,;:!?()\[\]\n،؛؟]")
_AR_PARENS = re.compile(r"\s*[()]\s*")  # "الرئيس (التركي) رجب طيب أردوغان": a nisba in brackets stays in the title
# the end of a sentence between an official and a later counterpart
_SENTENCE_END = re.compile(r"(?<![A-Z])[.!?؟](?:\s|$)|\n")
_SEATS = ("State", "Organization", "Group")


@dataclass(slots=True)
class _Tok:
    ns: int  # normalised start / end
    ne: int
    os: int  # original start / end
    oe: int
    word: str


class _Doc:
    """Words of the text with their offsets, and the gazetteer mentions laid over them."""

    def __init__(self, text: str, mentions: list[Mention]):
        self.text = text
        self.n = normalize(text)
        offs = self.n.offsets
        if offs is None:
            self.toks = [_Tok(m.start(), m.end(), m.start(), m.end(), m.group()) for m in WORD.finditer(self.n.text)]
        else:
            self.toks = [_Tok(m.start(), m.end(), offs[m.start()], offs[m.end()], m.group())
                         for m in WORD.finditer(self.n.text)]
        starts = [t.os for t in self.toks]
        self.first: dict[int, Mention] = {}  # token index -> mention starting in it
        self.last: dict[int, Mention] = {}  # token index -> mention ending in it
        self.span: dict[int, tuple[int, int]] = {}  # id(mention) -> (first token, last token)
        self.cover: dict[int, Mention] = {}  # token index -> mention covering it
        for m in mentions:
            i = bisect_right(starts, m.start) - 1
            j = bisect_right(starts, m.end - 1) - 1
            if i < 0 or j < i:
                continue
            self.first.setdefault(i, m)
            self.last[j] = m
            self.span[id(m)] = (i, j)
            for k in range(i, j + 1):
                self.cover.setdefault(k, m)

    def gap(self, i: int) -> str:
        """Normalised text between token i and token i + 1."""
        if i + 1 >= len(self.toks):
            return "\n"
        return self.n.text[self.toks[i].ne:self.toks[i + 1].ns]

    def gap_after(self, i: int) -> str:
        """Original text between token i (or the mention ending in it, which may take a full stop:
        "U.S.") and token i + 1."""
        if i + 1 >= len(self.toks):
            return "\n"
        m = self.last.get(i)
        frm = max(self.toks[i].oe, m.end) if m is not None else self.toks[i].oe
        return self.text[frm:self.toks[i + 1].os]

    def orig(self, i: int) -> str:
        t = self.toks[i]
        return self.text[t.os:t.oe]

    def bare(self, i: int) -> str:
        """Token i as written, without diacritics: hamza and alef forms kept."""
        return strip_marks(self.orig(i))

    def token_at(self, norm_pos: int) -> int:
        lo, hi = 0, len(self.toks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.toks[mid].ne <= norm_pos:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def mention_at(self, i: int) -> Mention | None:
        """The mention that begins at token i (possibly after a proclitic)."""
        m = self.first.get(i)
        return m if m is not None and self.span[id(m)][0] == i else None


def _seat(m: Mention) -> Entry | None:
    """The state or organization a mention can be the office-holder's side: a capital is its state."""
    e = m.entry
    return e if e.kind in _SEATS else None


def _person(doc: _Doc, i: int, j: int, language: str, gaz: Gazetteer, mention: Mention | None) -> Entry | None:
    """The person named by tokens i..j: the gazetteer's, or a new one; None for Arabic words that no
    one spells as a name (see loaders.romanize)."""
    if mention is not None:
        return mention.entry
    name = strip_marks(" ".join(doc.text[doc.toks[i].os:doc.toks[j].oe].split()))
    found = gaz.lookup(name, "Person")
    if found is not None:
        return found
    if language == "ar":  # named in Latin script, keyed by that name, so an English report meets it
        from loaders.romanize import latin_name

        latin = latin_name(name)
        if latin is None:
            return None
        found = gaz.lookup(latin, "Person")
        return found if found is not None else Entry(kind="Person", name=latin, names={"ar": [name], "en": [latin]})
    return Entry(kind="Person", name=name, names={language: [name]})


def _organ(org: Entry) -> str:
    """How a spokesperson's organ is named in their role: "foreign ministry", "kremlin"."""
    name = org.name
    if name.startswith("Ministry of Foreign Affairs") or name == "United States Department of State":
        return "foreign ministry"
    if name.startswith("Ministry of Defence") or name == "United States Department of Defense":
        return "defence ministry"
    # its shortest English name that is not an acronym: "Kremlin", "National Security Council"
    forms = [f for f in org.names.get("en", []) if not f.lower().startswith("the ") and not re.search(r"[A-Z]{2}", f)]
    return min(forms or [name], key=len).lower()


def _finish(role: str, of: Entry | None, person: Entry | None, gaz: Gazetteer, *, special: bool = False,
            permanent: bool = False, fallback: bool = True, organ: str | None = None) -> tuple[str, Entry | None]:
    """The final role and seat: qualifiers applied, organs climbed to their state, a known person's
    own state or organization when the title names none. `organ`: the organ the title names without a
    gazetteer entry ("Foreign Ministry spokesperson", "government spokesman")."""
    if organ and role == "spokesperson":
        role = f"{organ} spokesperson"
    if special and role in ("envoy", "representative"):
        role = "special " + role
    if permanent and role == "representative":
        role = "permanent representative"
    if role in ("secretary of state", "deputy secretary of state") and of is None:
        of = gaz.get("state:US")  # the title is the US foreign minister's
    if of is not None and role not in _HEADS_ORG:
        governed = _GOVERNS.get(of.key)
        if governed is not None and gaz.get(governed) is not None:
            of = gaz.get(governed)
        elif of.kind == "Organization" and of.parent and gaz.get(of.parent) is not None:
            if role == "spokesperson" or (organ and role == f"{organ} spokesperson"):
                role = f"{_organ(of)} spokesperson"
            of = gaz.get(of.parent)
    if of is None and fallback and person is not None and person.parent and person.key in gaz:
        of = gaz.get(person.parent)
    if of is not None and of.key == "state:US":
        role = _US_ROLES.get(role, role)
    if of is not None and of.key == "organization:european-union" and role == "foreign minister":
        role = "foreign policy chief"
    return role, of


# --- English ---------------------------------------------------------------------------------------
def _en_name(doc: _Doc, r: int) -> tuple[int, int, Mention | None] | None:
    """Name tokens [r, j] after a title: a gazetteer person, or capitalised words (with particles)."""
    toks = doc.toks
    m = doc.mention_at(r)
    if m is not None and m.entry.kind == "Person":
        return r, doc.span[id(m)][1], m
    j, last_cap, found = r, -1, None
    while j < len(toks) and j - r < 6:
        if j > r and not re.fullmatch(r"[ \-'’]", doc.text[toks[j - 1].oe:toks[j].os]):
            break
        w, o = toks[j].word, doc.orig(j)
        cov = doc.cover.get(j)
        if cov is not None and cov.entry.kind == "Person":
            found = cov
            j = doc.span[id(cov)][1]
            last_cap = j
            break
        if cov is not None or w in _EN_STOP:
            break
        if o[:1].isupper() and o[:1].isalpha():
            last_cap = j
        elif w not in _EN_PARTICLES or j == r:
            break
        j += 1
    if last_cap < r:
        return None
    return r, last_cap, found


def _en_name_before(doc: _Doc, k: int) -> tuple[int, int, None] | None:
    """Capitalised words ending at token k (an apposition's name), at most four."""
    i = k
    while i >= 0 and k - i < 4:
        o = doc.orig(i)
        if doc.cover.get(i) is not None or doc.toks[i].word in _EN_STOP or not (o[:1].isupper() and o[:1].isalpha()):
            break
        if i < k and not re.fullmatch(r"[ \-'’]", doc.text[doc.toks[i].oe:doc.toks[i + 1].os]):
            break
        i -= 1
    return (i + 1, k, None) if i < k else None


def _en_official(doc: _Doc, ti: int, tj: int, role: str, gaz: Gazetteer, unnamed: bool) -> Official | None:
    toks = doc.toks
    acting = former = False
    of: Entry | None = None
    organ: str | None = None
    start_tok = ti
    # left: [X's | X | nisba] [government | foreign ministry] [former] [acting]
    k = ti - 1
    while k >= 0 and not _EN_HARD.search(doc.gap_after(k)) and "," not in doc.gap_after(k):
        w = toks[k].word
        m = doc.last.get(k)
        if w in _EN_ACTING:
            acting, start_tok = True, k
        elif w in _EN_FORMER:
            former, start_tok = True, k
        elif m is not None and of is None and _seat(m) is not None:
            of, start_tok = _seat(m), doc.span[id(m)][0]
            k = start_tok
        elif w == "s" and k > 0 and doc.gap(k - 1) == "'" and doc.last.get(k - 1) is not None and of is None:
            m = doc.last[k - 1]
            if _seat(m) is None:
                break
            of, start_tok = _seat(m), doc.span[id(m)][0]
            k = start_tok
        elif w in _EN_GOV and of is None and m is None and organ is None:
            organ, start_tok = "government", k  # "Taliban government spokesman": the seat is before it
        elif w == "ministry" and k > 0 and toks[k - 1].word in _EN_MINISTRY and of is None and organ is None \
                and doc.cover.get(k) is None:
            organ, start_tok = _EN_MINISTRY[toks[k - 1].word] + " ministry", k - 1  # "Foreign Ministry spokesperson"
            k -= 1
        else:
            break
        k -= 1
    # right: [of|for|to|in [the] X [government]] [,] [honorific] NAME [of X]
    r = tj + 1
    while r < len(toks) and not _EN_HARD.search(doc.gap(r - 1)) and "," not in doc.gap(r - 1):
        w = toks[r].word
        if w not in ("of", "for", "to", "in", "on"):
            break
        q = r + 1
        if q < len(toks) and toks[q].word == "the":
            q += 1
        m = doc.mention_at(q) if q < len(toks) else None
        if m is None or _seat(m) is None:
            break
        after = doc.span[id(m)][1] + 1
        in_gov = after < len(toks) and toks[after].word in _EN_GOV
        if of is None and (w == "of" or (w == "for" and role == "spokesperson")
                           or (w == "in" and role not in _POSTED and (in_gov or m.entry.kind == "Organization"))):
            of = _seat(m)
        r = after + 1 if in_gov else after
    phrase_end = r - 1  # the title and any "of X" after it
    name = None
    if r < len(toks) and not _EN_HARD.search(doc.gap(r - 1)):
        while r < len(toks) and toks[r].word in _EN_HONORIFICS and doc.first.get(r) is None:
            r += 1
        if r < len(toks):
            name = _en_name(doc, r)
    end_tok = phrase_end if name is None else name[1]
    if name is not None and name[1] + 2 < len(toks) and toks[name[1] + 1].word == "of" \
            and not _EN_HARD.search(doc.gap(name[1])) and "," not in doc.gap(name[1]):
        q = name[1] + 2
        if toks[q].word == "the" and q + 1 < len(toks):
            q += 1
        m = doc.mention_at(q)
        if m is not None and _seat(m) is not None:
            if of is None:
                of = _seat(m)
            end_tok = doc.span[id(m)][1]
    if name is None:
        # apposition: "NAME, [the] Russian foreign minister"
        k = start_tok - 1
        if k >= 0 and toks[k].word in ("the", "a", "an") and "," not in doc.gap(k):
            k -= 1
        if k >= 0 and doc.gap(k).strip() == ",":
            m = doc.last.get(k)
            if m is not None and m.entry.kind == "Person":
                name = (doc.span[id(m)][0], k, m)
            else:
                name = _en_name_before(doc, k)
            if name is not None:
                start_tok = name[0]
    appointed = False
    if name is None:
        name = _en_appointee(doc, start_tok)  # "NAME was appointed Iran's foreign minister"
        if name is not None:
            appointed, start_tok = True, name[0]
    if role == "emir" and of is None:
        return None  # "Amir" is also a first name
    if name is None:
        if not unnamed:
            return None
        role, of = _finish(role, of, None, gaz, organ=organ)
        return Official(toks[start_tok].os, toks[end_tok].oe, toks[start_tok].os, toks[start_tok].os, None, role,
                        acting, of, former)
    i, j, m = name
    person = _person(doc, i, j, "en", gaz, m)
    role, of = _finish(role, of, person, gaz, organ=organ)
    return Official(toks[start_tok].os, max(toks[end_tok].oe, toks[j].oe), toks[i].os, toks[j].oe, person, role,
                    acting, of, former, appointed)


def _en_appointee(doc: _Doc, s: int) -> tuple[int, int, Mention | None] | None:
    """The person appointed to the title that starts at token s: "NAME was appointed [as] TITLE",
    "NAME became TITLE", "appointed NAME [as] TITLE"."""
    toks = doc.toks

    def joined(a: int) -> bool:  # tokens a and a + 1 are in one clause
        return not _EN_HARD.search(doc.gap_after(a)) and "," not in doc.gap_after(a)

    def name_ending(k: int) -> tuple[int, int, Mention | None] | None:
        if k < 0:
            return None
        m = doc.last.get(k)
        if m is not None and m.entry.kind == "Person":
            return doc.span[id(m)][0], k, m
        return _en_name_before(doc, k)

    k = s - 1
    if k >= 0 and toks[k].word in ("the", "a", "an") and joined(k):
        k -= 1
    if k >= 0 and toks[k].word == "as" and joined(k):
        k -= 1
    if k < 0 or not joined(k):
        return None
    if toks[k].word in _EN_APPOINT:
        verb = k
        k -= 1
        while k >= 0 and toks[k].word in _EN_PASSIVE and joined(k):
            k -= 1
        if k >= 0 and toks[k].word in ("has", "have", "had") and toks[k + 1].word == "been":
            k -= 1
        if (k < verb - 1 or toks[verb].word == "became") and k >= 0 and joined(k):
            return name_ending(k)
        return None
    name = name_ending(k)  # active: "Pezeshkian appointed NAME [as] TITLE"
    if name is not None and name[0] > 0 and toks[name[0] - 1].word in _EN_APPOINT - {"became"} \
            and joined(name[0] - 1):
        return name
    return None


def _en_counterparts(doc: _Doc, i: int, role: str | None, gaz: Gazetteer, unnamed: bool) -> list[Official]:
    """ "his Turkish [and Egyptian] counterpart[s][,] NAME [and NAME]" around the token i."""
    toks = doc.toks
    seats: list[Entry] = []
    start_tok = i
    k = i - 1
    while k >= 0 and not _EN_HARD.search(doc.gap_after(k)):
        m = doc.last.get(k)
        w = toks[k].word
        if m is not None and _seat(m) is not None:
            seats.insert(0, _seat(m))
            start_tok = doc.span[id(m)][0]
            k = start_tok - 1
            continue
        if w == "and" and seats:
            k -= 1
            continue
        if w in _EN_POSSESSIVE:
            start_tok = k
        break
    plural = toks[i].word == "counterparts"
    names: list[tuple[int, int, Mention | None]] = []
    r = i + 1
    while r < len(toks) and not _EN_HARD.search(doc.gap(r - 1)):
        if names:
            if not plural:
                break
            if toks[r].word == "and":
                r += 1
            elif "," not in doc.gap(r - 1):
                break
            if r >= len(toks) or _EN_HARD.search(doc.gap(r - 1)):
                break
        while r < len(toks) and toks[r].word in _EN_HONORIFICS and doc.first.get(r) is None:
            r += 1
        name = _en_name(doc, r) if r < len(toks) else None
        if name is None:
            break
        names.append(name)
        r = name[1] + 1
    out = []
    if not names:
        if unnamed:
            r_, of = _counterpart_role(role, seats[0] if len(seats) == 1 else None, None, gaz)
            out.append(Official(toks[start_tok].os, toks[i].oe, toks[start_tok].os, toks[start_tok].os, None, r_,
                                False, of))
        return out
    for n, (a, b, m) in enumerate(names):
        seat = seats[n] if len(seats) == len(names) else (seats[0] if len(seats) == 1 else None)
        person = _person(doc, a, b, "en", gaz, m)
        r_, of = _counterpart_role(role, seat, person, gaz)
        start = toks[start_tok].os if n == 0 else toks[a].os
        out.append(Official(start, toks[b].oe, toks[a].os, toks[b].oe, person, r_, False, of))
    return out


def _counterpart_role(role: str | None, seat: Entry | None, person: Entry | None,
                      gaz: Gazetteer) -> tuple[str, Entry | None]:
    """A counterpart holds the role of the official they are the counterpart of; unknown, no office."""
    if role is None:
        return "counterpart", None
    return _finish(_COUNTERPART_ROLE.get(role, role), seat, person, gaz)


# --- Arabic ----------------------------------------------------------------------------------------
def _ar_boundary(doc: _Doc, j: int) -> bool:
    """True when the name cannot go on at token j."""
    if j >= len(doc.toks) or _AR_HARD.search(doc.gap(j - 1)) or doc.gap(j - 1).strip():
        return True
    w, bare = doc.toks[j].word, doc.bare(j)
    return (w in _AR_STOP or bool(_AR_ARTICLE.match(bare)) or bool(_AR_CLITIC_ARTICLE.match(bare)) or w.isdigit()
            or doc.cover.get(j) is not None)


def _ar_name_word(doc: _Doc, j: int, first: bool, after_abd: bool) -> bool:
    """Token j may be a word of a person's name: not a function word, verb or common noun (also after a
    proclitic: "بقرار", "لحضور", "ووزير"); the article only on a nisba surname or after عبد."""
    w, bare = doc.toks[j].word, doc.bare(j)
    if w in _AR_MAQSURA and not bare.endswith("ى"):
        pass  # علي (Ali) is a name; على is the preposition
    elif w in _AR_STOP or w in _AR_COMMON or w.isdigit() or len(w) < 2 or not _ARABIC_WORD.match(w):
        return False
    if w in _AR_CONNECTORS:
        return True
    for cut, rest in clitic_variants(w)[1:]:
        # short stop words stay out: فيصل is not ف + يصل
        if rest in _AR_COMMON or rest in _AR_COUNTERPART or (len(rest) >= 4 and rest in _AR_STOP):
            return False
    if _AR_CLITIC_ARTICLE.match(bare):
        return False
    if _AR_ARTICLE.match(bare):
        return not first and (after_abd or w.endswith("ي"))
    return True


def _ar_name(doc: _Doc, r: int) -> tuple[int, int, Mention | None] | None:
    toks = doc.toks
    m = doc.cover.get(r)
    if m is not None:
        if m.entry.kind == "Person" and doc.span[id(m)][0] == r:
            return r, doc.span[id(m)][1], m
        return None
    picked: list[int] = []
    counted = 0
    j = r
    while j < len(toks) and counted < 3:
        if j > r and _AR_HARD.search(doc.gap(j - 1)):
            break
        cov = doc.cover.get(j)
        if cov is not None:
            if cov.entry.kind == "Person" and doc.span[id(cov)][0] == j and picked:
                return r, doc.span[id(cov)][1], cov  # "سيرغيه لافروف": the surname names the person
            break
        after_abd = bool(picked) and toks[picked[-1]].word in ("عبد", "ابو", "ابي")
        if not _ar_name_word(doc, j, not picked, after_abd):
            break
        picked.append(j)
        if toks[j].word not in _AR_CONNECTORS:
            counted += 1
        j += 1
    while picked and toks[picked[-1]].word in _AR_CONNECTORS - {"الله", "الدين"}:
        picked.pop()
    # three words with more text run on after them: the third is as likely a noun as a name
    if counted == 3 and picked and not _ar_boundary(doc, picked[-1] + 1):
        picked.pop()
    # a name unknown to the gazetteer has a first name and a surname at least
    if len(picked) < 2:
        return None
    return picked[0], picked[-1], None


_ARABIC_WORD = re.compile(r"^[\u0621-\u064A\u0671-\u06D3]+$")


def _ar_official(doc: _Doc, ti: int, tj: int, role_start: int, role: str, matched: str, gaz: Gazetteer,
                 unnamed: bool) -> Official | None:
    toks = doc.toks
    acting = former = special = permanent = False
    of: Entry | None = None
    start = role_start
    appointee = None
    if toks[ti].word in _AR_ACCUSATIVE or any(w in _AR_ACCUSATIVE for _, w in clitic_variants(toks[ti].word)[1:]):
        # "عين X وزيرا لخارجية إيران": an accusative title names the person appointed before it
        appointee = _ar_appointee(doc, ti)
        if appointee is None:
            return None
        start = appointee[3]
    # "القائم بأعمال" before the title
    if ti >= 2 and toks[ti - 1].word in _AR_ACTING_PRE2 and not doc.gap(ti - 2).strip():
        for cut, word in clitic_variants(toks[ti - 2].word):
            if word in _AR_ACTING_PRE:
                acting = True
                start = doc.n.to_original(toks[ti - 2].ns + cut)
                break
    r = tj + 1
    # a gazetteer name that begins inside the title: "وزيرة الخارجية الألمانية" holds "الخارجية الألمانية"
    m = doc.cover.get(tj)
    if m is not None and doc.span[id(m)][1] > tj and m.entry.kind == "Organization":
        of = m.entry
        r = doc.span[id(m)][1] + 1
    prep: str | None = None
    in_gov = False
    name = None
    end_tok = r - 1  # the last token of the title phrase so far
    while r < len(toks):
        if _AR_HARD.search(doc.gap(r - 1)) and not _AR_PARENS.fullmatch(doc.gap(r - 1)):
            m = doc.mention_at(r)
            if doc.gap(r - 1).strip() in ("،", ",") and m is not None and m.entry.kind == "Person":
                name = (r, doc.span[id(m)][1], m)  # "الرئيس الإريتري، أسياس أفورقي": a known person set off
            break
        w = toks[r].word
        m = doc.mention_at(r)
        if m is not None:
            if m.entry.kind == "Person":
                name = (r, doc.span[id(m)][1], m)
                break
            seat = _seat(m)
            if seat is None:
                break
            clitic = doc.text[toks[r].os:m.start]
            if "ل" in clitic:
                prep = "of" if appointee is not None else "to" if seat.kind == "State" or of is not None else "of"
            if prep in (None, "of", "gov", "for") and of is None:
                of = seat
            elif prep == "loc" and of is None and role not in _POSTED:
                of = seat  # "نائب رئيس الوزراء في حكومة طالبان", "مسؤولة السياسة الخارجية في الاتحاد الأوروبي"
            elif prep is None and of is not None and m.via != "demonym":
                break  # a second actor after the title: the phrase is over
            in_gov = prep == "gov"
            prep = None
            r = end_tok = doc.span[id(m)][1]
            r += 1
            continue
        if w in _AR_SPECIAL:
            special, end_tok = True, r
        elif w in _AR_PERMANENT:
            permanent, end_tok = True, r
        elif w in _AR_FORMER:
            former, end_tok = True, r
        elif w in _AR_GOV_MODS and in_gov:
            end_tok = r
        elif w in _AR_ACTING_POST:
            acting, end_tok = True, r
        elif w in _AR_SKIP:
            end_tok = r
        elif w == "في":
            prep = "loc"
            if r + 1 < len(toks) and toks[r + 1].word in _AR_GOV and doc.mention_at(r + 1) is None:
                prep, r = "gov", r + 1  # "في الحكومة الأفغانية"
        elif w in _AR_GOV:
            prep = "gov"
        elif w in _AR_TO:
            prep = "to"
        elif w == "باسم":
            prep = "for"
        elif w in _AR_HONORIFICS and doc.cover.get(r) is None:
            pass
        else:
            if appointee is None:
                name = _ar_name(doc, r)
            break
        r += 1
    if appointee is not None:
        name = appointee[:3]
    if role == "emir" and of is None:
        return None  # أمير is also a first name
    if role == "king" and of is None and not matched.startswith(("ال", "ل")):
        return None  # bare ملك: "property of"
    if name is None:
        if not unnamed:
            return None
        role, of = _ar_chancellor(*_finish(role, of, None, gaz, special=special, permanent=permanent))
        return Official(start, toks[end_tok].oe, start, start, None, role, acting, of, former)
    i, j, m = name
    person = _person(doc, i, j, "ar", gaz, m)
    if person is None:
        return None
    role, of = _ar_chancellor(*_finish(role, of, person, gaz, special=special, permanent=permanent))
    # a name that is a gazetteer mention starts where the mention does, after any proclitic
    name_start = m.start if m is not None and doc.span[id(m)][0] == i else toks[i].os
    if appointee is not None:
        return Official(start, toks[end_tok].oe, name_start, toks[j].oe, person, role, acting, of, former, True)
    return Official(start, toks[j].oe, name_start, toks[j].oe, person, role, acting, of, former)


def _ar_appointee(doc: _Doc, ti: int) -> tuple[int, int, Mention | None, int] | None:
    """The person between an appointment verb and the accusative title at token ti: (first token, last
    token, gazetteer mention or None, original start of the name)."""
    toks = doc.toks
    k = ti - 1
    if k < 0 or _AR_HARD.search(doc.gap(k)):
        return None
    m = doc.last.get(k)
    if m is not None and m.entry.kind == "Person":
        i = doc.span[id(m)][0]
        found: tuple[int, int, Mention | None, int] = (i, k, m, m.start)
    else:
        i = k
        while i > 0 and k - i < 3 and _ar_name_word(doc, i - 1, False, False) \
                and not _AR_APPOINT.intersection(w for _, w in clitic_variants(toks[i - 1].word)) \
                and not _AR_HARD.search(doc.gap(i - 1)):
            i -= 1
        if i == k or not _ar_name_word(doc, i, True, False):
            return None  # an unknown name has two words at least
        found = (i, k, None, toks[i].os)
    # the verb just before the name, or before its subject: "عين الرئيس بزشكيان عباس عراقجي وزيرا"
    for v in range(found[0] - 1, max(found[0] - 5, -1), -1):
        if _AR_HARD.search(doc.gap(v)):
            return None
        if _AR_APPOINT.intersection(w for _, w in clitic_variants(toks[v].word)):
            return found
    return None


def _ar_chancellor(role: str, of: Entry | None) -> tuple[str, Entry | None]:
    """مستشار is a chancellor only in Germany and Austria; elsewhere an adviser."""
    if role == "chancellor" and (of is None or of.key not in ("state:DE", "state:AT")):
        role = "adviser"
    return role, of


def _ar_counterpart_cut(word: str) -> int | None:
    """Characters of proclitic before a counterpart word ("ونظيره" -> 1), None if it is not one."""
    for cut, rest in clitic_variants(word):
        if rest in _AR_COUNTERPART:
            return cut
    return None


def _ar_counterparts(doc: _Doc, i: int, cut: int, role: str | None, gaz: Gazetteer,
                     unnamed: bool) -> list[Official]:
    """ "نظيره التركي NAME", "نظيريه التركي NAME والمصري NAME" at token i."""
    toks = doc.toks
    start = doc.n.to_original(toks[i].ns + cut)
    plural = toks[i].word[cut:] in _AR_COUNTERPARTS
    groups: list[tuple[Entry | None, tuple | None, int, int]] = []  # seat, name, start, end (original)
    pos = i + 1
    while pos < len(toks) and not _AR_HARD.search(doc.gap(pos - 1)):
        if groups and not plural:
            break
        m = doc.mention_at(pos)
        if groups and (m is None or "و" not in doc.text[toks[pos].os:m.start]):
            break  # a further counterpart opens with و: "والمصري", "وبدر عبد العاطي"
        g_start = m.start if m is not None else toks[pos].os
        seat = None
        if m is not None and m.entry.kind != "Person":
            seat = _seat(m)
            if seat is None:
                break
            pos = doc.span[id(m)][1] + 1
            g_end = m.end
            if pos >= len(toks) or _AR_HARD.search(doc.gap(pos - 1)):
                groups.append((seat, None, g_start, g_end))
                break
        name = _ar_name(doc, pos)
        if name is None:
            if seat is not None:
                groups.append((seat, None, g_start, g_end))
            break
        groups.append((seat, name, g_start, toks[name[1]].oe))
        pos = name[1] + 1
    out = []
    for n, (seat, name, g_start, g_end) in enumerate(groups):
        begin = start if n == 0 else g_start
        if name is None:
            if unnamed:
                r_, of = _counterpart_role(role, seat, None, gaz)
                out.append(Official(begin, g_end, begin, begin, None, r_, False, of))
            continue
        a, b, m = name
        person = _person(doc, a, b, "ar", gaz, m)
        if person is None:
            continue
        r_, of = _counterpart_role(role, seat, person, gaz)
        name_start = m.start if m is not None else toks[a].os
        out.append(Official(begin, toks[b].oe, name_start, toks[b].oe, person, r_, False, of))
    return out


def _previous_role(out: list[Official], text: str, start: int) -> str | None:
    """The role of the nearest official before `start` in the same sentence."""
    for off in reversed(out):
        if off.end > start:
            continue
        if _SENTENCE_END.search(text, off.end, start):
            return None
        if off.role != "counterpart":
            return off.role
    return None


def find_officials(text: str, language: str, mentions: list[Mention], gazetteer: Gazetteer, *,
                   unnamed: bool = False) -> list[Official]:
    """Officials named with their title in `text` (mentions: gazetteer.find(text, language)), in
    document order, not overlapping. With unnamed=True, titles without a name ("Russia's foreign
    minister said", "his Chinese counterpart") are returned too, with person None."""
    lang = "ar" if (language or "").lower().startswith("ar") else "en"
    rx, roles = _ROLE_RX[lang]
    first = _ROLE_FIRST[lang]
    doc = _Doc(text, mentions)
    out: list[Official] = []
    last_end = -1
    norm = doc.n.text
    for idx, tok in enumerate(doc.toks):  # titles begin at a word: try the pattern there only
        if tok.os < last_end:
            continue
        cut = _ar_counterpart_cut(tok.word) if lang == "ar" else (0 if tok.word in _EN_COUNTERPART else None)
        if cut is not None:
            prev = _previous_role(out, text, tok.os)
            found = (_ar_counterparts(doc, idx, cut, prev, gazetteer, unnamed) if lang == "ar" else
                     _en_counterparts(doc, idx, prev, gazetteer, unnamed))
            for off in found:
                if off.start >= last_end:
                    out.append(off)
                    last_end = off.end
            continue
        if lang == "ar":
            if first.isdisjoint(w for _, w in clitic_variants(tok.word)):
                continue
        elif tok.word not in first:
            continue
        mt = rx.match(norm, tok.ns)
        if mt is None:
            continue
        group = mt.lastgroup
        role = roles[int(group[1:])]
        ns, ne = mt.start(group), mt.end(group)
        ti, tj = doc.token_at(ns), doc.token_at(ne - 1)
        if ti >= len(doc.toks):
            continue
        os_ = doc.n.to_original(ns)
        if os_ < last_end:
            continue
        cov = doc.cover.get(ti)
        if cov is not None and cov.start <= os_ and doc.n.to_original(ne) <= cov.end:
            continue  # inside a name: "Amir" of Amir Khan Muttaqi, "رئيس" of an organization's name
        if lang == "ar":
            off = _ar_official(doc, ti, tj, os_, role, mt.group(group), gazetteer, unnamed)
        else:
            off = _en_official(doc, ti, tj, role, gazetteer, unnamed)
        if off is not None and off.start >= last_end:
            out.append(off)
            last_end = off.end
    return out


__all__ = ["Official", "find_officials"]
