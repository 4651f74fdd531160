"""Officials: title phrases that name a person and the office they hold.

    find_officials(text, language, mentions, gazetteer) -> [Official]

English: "[the] [X's | X | Russian] [former] [acting] TITLE [of/for X] [,] [honorific] NAME [of X]"
("US Secretary of State Antony Blinken", "the Taliban's acting foreign minister Amir Khan Muttaqi",
"President Xi Jinping of China"), and the apposition "NAME, [the] Russian foreign minister".
Arabic: "[القائم بأعمال] TITLE [nisba | state | حكومة X | في الحكومة X | باسم X | لـX] [الخاص] [السابق]
[honorific] NAME" ("وزير الخارجية الروسي سيرغي لافروف", "وزير خارجية روسيا", "القائم بأعمال وزير
الخارجية في الحكومة الأفغانية المؤقتة أمير خان متقي").

The person is the gazetteer's when the name is (or contains) a gazetteer Person mention, so spelling
variants meet on one entry; otherwise a new Person entry is built from the name as written (English:
capitalised words; Arabic: the next two or three words that are not stop words, gazetteer names or
nisbas). `of` is the state or organization the office belongs to (a capital stands for its state);
the role is a normalised English title, with a US foreign minister a "secretary of state".
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
    says the office is past ("former", "السابق"), so it is no evidence of holding it now."""

    start: int
    end: int
    name_start: int
    name_end: int
    person: Entry | None
    role: str
    acting: bool = False
    of: Entry | None = None
    former: bool = False


# --- role lexicons: (normalised English role, pattern), longest alternatives first ----------------
_EN_ROLES = [
    ("deputy prime minister", r"deputy prime minister|vice[- ]premier|deputy premier"),
    ("prime minister", r"prime minister|premier"),
    ("vice president", r"vice[- ]president"),
    ("deputy foreign minister", r"deputy foreign minister|deputy minister of foreign affairs"),
    ("foreign minister", r"foreign minister|minister (?:of|for) foreign affairs|foreign affairs minister|"
                         r"foreign secretary|top diplomat|external affairs minister|minister of external affairs"),
    ("secretary of state", r"secretary of state(?! for)"),
    ("defence minister", r"defen[cs]e minister|minister of defen[cs]e|defen[cs]e secretary|secretary of defen[cs]e"),
    ("interior minister", r"interior minister|minister of (?:the )?interior|home secretary|home minister"),
    ("finance minister", r"finance minister|minister of finance|treasury secretary|secretary of the treasury"),
    ("trade minister", r"trade minister|commerce minister|minister of (?:trade|commerce)(?: and industry)?|"
                       r"commerce secretary"),
    ("economy minister", r"economy minister|minister of (?:the )?economy|economic development minister"),
    ("energy minister", r"energy minister|minister of energy|energy secretary"),
    ("oil minister", r"oil minister|petroleum minister|minister of (?:oil|petroleum)"),
    ("mines minister", r"mines minister|minister of mines(?: and petroleum)?"),
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
    ("chancellor", r"chancellor"),
    ("king", r"king"),
    ("emir", r"emir|amir"),
    ("leader", r"leader"),
]
# Arabic, in ordinary spelling (normalised when compiled); {al} is an optional leading article, which
# after the preposition ل loses its alef (للرئيس).
_AR_ROLES = [
    ("deputy prime minister", "نائب رئيس الوزراء|نائب رئيس الحكومة"),
    ("prime minister", "{al}رئيسة? الوزراء|{al}رئيسة? الحكومة|رئيسة? وزراء|رئيسة? حكومة"),
    ("deputy foreign minister", "نائبة? وزيرة? (?:ال)?خارجية|نائبة? وزيرة? الشؤون الخارجية"),
    ("vice president", "{al}نائبة? الرئيس|نائبة? رئيس"),
    ("foreign minister", "{al}وزيرة? (?:ال)?خارجية|{al}وزيرة? الشؤون الخارجية"),
    ("defence minister", "{al}وزيرة? (?:ال)?دفاع"),
    ("interior minister", "{al}وزيرة? (?:ال)?داخلية"),
    ("finance minister", "{al}وزيرة? (?:ال)?مالية"),
    ("trade minister", "{al}وزيرة? (?:ال)?تجارة"),
    ("economy minister", "{al}وزيرة? (?:ال)?اقتصاد"),
    ("energy minister", "{al}وزيرة? (?:ال)?طاقة"),
    ("oil minister", "{al}وزيرة? (?:ال)?نفط"),
    ("mines minister", "{al}وزيرة? (?:ال)?مناجم"),
    ("spokesperson", "{al}(?:متحدثة?|ناطقة?)(?: (?:ال)?رسمية?)?(?: باسم)?"),
    ("envoy", "{al}مبعوثة?"),
    ("representative", "{al}(?:ممثلة?|مندوبة?)"),
    ("ambassador", "{al}سفيرة?"),
    ("crown prince", "ولي العهد"),
    ("supreme leader", "{al}مرشد (?:ال)?أعلى"),
    ("secretary-general", "{al}أمينة? (?:ال)?عام"),
    ("national security adviser", "{al}مستشارة? (?:ال)?أمن (?:ال)?قومي"),
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


_ROLE_RX = {"en": _compile_roles(_EN_ROLES, False), "ar": _compile_roles(_AR_ROLES, True)}


def _n(words: str) -> frozenset[str]:
    return frozenset(normalize(words).text.split())


_EN_ACTING = frozenset({"acting", "interim", "caretaker"})
_EN_FORMER = frozenset({"former", "ex", "then"})
_EN_HONORIFICS = frozenset({"sheikh", "sheik", "mullah", "prince", "princess", "dr", "mr", "mrs", "ms", "general",
                            "gen", "ayatollah", "sir", "lord", "madam", "h", "e"})
_EN_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "de", "del", "van", "von", "der", "da", "di", "du"})
_EN_STOP = frozenset("""the a an this that these those he she it they we i his her their its in on at as and but or
for to of with by from after before during while when where who which what said says also has have had was were
is are will would monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december league party council committee ministry office department
government court bank union organization organisation agency forum summit house state republic kingdom""".split())
_EN_HARD = re.compile(r"[.;:!?()\[\]\n]")

_AR_ACTING_POST = _n("المؤقت المؤقتة بالوكالة بالإنابة بالنيابة")
_AR_FORMER = _n("السابق السابقة الأسبق الأسبقة سابق سابقة")
_AR_SPECIAL = _n("الخاص الخاصة خاص خاصة")
_AR_PERMANENT = _n("الدائم الدائمة دائم دائمة")
_AR_SKIP = _n("الرسمي الرسمية الجديد الجديدة المكلف المكلفة المعين المعينة الرئاسي الرئاسية الحالي الحالية "
              "المنتخب المنتخبة الأعلى العام العامة")
_AR_GOV = _n("الحكومة حكومة الإدارة إدارة السلطة سلطة النظام نظام")
_AR_GOV_MODS = _n("المؤقتة المؤقت الانتقالية الانتقالي الجديدة الحالية الفعلية")
_AR_HONORIFICS = _n("الشيخ الشيخة الأمير الأميرة الملا الدكتور الدكتورة السيد السيدة المشير الجنرال اللواء "
                    "الفريق العقيد")
_AR_CONNECTORS = _n("بن ابن بنت أبو أبي عبد آل الله الدين")
_AR_STOP = _n("""في من إلى على عن مع أن إن أنه أنها لأن كما قد لقد ثم أو أم بل حتى منذ خلال عبر بين بعد قبل عند لدى
حول ضد دون غير أمس اليوم غدا الآن أيضا هذا هذه ذلك تلك الذي التي الذين هو هي هم نحن وهو وهي يوم مساء صباح
قال قالت يقول تقول أكد أكدت يؤكد تؤكد أعلن أعلنت أشار أشارت أوضح أوضحت أضاف أضافت صرح صرحت شدد شددت دعا دعت
حذر حذرت التقى التقت يلتقي تلتقي بحث بحثت زار زارت يزور يصل وصل وصلت استقبل استقبلت أجرى أجرت عقد عقدت ناقش
ناقشت اعتبر اعتبرت كشف كشفت نفى نفت رحب رحبت عرض عرضت طالب طالبت وقع وقعت أبلغ أبلغت لوكالة للصحفيين للصحفيين
نظيره نظيرته نظيرها نظيريه نظراءه نظرائه بدوره بدورها إنه إنها بأن وأن ولكن لكن عندما حين بينما إذ إذا
خلال وذلك ذلك وزير وزيرة رئيس الرئيس القائم القائمة بأعمال الأحد الاثنين الإثنين الثلاثاء الأربعاء
الخميس الجمعة السبت الماضي الماضية المقبل المقبلة الحالي الحالية الجاري الذي التي الذين اللذين""")
_AR_TO = _n("لدى إلى الى")
_AR_ACTING_PRE = _n("القائم القائمة قائم قائمة")
_AR_ACTING_PRE2 = _n("بأعمال")
# a proclitic and the article: "بالقائم", "والرئيس", "للصحفيين" start a new phrase, never a name
_AR_CLITIC_ARTICLE = re.compile("(?:[وف][بك]?ال|[بك]ال|[وف]?لل)")
_AR_HARD = re.compile(r"[.,;:!?()\[\]\n،؛؟]")
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

    def token_at(self, norm_pos: int) -> int:
        lo, hi = 0, len(self.toks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.toks[mid].ne <= norm_pos:
                lo = mid + 1
            else:
                hi = mid
        return lo


def _seat(m: Mention) -> Entry | None:
    """The state or organization a mention can be the office-holder's side: a capital is its state."""
    e = m.entry
    return e if e.kind in _SEATS else None


def _person(doc: _Doc, i: int, j: int, language: str, gaz: Gazetteer, mention: Mention | None) -> Entry:
    if mention is not None:
        return mention.entry
    name = strip_marks(" ".join(doc.text[doc.toks[i].os:doc.toks[j].oe].split()))
    found = gaz.lookup(name, "Person")
    return found if found is not None else Entry(kind="Person", name=name, names={language: [name]})


def _finish(role: str, of: Entry | None, special: bool, permanent: bool, gaz: Gazetteer) -> tuple[str, Entry | None]:
    if special and role in ("envoy", "representative"):
        role = "special " + role
    if permanent and role == "representative":
        role = "permanent representative"
    if role == "secretary of state" and of is None:
        of = gaz.get("state:US")  # the title is the US foreign minister's
    if of is not None and of.key == "state:US":
        role = {"foreign minister": "secretary of state", "defence minister": "secretary of defense"}.get(role, role)
    return role, of


# --- English ---------------------------------------------------------------------------------------
def _en_name(doc: _Doc, r: int) -> tuple[int, int, Mention | None] | None:
    """Name tokens [r, j] after a title: a gazetteer person, or capitalised words (with particles)."""
    toks = doc.toks
    m = doc.first.get(r)
    if m is not None and m.entry.kind == "Person" and doc.span[id(m)][0] == r:
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
    start_tok = ti
    # left: [X's | X | nisba] [former] [acting]
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
        else:
            break
        k -= 1
    # right: [of|for|to|in [the] X] [,] [honorific] NAME [of X]
    r = tj + 1
    while r < len(toks) and not _EN_HARD.search(doc.gap(r - 1)) and "," not in doc.gap(r - 1):
        w = toks[r].word
        if w not in ("of", "for", "to", "in", "on"):
            break
        q = r + 1
        if q < len(toks) and toks[q].word == "the":
            q += 1
        m = doc.first.get(q)
        if m is None or _seat(m) is None or doc.span[id(m)][0] != q:
            break
        if (w == "of" or (w == "for" and role == "spokesperson")) and of is None:
            of = _seat(m)
        r = doc.span[id(m)][1] + 1
        if r < len(toks) and toks[r].word in ("government", "administration", "regime", "movement"):
            r += 1
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
        m = doc.first.get(q)
        if m is not None and _seat(m) is not None and doc.span[id(m)][0] == q:
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
    if role == "emir" and of is None:
        return None  # "Amir" is also a first name
    role, of = _finish(role, of, False, False, gaz)
    if name is None:
        if not unnamed:
            return None
        return Official(toks[start_tok].os, toks[end_tok].oe, toks[start_tok].os, toks[start_tok].os, None, role,
                        acting, of, former)
    i, j, m = name
    person = _person(doc, i, j, "en", gaz, m)
    return Official(toks[start_tok].os, max(toks[end_tok].oe, toks[j].oe), toks[i].os, toks[j].oe, person, role,
                    acting, of, former)


# --- Arabic ----------------------------------------------------------------------------------------
def _ar_boundary(doc: _Doc, j: int) -> bool:
    """True when the name cannot go on at token j."""
    if j >= len(doc.toks) or _AR_HARD.search(doc.gap(j - 1)) or doc.gap(j - 1).strip():
        return True
    w = doc.toks[j].word
    return (w in _AR_STOP or w.startswith("ال") or bool(_AR_CLITIC_ARTICLE.match(w)) or w.isdigit()
            or doc.cover.get(j) is not None)


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
        w = toks[j].word
        if w in _AR_STOP or w.isdigit() or len(w) < 2 or not _is_arabic_word(w):
            break
        if j == r and w.startswith("ال") and w not in _AR_CONNECTORS:
            break
        if w not in _AR_CONNECTORS and _AR_CLITIC_ARTICLE.match(w):
            break
        picked.append(j)
        if w not in _AR_CONNECTORS:
            counted += 1
        j += 1
    while picked and toks[picked[-1]].word in _AR_CONNECTORS - {"الله", "الدين"}:
        picked.pop()
    if not picked:
        return None
    # three words with more text run on after them: the third is as likely a noun as a name
    if counted == 3 and not _ar_boundary(doc, picked[-1] + 1):
        picked.pop()
    return picked[0], picked[-1], None


_ARABIC_WORD = re.compile(r"^[\u0621-\u064A\u0671-\u06D3]+$")


def _is_arabic_word(w: str) -> bool:
    return bool(_ARABIC_WORD.match(w))


def _ar_official(doc: _Doc, ti: int, tj: int, role_start: int, role: str, matched: str, gaz: Gazetteer,
                 unnamed: bool) -> Official | None:
    toks = doc.toks
    acting = former = special = permanent = False
    of: Entry | None = None
    start = role_start
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
    if m is not None and doc.span[id(m)][1] > tj and m.entry.kind == "Organization" and m.entry.parent:
        of = gaz.get(m.entry.parent)
        r = doc.span[id(m)][1] + 1
    prep: str | None = None
    in_gov = False
    name = None
    while r < len(toks):
        if _AR_HARD.search(doc.gap(r - 1)):
            break
        w = toks[r].word
        m = doc.first.get(r)
        if m is not None and doc.span[id(m)][0] == r:
            if m.entry.kind == "Person":
                name = (r, doc.span[id(m)][1], m)
                break
            seat = _seat(m)
            if seat is None:
                break
            clitic = doc.text[toks[r].os:m.start]
            if "ل" in clitic:
                prep = "to" if seat.kind == "State" or of is not None else "of"
            if prep in (None, "of", "gov", "for") and of is None:
                of = seat
            elif prep == "loc" and of is None and role.endswith("minister"):
                of = seat
            elif prep is None and of is not None and m.via != "demonym":
                break  # a second actor after the title: the phrase is over
            in_gov = prep == "gov"
            prep = None
            r = doc.span[id(m)][1] + 1
            continue
        if w in _AR_SPECIAL:
            special = True
        elif w in _AR_PERMANENT:
            permanent = True
        elif w in _AR_FORMER:
            former = True
        elif w in _AR_GOV_MODS and in_gov:
            pass
        elif w in _AR_ACTING_POST:
            acting = True
        elif w in _AR_SKIP:
            pass
        elif w == "في":
            if r + 1 < len(toks) and toks[r + 1].word in _AR_GOV:
                prep, r = "gov", r + 1
            else:
                prep = "loc"
        elif w in _AR_GOV:
            prep = "gov"
        elif w in _AR_TO:
            prep = "to"
        elif w == "باسم":
            prep = "for"
        elif w in _AR_HONORIFICS and doc.cover.get(r) is None:
            pass
        else:
            name = _ar_name(doc, r)
            break
        r += 1
    if role == "emir" and of is None:
        return None  # أمير is also a first name
    if role == "king" and of is None and not matched.startswith(("ال", "ل")):
        return None  # bare ملك: "property of"
    if role == "chancellor" and (of is None or of.key not in ("state:DE", "state:AT")):
        role = "adviser"
    role, of = _finish(role, of, special, permanent, gaz)
    if name is None:
        if not unnamed:
            return None
        end = toks[min(r, len(toks)) - 1].oe
        return Official(start, end, start, start, None, role, acting, of, former)
    i, j, m = name
    person = _person(doc, i, j, "ar", gaz, m)
    # a name that is a gazetteer mention starts where the mention does, after any proclitic
    name_start = m.start if m is not None and doc.span[id(m)][0] == i else toks[i].os
    return Official(start, toks[j].oe, name_start, toks[j].oe, person, role, acting, of, former)


def find_officials(text: str, language: str, mentions: list[Mention], gazetteer: Gazetteer, *,
                   unnamed: bool = False) -> list[Official]:
    """Officials named with their title in `text` (mentions: gazetteer.find(text, language)), in
    document order, not overlapping. With unnamed=True, titles without a name ("Russia's foreign
    minister said") are returned too, with person None."""
    lang = "ar" if (language or "").lower().startswith("ar") else "en"
    rx, roles = _ROLE_RX[lang]
    doc = _Doc(text, mentions)
    out: list[Official] = []
    last_end = -1
    norm = doc.n.text
    for tok in doc.toks:  # titles begin at a word: try the pattern there only
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
