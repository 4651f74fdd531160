"""Rule-based claim extraction over one article: mentions, officials and dates come from the gazetteer,
officials and date modules; predicate rules (rules.yaml) place subject and object around a trigger.

Per sentence:
1. candidates: gazetteer mentions and officials (an official's title, nisba and name are one Person);
   a capital or place after a locative preposition ("in Moscow", "في موسكو") is a location, not an actor;
   a capital elsewhere stands for its state's government (metonymy).
2. for each trigger of a rule: the complement (if the rule has any) sets qualifiers; the subject is the
   nearest domain candidate before the trigger, or the first after it where Arabic puts the verb first
   or a nominalisation names its agent after it; objects are the range candidates after the trigger,
   coordination ("X, Y and Z", "X وY وZ") giving one claim each.
3. polarity from negation and hedging cues just before the trigger; the date is the date expression of
   the sentence nearest to the trigger, resolved against the publication date.
Every claim quotes its sentence and carries the sentence's span in the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from kb.claims import Claim, EntityRef, SourceRef
from kb.ontology import load_ontology
from loaders.extract.rules import CompiledRule, compiled_rules
from loaders.extract.segment import Sentence, sentences

EXTRACTOR = "kb-rules/0.1"

def _ar(pattern: str) -> re.Pattern:
    """An Arabic cue pattern, normalised like the text it runs on (hamza, alef, taa marbuta forms)."""
    from loaders.arabic import normalize

    return re.compile(normalize(pattern).text)


_NEG = {
    "en": re.compile(r"\b(?:not|n't|never|no|no longer|denied|denies|deny|refused to|refuses to|declined to|rejected claims)\b",
                     re.IGNORECASE),
    "ar": _ar(r"(?<![\w])[وف]?(?:لم|لن|لا|ليس|ليست|نفى|نفت|ينفي|تنفي|عدم|دون|لم تعد|لا تزال ترفض)(?![\w])"),
}
_HEDGE = {
    "en": re.compile(r"\b(?:may|might|could|would|will|shall|plans? to|planning to|intends? to|intending to|expected to|"
                     r"seeks? to|seeking to|trying to|tries to|bid to|applied to|"
                     r"considering|consider|aims? to|hopes? to|wants? to|proposed|reportedly|likely to|"
                     r"set to|ready to|willing to|prepared to)\b", re.IGNORECASE),
    "ar": _ar(r"(?<![\w])[وف]?(?:قد|تعتزم|يعتزم|من المتوقع|يتوقع|تتوقع|تخطط|يخطط|ربما|تأمل|يأمل|تنوي|ينوي|"
              r"مستعدة|مستعد|تدرس|يدرس|محتمل|المحتمل|اقترح|اقترحت|سوف|ست|سي|يعتزمان|تسعى إلى|يسعى إلى)(?![\w])"),
}
# "the military regimes in Bamako and Niamey", "the authorities in Kabul": the state's government, not a place
_RULERS_IN = re.compile(r"\b(?:government|regime|junta|authorities|leadership|rulers|administration)s?\s+in\s+(?:the\s+)?$",
                        re.IGNORECASE)
_LOCATIVE = {
    "en": re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$", re.IGNORECASE),
    "ar": _ar(r"(?<![\w])(?:في|قرب|داخل|خارج)\s+$"),
}
# What may stand between two coordinated mentions: commas, "and", "or", Arabic و (attached).
_COORD = {
    "en": re.compile(r"^\s*(?:,|,?\s*and|,?\s*or|as well as)?\s*(?:the\s+)?$", re.IGNORECASE),
    "ar": _ar(r"^\s*(?:[،,]?\s*(?:و|أو)?)\s*$"),
}
# Words that may open an Arabic clause before a verb-first trigger.
_AR_CLAUSE_OPENERS = _ar(r"^(?:\s|[وف]|قد|كما|ثم|كان|كانت|وكان|وكانت|وقد|فقد|لقد|سبق أن|وسبق أن|"
                         r"حيث|إذ|بينما|عندما|بعدما|بعد أن|قبل أن)*$")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entry: object  # a gazetteer Entry
    kind: str
    locative: bool = False
    demonym: bool = False
    city: object = None  # for a capital standing for its state: the city itself
    acting_for: object = None  # a ministry or other state body: the state it acts for
    office_of: object = None  # an official: the state whose office they hold


@dataclass
class Document:
    text: str
    language: str
    published: str | None
    source: SourceRef
    norm_text: str = ""
    to_original: object = None
    mentions: list = field(default_factory=list)
    officials: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    pending: list = field(default_factory=list)  # firings with a subject but no object in their sentence
    last_subject: object = None  # the actor of the latest claim, for "They met ..." in the next sentence
    last_person: object = None  # the latest person acting, for "He met ..."
    last_of: dict = field(default_factory=dict)  # predicate -> the actor of its latest claim
    topics: set = field(default_factory=set)  # what the lead is about ("sanctions"): _FAMILY_CUES
    lead_cues: list = field(default_factory=list)  # (family, lead sentence, offset of its cue word)
    _by_start: dict = field(default_factory=dict, repr=False)
    _normalized: object = field(default=None, repr=False)  # (sentence start, its normalised text)

    def by_start(self, what: str) -> tuple[list[int], list]:
        """(starts, items) of the mentions, officials, dates or sentences, in text order (built once)."""
        index = self._by_start.get(what)
        if index is None:
            items = sorted(sentences(self.text) if what == "sentences" else getattr(self, what),
                           key=lambda x: x.start)
            index = self._by_start[what] = ([x.start for x in items], items)
        return index

    def within(self, what: str, lo: int, hi: int) -> list:
        """The mentions, officials, dates or sentences (`what`) lying inside [lo, hi), in text order. Found
        by bisection, so an article's cost grows with its length, not with its length squared."""
        starts, items = self.by_start(what)
        out = []
        for i in range(bisect_left(starts, lo), len(items)):
            x = items[i]
            if x.start >= hi:
                break
            if x.end <= hi:
                out.append(x)
        return out


def _entity_ref(entry) -> EntityRef:
    names: list[str] = []
    for aliases in (entry.names or {}).values():
        names.extend(aliases)
    return EntityRef(name=entry.name, kind=entry.kind, key=entry.key, names=names[:20],
                     iso=getattr(entry, "iso", None), wikidata=getattr(entry, "wikidata", None))


def _candidates(doc: Document, sent: Sentence, gaz) -> list[Candidate]:
    out: list[Candidate] = []
    covered: list[tuple[int, int]] = []
    for off in doc.within("officials", sent.start, sent.end):
        out.append(Candidate(off.start, off.end, off.person, "Person",
                             office_of=off.of if off.of is not None and off.of.kind == "State" else None))
        covered.append((off.start, off.end))
    loc_re = _LOCATIVE[doc.language]
    for m in doc.within("mentions", sent.start, sent.end):
        if any(a <= m.start and m.end <= b for a, b in covered):
            continue
        entry = m.entry
        before = doc.text[max(sent.start, m.start - 20):m.start]
        locative = bool(loc_re.search(before)) and (m.via == "capital" or entry.kind in ("Place", "State")) \
            and not (doc.language == "en" and _RULERS_IN.search(doc.text[max(sent.start, m.start - 40):m.start]))
        if m.via == "capital":
            if locative:
                place = m.place or entry
                out.append(Candidate(m.start, m.end, place, place.kind, locative=True,
                                     acting_for=gaz.get(entry.key) if entry.kind == "State" else None))
                continue
            # the capital acts for its state's government
            state = gaz.get(entry.key) if entry.kind == "State" else entry
            out.append(Candidate(m.start, m.end, state, state.kind, city=m.place))
            continue
        parent = gaz.get(entry.parent) if entry.kind == "Organization" and entry.parent else None
        out.append(Candidate(m.start, m.end, entry, entry.kind, locative=locative, demonym=m.via == "demonym",
                             acting_for=parent if parent is not None and parent.kind == "State" else None))
    out.extend(_event_phrases(doc, sent, out))
    out.sort(key=lambda c: c.start)
    for i in range(1, len(out)):  # "in Bogota, Colombia": the state after a place's comma is the place's
        prev, c = out[i - 1], out[i]
        if prev.locative and not c.locative and c.kind in ("State", "Place") and \
                doc.text[prev.end:c.start].strip() in (",", "،"):
            out[i] = Candidate(c.start, c.end, c.entry, c.kind, locative=True, demonym=c.demonym, city=c.city,
                               acting_for=c.acting_for, office_of=c.office_of)
    return out


# "an annual diplomatic forum on Afghanistan", "منتدى دبلوماسياً سنوياً بشأن أفغانستان": an event the
# gazetteer does not know, named after its kind and its subject.
_EVENT_WORDS = {
    "en": re.compile(r"\b(forum|conference|summit|meeting|talks|dialogue)\b(?:\s+[\w-]+){0,2}?\s+(?:on|about|over)\s+"
                     r"(?:the\s+)?$", re.IGNORECASE),
    "ar": _ar(r"(?<![\w])(?:ال)?(منتدى|مؤتمر|قمة|اجتماع|ملتقى|حوار)\w*(?:\s+\w+){0,3}?\s+(?:بشأن|حول|عن)\s+$"),
}
_EVENT_EN = {"منتدي": "forum", "مؤتمر": "conference", "قمه": "summit", "اجتماع": "meeting", "ملتقي": "forum",
             "حوار": "dialogue"}


_SUMMIT_AFTER = re.compile(r"^\s+(summit|ministerial|leaders'? meeting)\b", re.IGNORECASE)
_SUMMIT_BEFORE = _ar(r"(?<![\w])(?:ال)?قمة\s+(?:مجموعة\s+|منظمة\s+|دول\s+)?$")


def _event_phrases(doc: Document, sent: Sentence, cands: list[Candidate]) -> list[Candidate]:
    from loaders.gazetteer import Entry

    out = []
    for c in cands:
        if c.kind in ("Organization", "Group") and not c.demonym:
            # "the Arab League summit", "قمة مجموعة السبع": a summit of the body, named after it
            if doc.language == "en":
                m = _SUMMIT_AFTER.match(doc.text[c.end:c.end + 30])
                if m:
                    entry = Entry(kind="Event", name=f"{c.entry.name} {m.group(1).lower()}",
                                  names={"en": [doc.text[c.start:c.end + m.end()]]})
                    out.append(Candidate(c.start, c.end + m.end(), entry, "Event"))
                    continue
            else:
                before = doc.text[max(sent.start, c.start - 20):c.start]
                m = _SUMMIT_BEFORE.search(_norm(before))
                if m:
                    start = c.start - len(before) + _orig_offset(before, m.start())
                    entry = Entry(kind="Event", name=f"{c.entry.name} summit", names={"ar": [doc.text[start:c.end]]})
                    out.append(Candidate(start, c.end, entry, "Event"))
                    continue
        if c.kind not in ("State", "Organization", "Place", "Group"):
            continue
        before = doc.text[max(sent.start, c.start - 70):c.start]
        m = _EVENT_WORDS[doc.language].search(_norm(before) if doc.language == "ar" else before)
        if not m:
            continue
        kind_word = m.group(1).lower()
        kind_en = _EVENT_EN.get(kind_word, kind_word)
        start = c.start - len(before) + (_orig_offset(before, m.start(1)) if doc.language == "ar" else m.start(1))
        entry = Entry(kind="Event", name=f"{kind_en} on {c.entry.name}", names={doc.language: [doc.text[start:c.end]]})
        out.append(Candidate(start, c.end, entry, "Event"))
    return out


def _orig_offset(text: str, norm_index: int) -> int:
    from loaders.arabic import normalize

    return normalize(text).to_original(norm_index)


_QAD = _ar(r"(?<![\w])[وف]?قد\s+(\w)")


_MEASURED = {"SANCTIONED", "LIFTED_SANCTIONS"}
_MEASURES = {
    "en": [(re.compile(p, re.IGNORECASE), name) for p, name in (
        (r"asset[s]?\s+freeze|freez\w*\s+(?:of\s+)?(?:its\s+|the\s+)?assets", "asset freeze"),
        (r"travel\s+ban", "travel ban"), (r"export\s+ban", "export ban"), (r"import\s+ban", "import ban"),
        (r"arms\s+embargo", "arms embargo"))],
    "ar": [(_ar(p), name) for p, name in (
        (r"تجميد\w*\s+(?:ال)?أصول|تجميدا\s+للأصول", "asset freeze"), (r"حظر\w*\s+(?:لل|ال)?سفر", "travel ban"),
        (r"حظر\w*\s+(?:على\s+)?(?:ال)?صادرات", "export ban"), (r"حظر\w*\s+(?:ال)?أسلحة", "arms embargo"))],
}


def _measures(doc: Document, start: int, end: int) -> list[str]:
    """The sanction measures named between the trigger and the object, one claim each."""
    window = doc.text[start:end]
    window = _norm(window) if doc.language == "ar" else window
    found = sorted((m.start(), name) for p, name in _MEASURES[doc.language] for m in p.finditer(window))
    out: list[str] = []
    for _, name in found:
        if name not in out:
            out.append(name)
    return out


def _hedged(doc: Document, f, lo: int) -> bool:
    """Modal and future cues before the trigger. In Arabic, قد before a past verb marks the perfect
    ("كانت قد شطبت": had removed), not doubt; the future prefix س on the trigger itself is a hedge."""
    window = doc.text[max(lo, f.t_start - 40):f.t_start]
    if doc.language == "en":
        return bool(_HEDGE["en"].search(window))
    window = _norm(window)
    trigger = _norm(doc.text[f.t_start:f.t_end])
    bare = trigger[1:] if trigger[:1] in "وف" else trigger
    if bare.startswith("س") and f.rule.trigger.fullmatch(bare[1:]):
        return True  # "ستستضيف": the future prefix on a trigger form ("سيطرت" is no future)
    tail = "" if f.rule.rule.aims else " " + trigger  # "تأمل كابل في شراء": the aim itself is no doubt
    cleaned = _QAD.sub(lambda m: "" if m.group(1) not in "يتن" else m.group(0), window + tail)
    return bool(_HEDGE["ar"].search(cleaned))


# Acts a text can announce for a date: planned meetings, visits, summits and signings.
_PLANNABLE = {"MET_WITH", "VISITED", "HOSTED", "PARTICIPATED_IN", "SIGNED_AGREEMENT"}
_FUTURE = {
    "en": re.compile(r"\b(?:will|shall|(?:is|are|was|were)\s+(?:scheduled|due|set|slated)\s+to)\b|'ll\b", re.IGNORECASE),
    "ar": _ar(r"(?<![\w])(?:سوف|من المقرر أن|من المقرر|المقرر أن|من المنتظر أن)(?![\w])"),
}


def _scheduled(doc: Document, f, lo: int) -> bool:
    """A future or schedule cue before the trigger (or the future prefix س on an Arabic trigger), and no
    other hedge: "will visit" is a plan, "may visit" a possibility."""
    window = doc.text[max(lo, f.t_start - 40):f.t_start]
    if doc.language == "ar":
        window = _norm(window)
        trigger = _norm(doc.text[f.t_start:f.t_end])
        bare = trigger[1:] if trigger[:1] in "وف" else trigger
        prefixed = bare.startswith("س") and bool(f.rule.trigger.fullmatch(bare[1:]))
        rest = _FUTURE["ar"].sub(" ", window)
        rest = re.sub(r"(?<![\w])[وف]?(?:ست|سي)(?=\w)", " ", rest)  # the prefix on another verb: "ستستضيف"
        return (prefixed or bool(_FUTURE["ar"].search(window))) and not _HEDGE["ar"].search(
            _QAD.sub(lambda m: "" if m.group(1) not in "يتن" else m.group(0), rest))
    if not _FUTURE["en"].search(window):
        return False
    rest = _FUTURE["en"].sub(" ", window)
    return not _HEDGE["en"].search(rest)


_WEEKDAY = re.compile(r"^(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.IGNORECASE)


def _planned_date(doc: Document, sent: Sentence, f, pool) -> tuple[str, str] | None:
    """The date a plan is set for: the sentence's date nearest the trigger, week-relative ones included
    ("next week"); a bare weekday is the coming one ("will travel on Friday")."""
    from datetime import date as day, timedelta

    dates = [d for d in (pool if pool is not None else doc.within("dates", sent.start, sent.end))
             if sent.start <= d.start and d.end <= sent.end]
    if not dates:
        return None
    best = min(dates, key=lambda d: abs(d.start - f.t_start))
    value = best.value
    if doc.published and len(value) == 10 and len(doc.published) >= 10 and value < doc.published[:10] \
            and _WEEKDAY.match(best.text.strip()):
        value = (day.fromisoformat(value) + timedelta(days=7)).isoformat()
    return value, best.text


def _clause_start(doc: Document, sent: Sentence, pos: int) -> int:
    head = doc.text[sent.start:pos]
    cut = max(head.rfind(","), head.rfind("،"), head.rfind(";"), head.rfind("؛"))
    return sent.start + cut + 1 if cut >= 0 else sent.start


def _cue_before(doc: Document, cue: re.Pattern, start: int, lo: int) -> bool:
    window = doc.text[max(lo, start - 40):start]
    if doc.language == "ar":
        window = _norm(window)
    return bool(cue.search(window))


def _norm(text: str) -> str:
    from loaders.arabic import normalize

    return normalize(text).text


_AR_CLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "وب", "ول", "وك", "فب", "فل", "وس", "و", "ف", "ب", "ل", "ك", "س")


def _sentence_words(doc: Document, sent: Sentence) -> set[str]:
    """The sentence's words as rule triggers are written: lower case (English), or normalised and also
    without their proclitics (Arabic: "وفرضت" is also "فرضت")."""
    if doc.language != "ar":
        return set(re.findall(r"[^\W\d_]+", sent.text.lower()))
    out = set()
    for w in re.findall(r"[^\W\d_]+", _normalized(doc, sent).text):
        out.add(w)
        for c in _AR_CLITICS:
            if w.startswith(c) and len(w) > len(c) + 1:
                out.add(w[len(c):])
    return out


def _normalized(doc: Document, sent: Sentence):
    """The sentence normalised once for all the rules that look at it (Arabic)."""
    from loaders.arabic import normalize

    cached = doc._normalized
    if cached is None or cached[0] != sent.start:
        cached = doc._normalized = (sent.start, normalize(sent.text))
    return cached[1]


def _trigger_matches(doc: Document, sent: Sentence, rule: CompiledRule):
    """(start, end) of each trigger in the original text, and the sentence's matching text."""
    if doc.language == "ar":
        n = _normalized(doc, sent)
        for m in rule.trigger.finditer(n.text):
            yield sent.start + n.to_original(m.start()), sent.start + n.to_original(m.end()), n, m
    else:
        for m in rule.trigger.finditer(sent.text):
            yield sent.start + m.start(), sent.start + m.end(), None, m


def _search_after(doc: Document, sent: Sentence, pattern: re.Pattern, frm: int, window: int):
    """First match of `pattern` in the sentence after `frm` within `window` characters: (start, end)."""
    lo, hi = frm - sent.start, min(len(sent.text), frm - sent.start + window)
    if doc.language == "ar":
        from loaders.arabic import normalize

        n = normalize(sent.text[lo:hi])
        m = pattern.search(n.text)
        if m:
            return sent.start + lo + n.to_original(m.start()), sent.start + lo + n.to_original(m.end())
        return None
    m = pattern.search(sent.text, lo, hi)
    return (sent.start + m.start(), sent.start + m.end()) if m else None


def _opens_clause(doc: Document, sent: Sentence, start: int) -> bool:
    """True when only clause openers (و، قد، كما، كان...) precede the trigger in its clause."""
    head = doc.text[sent.start:start]
    cut = max(head.rfind("،"), head.rfind(","), head.rfind("؛"), head.rfind(";"), head.rfind(":"))
    head = head[cut + 1:]
    return bool(_AR_CLAUSE_OPENERS.match(_norm(head)))


_EXPLICIT_COORD = {"en": re.compile(r"^\s*(?:,|,?\s*and|,?\s*or)\s*(?:the\s+)?$", re.IGNORECASE),
                   "ar": _ar(r"^\s*(?:[،,]\s*و?|و|أو)\s*$")}


def _coordinated(doc: Document, first: Candidate, pool: list[Candidate], kinds: frozenset[str],
                 explicit: bool = False) -> list[Candidate]:
    """`first` and the candidates joined to it by commas, "and", "or" or Arabic و (with `explicit`, a
    bare space does not join: "التقى لافروف بمتقي" names two parties, not a list)."""
    out = [first]
    coord = (_EXPLICIT_COORD if explicit else _COORD)[doc.language]
    last = first
    closed = 1  # how many items a conjunction (not a bare comma) has closed
    for c in pool:
        if c.start < last.end or c.kind not in kinds or c.locative:
            continue
        gap = doc.text[last.end:c.start]
        if doc.language == "ar":
            gap = _norm(gap)
        if not coord.match(gap):
            break
        out.append(c)
        last = c
        if gap.strip() not in (",", "،"):
            closed = len(out)
    return out[:closed]  # "Damascus, the Turkish ministry said": a comma alone makes no list


@dataclass
class Firing:
    """One rule firing at one trigger, before it becomes claims."""

    rule: object
    t_start: int
    t_end: int
    comp: tuple[int, int] | None
    quals: dict
    subject: Candidate | None = None
    fallback: Candidate | None = None
    prep: object = None  # the compiled preposition that must precede the object, if any
    siblings: list = field(default_factory=list)  # the other triggers of the sentence, for dates


_AR_AFTER_PREP = _ar(r"(?<![\w])(?:بعد|قبل|منذ|عقب|إثر|اثر|مع)\s+$")
# Arabic impersonal passives ("تم فرض", "جرى توقيع"): the clause names no actor.
_IMPERSONAL = {"ar": _ar(r"(?<![\w])[وف]?(?:تم|يتم|جرى|يجري)\s+$"), "en": re.compile(r"(?!x)x")}


# How far after a trigger its subject may stand (verb-first clauses, nominalisations): a few words.
_ADJACENT = 28


def extract_sentence(doc: Document, sent: Sentence, gaz) -> list[Claim]:
    onto = load_ontology()
    cands = _candidates(doc, sent, gaz)
    if not cands:
        return []
    firings: list[Firing] = []
    words = _sentence_words(doc, sent)
    for crule in compiled_rules()[doc.language]:
        rule = crule.rule
        if crule.first_words is not None and crule.first_words.isdisjoint(words):
            continue  # none of the rule's trigger words is in the sentence
        pred = onto.predicates[rule.predicate]
        if rule.after is not None and rule.after not in doc.last_of and not (
                rule.after == "SANCTIONED" and "sanctions" in doc.topics):
            continue
        if rule.not_in is not None and rule.not_in in doc.topics:
            continue
        for t_start, t_end, _n, _m in _trigger_matches(doc, sent, crule):
            if any(c.start <= t_start and t_end <= c.end for c in cands):
                continue  # "Shanghai Cooperation Organisation" names no cooperation
            if crule.not_after is not None and crule.not_after.search(
                    _norm(doc.text[max(sent.start, t_start - 12):t_start]) if doc.language == "ar"
                    else doc.text[max(sent.start, t_start - 12):t_start]):
                continue
            readings = []  # (complement span, qualifiers, object mode, preposition)
            if crule.complements:
                # every complement that follows is its own demand or aim: "to lift the sanctions ...
                # and to support its reconstruction" makes two claims
                for pattern, comp in crule.complements:
                    span = _search_after(doc, sent, pattern, t_end, rule.window)
                    if span and all(span != r[0] for r in readings):
                        readings.append((span, {**rule.qualifiers, **comp.qualifiers}, comp.object or rule.object,
                                         crule.complement_preps.get(id(comp), crule.object_prep)))
                if not readings:
                    continue
            else:
                readings.append((None, dict(rule.qualifiers), rule.object, crule.object_prep))
            impersonal = bool(_IMPERSONAL[doc.language].search(
                _norm(doc.text[max(sent.start, t_start - 12):t_start]) if doc.language == "ar"
                else doc.text[max(sent.start, t_start - 12):t_start]))
            for comp_span, quals, obj_mode, prep in readings:
                f = Firing(crule, t_start, t_end, comp_span, quals, prep=prep)
                if rule.passive:
                    f.subject, f.fallback = _passive_subject(doc, pred, cands, t_end), None
                elif impersonal:  # "تم فرض عقوبات على ...": the actor of the story's last such act
                    f.subject, f.fallback = None, doc.last_of.get(rule.predicate)
                else:
                    f.subject, f.fallback = _pick_subject(doc, sent, rule, pred, cands, t_start, t_end)
                firings.append((f, pred, obj_mode))
    # A trigger inside another firing's complement is part of that demand ("called for lifting
    # sanctions" is not a lifting of sanctions).
    comps = [f.comp for f, _, _ in firings if f.comp]
    kept = [(f, pred, mode) for f, pred, mode in firings
            if not any(a <= f.t_start < b for a, b in comps)]
    # One word, two readings ("struck the Taliban off its list"): the reading whose complement matched
    # is the more specific one.
    accused = [f.t_end for f, pred, _ in kept if pred.name == "ACCUSED"]
    if accused:  # "accused Israel of carrying out an attack": what is alleged is not asserted
        kept = [(f, pred, mode) for f, pred, mode in kept if pred.name == "ACCUSED" or f.t_start < min(accused)]
    # So is a reading the article's subject calls for ("targeted" in a sanctions story).
    # A passive reading ("was sanctioned by") outranks the active one on the words it spans.
    specific = {(f.t_start, f.t_end) for f, _, _ in kept if f.comp or f.rule.rule.after}
    kept = [(f, pred, mode) for f, pred, mode in kept
            if f.comp or f.rule.rule.after or (f.t_start, f.t_end) not in specific]
    # A trigger inside a longer one is a word of that phrase ("hit" in "those hit by the new sanctions")
    spans = {(f.t_start, f.t_end) for f, _, _ in kept}
    kept = [(f, pred, mode) for f, pred, mode in kept if not any(
        a <= f.t_start and f.t_end <= b and (a, b) != (f.t_start, f.t_end) for a, b in spans)]
    passive = [(f.t_start, f.t_end) for f, _, _ in kept if f.rule.rule.passive]
    kept = [(f, pred, mode) for f, pred, mode in kept if f.rule.rule.passive
            or not any(a <= f.t_start and f.t_end <= b for a, b in passive)]
    claims: list[Claim] = []
    previous: Candidate | None = None
    earlier_objects: list[Candidate] = []
    fired: list[tuple[int, int]] = []  # triggers earlier in the sentence that made claims
    for f, pred, mode in sorted(kept, key=lambda x: x[0].t_start):
        f.siblings = list(fired)
        rule = f.rule.rule
        # "طالبت موسكو ... ومعارضة ...": a clause with no subject of its own shares the previous one's;
        # so does "X recognized Y ... and no longer recognizes Z", whose nearest actor is Y
        if f.subject is not None and previous is not None and any(f.subject is o for o in earlier_objects) \
                and f.subject.end <= f.t_start:
            f.subject = previous
        subject = f.subject or previous
        if subject is None and doc.language == "en" and _PRONOUN.search(
                doc.text[_clause_start(doc, sent, f.t_start):f.t_start]):
            pron = _PRONOUN.findall(doc.text[_clause_start(doc, sent, f.t_start):f.t_start])[-1].lower()
            # "He met ...": the previous sentences' person; "They ...": their actor
            subject = doc.last_person if pron in ("he", "she") else doc.last_subject
        subject = subject or f.fallback
        agent = [c for c in cands if c.demonym and f.comp and f.comp[0] <= c.start and c.end <= f.comp[1]
                 and c.kind in pred.domain]
        if agent and (rule.predicate in _MEASURED or rule.predicate in ("DELISTED", "DESIGNATED")):
            subject = agent[0]  # "the lifting of US sanctions", "العقوبات الأمريكية": the sanctioning state
        if subject is not None and subject.acting_for is not None and (
                subject.kind != "Organization" or subject.entry.key in _SEATS or rule.predicate in _BY_FORCES):
            # a capital or a seat of power acts for its state; a ministry, court or bank acts itself
            subject = Candidate(subject.start, subject.end, subject.acting_for, "State")
        if subject is None or subject.kind not in pred.domain:
            continue
        previous = subject
        if rule.passive:
            subjects = _coordinated(doc, subject, [c for c in cands if c.start >= subject.end], pred.domain)
        elif subject.end <= f.t_start:
            subjects = _coordinated_before(doc, subject, cands, pred.domain)
        else:  # verb first: "شاركت إيران وروسيا والصين في ..."
            subjects = _coordinated(doc, subject, [c for c in cands if c.start >= subject.end], pred.domain,
                                    explicit=True)
        objects = _pick_objects(doc, sent, rule, f, pred, cands, subjects[-1], f.t_start, f.t_end, f.comp,
                                "before" if rule.passive else mode)
        objects = [o for o in objects if all(o.entry.key != x.entry.key for x in subjects)]
        if pred.symmetric and len(subjects) > 1:
            # "Uzbekistan, Afghanistan and Pakistan signed an agreement": every pair of parties
            parties = [_as_state(c) for c in subjects] if rule.predicate in _BY_STATES else subjects
            for i, first in enumerate(parties[:-1]):
                claims.extend(_firing_claims(doc, sent, cands, rule, f, first, parties[i + 1:]))
            if objects and rule.predicate not in _BY_STATES:  # "A and B met ... with C": both met C too
                for party in subjects:
                    claims.extend(_firing_claims(doc, sent, cands, rule, f, party, objects))
            continue
        if not objects:
            doc.pending.append((sent, subject, rule, f, pred))
            continue
        speaker = _speaker(doc, sent, cands) if rule.predicate in _STANCES else None
        if speaker is not None and all(speaker.entry.key != c.entry.key for c in objects):
            subjects = [speaker]  # "Mao Ning said Beijing opposes ...": the stance is the speaker's
        if rule.predicate in _BY_STATES:  # agreements bind states, whoever signs them
            subjects = [_as_state(c) for c in subjects]
            objects = [_as_state(c) for c in objects]
        made = len(claims)
        for subj in subjects:
            claims.extend(_firing_claims(doc, sent, cands, rule, f, subj, objects))
        if len(claims) > made and not rule.passive:
            fired.append((f.t_start, f.t_end))
        earlier_objects.extend(objects)
        doc.last_subject = subject
        doc.last_of[rule.predicate] = subjects[0]
        if subject.kind == "Person":
            doc.last_person = subject
    return claims


_NOUN_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:[a-z][\w-]*)\s+(?:was|were|has|had|is|are)\b")
# What "join" takes besides membership: "did not join the EU sanctions"
_JOINED_ACTS = re.compile(r"^\s*(?:'s\s+)?(?:sanctions|measures|statement|declaration|call|efforts?|initiative|talks|"
                          r"boycott|embargo|operations?|strikes?|campaign)\b", re.IGNORECASE)

_BETWEEN = {"en": re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE), "ar": _ar(r"(?<![\w])بين\s+$")}


def _between(doc: Document, sent: Sentence, c: Candidate) -> bool:
    """"a ceasefire between Israel and Hamas": the parties of a nominal event, not the clause's object."""
    before = doc.text[max(sent.start, c.start - 12):c.start]
    return bool(_BETWEEN[doc.language].search(_norm(before) if doc.language == "ar" else before))


_BY_STATES = {"SIGNED_AGREEMENT"}
# What armed forces do is their state's, whichever ministry announces it.
_BY_FORCES = {"TOOK_CONTROL_OF", "ATTACKED", "WITHDREW_FROM"}
# Seats of power that stand for their state's government when they act ("the Kremlin said").
_SEATS = {"organization:kremlin", "organization:white-house"}
_STANCES = {"CALLED_FOR", "OPPOSED", "SUPPORTED", "WARNED", "ACCUSED", "WELCOMED"}


_SAYS_AFTER = re.compile(r"\s*(?:said|says|told)\b", re.IGNORECASE)


def _speaker(doc: Document, sent: Sentence, cands: list[Candidate]) -> Candidate | None:
    """A named person who says the sentence: "X said (that) ...", "..., X said", "قال X إن ..."."""
    for c in cands:
        if c.kind != "Person":
            continue
        if doc.language == "en":
            said = _SAYS_AFTER.match(doc.text[c.end:min(sent.end, c.end + 25)])
        else:
            said = _REPORTING["ar"].search(_norm(doc.text[max(sent.start, c.start - 25):c.start]))
        if said:
            return c
    return None


def _as_state(c: Candidate) -> Candidate:
    state = c.acting_for or c.office_of
    return Candidate(c.start, c.end, state, state.kind) if state is not None else c


def _coordinated_before(doc: Document, last: Candidate, cands: list[Candidate], kinds) -> list[Candidate]:
    """`last` and the candidates coordinated with it to its left ("Iran, Russia and China took part")."""
    out = [last]
    coord = _COORD[doc.language]
    for c in reversed([c for c in cands if c.end <= last.start]):
        if c.kind not in kinds or c.locative:
            break
        gap = doc.text[c.end:out[0].start]
        if not coord.match(_norm(gap) if doc.language == "ar" else gap):
            break
        if c.demonym and out[0].kind == "Person" and gap.strip() in (",", "،"):
            break  # "الرئيس الإريتري، أسياس أفورقي": the president's nationality, not a second party
        out.insert(0, c)
    return out


_DENIAL = {
    "en": re.compile(r"\b(?:denied|denies|deny|rejected reports|dismissed reports)\s+(?:that\s+)?(?:the\s+)?$",
                     re.IGNORECASE),
    "ar": _ar(r"(?<![\w])[وف]?(?:نفى|نفت|ينفي|تنفي)\s+(?:\w+\s+){0,3}?(?:أن|ان)\s+(?:تكون|يكون)?\s*$"),
}
_UNASSERTED = {
    "en": re.compile(r"\b(?:whether|if|unclear|rumou?rs?|speculation)\b", re.IGNORECASE),
    "ar": _ar(r"(?<![\w])(?:ما إذا|إذا|إن كان|غير واضح|شائعات)(?![\w])"),
}


_DENIAL_VERB = {"en": re.compile(r"\b(?:denied|denies)\s*$", re.IGNORECASE),
                "ar": _ar(r"(?<![\w])[وف]?(?:نفى|نفت|ينفي|تنفي)\s*$")}
_THAT = {"en": re.compile(r"\bthat\b", re.IGNORECASE), "ar": _ar(r"(?<![\w])(?:أن|بأن)(?![\w])")}


def _denied(doc: Document, subject: Candidate, f) -> bool:
    """The subject denies the claim: "نفت بكين أن تكون قد فرضت", "Beijing denied that it had imposed"."""
    if subject.end > f.t_start:
        return False
    before = doc.text[max(0, subject.start - 15):subject.start]
    between = doc.text[subject.end:f.t_start]
    if doc.language == "ar":
        before, between = _norm(before), _norm(between)
    that = _THAT[doc.language].search(between)
    if that is None:
        return False
    verb = _DENIAL_VERB[doc.language]
    return bool(verb.search(before) or verb.search(between[:that.start()]))


def _firing_claims(doc, sent, cands, rule, f, subject, objects) -> list[Claim]:
    polarity = "asserted"
    clause_start = _clause_start(doc, sent, min(subject.start, f.t_start))
    if _cue_before(doc, _UNASSERTED[doc.language], min(subject.start, f.t_start), clause_start):
        return []  # "whether Beijing will recognize ...": nothing is asserted, hedged or denied
    if _denied(doc, subject, f) or _cue_before(doc, _NEG[doc.language], f.t_start, clause_start) or (
            subject.start >= f.t_start and _cue_before(doc, _NEG[doc.language], f.t_start, clause_start)) or (
            subject.end <= f.t_start and _cue_before(doc, _DENIAL[doc.language], subject.start, sent.start)):
        polarity = "negated"
    elif _hedged(doc, f, clause_start):
        polarity = "hedged"
    pool = doc.dates if f.rule.rule.passive else _nearest_trigger_dates(doc, sent, f, f.siblings)
    date, date_text = _pick_date(doc, sent, f.t_start, *_date_bounds(doc, sent, f, objects), pool=pool)
    quals = dict(f.quals)
    if polarity != "negated" and rule.predicate in _PLANNABLE and _scheduled(doc, f, clause_start):
        # "will visit Moscow next week", "is scheduled to meet on Friday": a plan the text states, with its
        # date; a plan with no date stays hedged
        planned = _planned_date(doc, sent, f, pool)
        if planned is not None:
            polarity, (date, date_text) = "asserted", planned
            quals["planned"] = "true"
    if rule.predicate in ("DESIGNATED", "DELISTED") and f.comp and "list" not in quals:
        name = _list_name(doc, f.comp[0], min(sent.end, f.comp[1] + 40))
        if name:
            quals["list"] = name
    measures = _measures(doc, f.t_start, objects[0].start) if rule.predicate in _MEASURED else []
    if rule.predicate == "TRADES_WITH" and "commodity" not in quals:
        goods = [c for c in cands if c.kind == "Resource" and f.t_start <= c.start < objects[0].start]
        if goods:
            quals["commodity"] = goods[0].entry.name
    if rule.predicate == "CALLED_FOR" and "addressee" not in quals:
        asked = [c for c in cands if f.t_end <= c.start < (f.comp[1] if f.comp else sent.end)
                 and _addressee(doc, sent, c) and c.kind in ("State", "Organization", "Person", "Group")]
        if asked:
            quals["addressee"] = asked[0].entry.name
    if rule.predicate == "MET_WITH":
        place = _place_after(doc, cands, objects[-1].end, sent.end)
        if place is not None:
            quals.setdefault("place", place.entry.name)
    if rule.confidence == 0.0:
        return []  # a reading kept only so that a wrong one gives way ("an attack by Hamas")
    variants = [dict(quals, measure=m) for m in measures] or [quals]
    return [_claim(doc, sent, subject.entry, rule.predicate, obj.entry, q, date, date_text, polarity,
                   rule.confidence)
            for obj in objects if obj.entry.key != subject.entry.key for q in variants]


_LISTS = {
    "en": [(re.compile(r"terror", re.IGNORECASE), "terrorist organizations"),
           (re.compile(r"sanction", re.IGNORECASE), "sanctions"),
           (re.compile(r"extremis", re.IGNORECASE), "extremist organizations"),
           (re.compile(r"\b(?:banned|prohibited|outlawed)\b", re.IGNORECASE), "banned organizations")],
    "ar": [(re.compile("ارهاب"), "terrorist organizations"), (re.compile("عقوبات"), "sanctions"),
           (re.compile("متطرف"), "extremist organizations"), (re.compile("محظور"), "banned organizations")],
}


def _list_name(doc: Document, start: int, end: int) -> str | None:
    """Which list: read from the words after "list" / "قائمة"."""
    window = doc.text[start:end]
    window = _norm(window) if doc.language == "ar" else window
    for pattern, name in _LISTS[doc.language]:
        if pattern.search(window):
            return name
    return None


def _pick_subject(doc, sent, rule, pred, cands, t_start, t_end) -> tuple[Candidate | None, Candidate | None]:
    """(subject, fallback): the fallback stands on the other side and serves when nothing better does."""
    domain = pred.domain
    before = [c for c in cands if c.end <= t_start and c.kind in domain and not c.locative
              and not _of_relative(doc, sent, c, t_start)]
    after = [c for c in cands if c.start >= t_end and c.kind in domain and not c.locative
             and _adjacent(doc, doc.text[t_end:c.start], c, rule.adjacent_object)]
    # "Uzbekistan, a member of the SCO, signed ...": skip the appositive between commas
    if len(before) >= 2 and _comma_enclosed(doc, before[-2], before[-1], t_start) and not (
            before[-1].kind == "Person" and before[-2].kind != "Person"):
        before = before[:-1]  # ("ambassador to Germany, Prince Faisal, presented": the person is named, not aside)
    nearest_before = before[-1] if before else None
    first_after = after[0] if after else None
    where = rule.subject
    if where == "auto":
        if doc.language == "ar" and (_opens_clause(doc, sent, t_start) or _AR_AFTER_PREP.search(
                _norm(doc.text[max(sent.start, t_start - 8):t_start]))):
            where = "after"  # verb first, or a verbal noun after "بعد": "بعد سيطرة طالبان على كابل"
        elif first_after is not None and first_after.demonym and first_after.start - t_end <= 3:
            return first_after, None  # "الانسحاب الأمريكي": a nisba right after a nominal trigger is its agent
        else:
            where = "before"
    if where == "after":
        return first_after, nearest_before
    if where == "context":  # "Those sanctioned by the UK include ...": the actor inside the trigger first
        inside = [c for c in cands if t_start <= c.start and c.end <= t_end and c.kind in domain]
        return (inside or [nearest_before])[0], doc.last_of.get(rule.predicate)
    return nearest_before, first_after


_WORD = re.compile(r"\w+")
_NEW_CLAUSE = {"en": re.compile(r"[,;]\s+(?:and|but|while|whereas)\s", re.IGNORECASE),
               "ar": _ar(r"[،؛,]\s*(?:و|بينما|فيما|لكن)")}
_POSSESSIVE = re.compile(r"['’]s?\b")
_PRONOUN = re.compile(r"\b(?:he|she|they|it)\b", re.IGNORECASE)
_NP_GAP = re.compile(r"^[^.,;:،؛!?؟]{0,45}$")
_PREPOSITION = {"en": re.compile(r"\b(?:to|for|of|in|on|with|from|against|by|and|or)\b", re.IGNORECASE),
                "ar": _ar(r"(?:(?<![\w])(?:في|على|من|إلى|عن|مع|و)(?![\w])|[لبو]\s*$)")}


def _same_phrase(doc: Document, gap: str) -> bool:
    """The words between two mentions keep them in one noun phrase (no punctuation, no preposition)."""
    if not _NP_GAP.match(gap):
        return False
    return not _PREPOSITION[doc.language].search(_norm(gap) if doc.language == "ar" else gap)
# Where a captured, attacked or abandoned capital is the city, not its government.
_CITY_OBJECTS = {"TOOK_CONTROL_OF", "ATTACKED", "WITHDREW_FROM"}
# Words that may stand between a verb and its subject: a date adverb set off by commas, "قد".
_SKIPPABLE = {"en": set(), "ar": {"قد", "اليوم", "امس", "الجمعه", "السبت", "الاحد", "الاثنين", "الثلاثاء",
                                  "الاربعاء", "الخميس", "ايضا", "بدورها", "بدوره"}}


_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r"^\s*(?:\([^)]{0,20}\)\s*)?(?:that|which|who)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _of_relative(doc: Document, sent: Sentence, c: Candidate, t_start: int) -> bool:
    """"members of the United Nations (UN) that recognise ...": the relative clause is the members', not
    the UN's."""
    if doc.language != "en":
        return False
    if doc.text[c.start - 1:c.start] == "(" and doc.text[c.end:c.end + 1] == ")":
        return True  # an acronym glossing the name before it: that name decides
    return bool(_RELATIVE_AFTER.match(doc.text[c.end:t_start])) and \
        bool(_OF_BEFORE.search(doc.text[max(sent.start, c.start - 12):c.start]))


def _comma_enclosed(doc: Document, head: Candidate, inner: Candidate, t_start: int) -> bool:
    before, after = doc.text[head.end:inner.start], doc.text[inner.end:t_start]
    return before.lstrip().startswith((",", "،")) and after.lstrip().startswith((",", "،")) and len(before) < 40


_OWN_ENVOY = {"en": re.compile(r"\b(?:its|their|his|her)\s+(?:own\s+)?(?:ambassador|envoy|charg)", re.IGNORECASE),
              "ar": _ar(r"(?<![\w])(?:سفير|مبعوث|القائم بأعمال)(?:ها|ه|هم|هما)(?![\w])")}
_TITLE_WORDS = {"en": {"ambassador", "envoy", "minister", "president", "official", "officials", "diplomat"},
                "ar": {_norm(w) for w in ("السفير", "سفير", "القائم", "المبعوث", "مبعوث", "الوزير", "وزير", "الرئيس",
                                          "المسؤول", "مسؤول", "الدبلوماسي", "وزيرة", "السفيرة")}}


def _adjacent(doc: Document, gap: str, cand: Candidate, envoy_object: bool = False) -> bool:
    """A subject after its trigger must follow it closely: no clause break, at most one other word
    (two before a nisba adjective: "غارة جوية إسرائيلية")."""
    if len(gap) > _ADJACENT or any(ch in gap for ch in ".;؛:!?؟"):
        return False
    words = [w for w in _WORD.findall(_norm(gap) if doc.language == "ar" else gap.lower())
             if w not in _SKIPPABLE[doc.language]]
    if envoy_object and cand.demonym and len(words) == 1 and words[0] in _TITLE_WORDS[doc.language]:
        return False  # "استدعت السفير الصومالي": the nisba is the summoned ambassador's
    return len(words) <= (1 if cand.demonym else 0)


def _passive_subject(doc, pred, cands, t_end) -> Candidate | None:
    after = [c for c in cands if c.start >= t_end and c.kind in pred.domain and not c.locative
             and c.start - t_end <= 60]
    return after[0] if after else None


def _pick_objects(doc, sent, rule, firing, pred, cands, subject, t_start, t_end, comp_span, mode) -> list[Candidate]:
    rng = pred.range
    usable = [c for c in cands if c is not subject and c.kind in rng and (rule.object_locative or not c.locative)
              and c.entry.key != subject.entry.key]
    if mode == "before":
        pool = [c for c in usable if c.end <= t_start]
        if rule.passive:
            pool = [c for c in pool if c.kind == "Event"] or pool
        # "Iran's oil minister was sanctioned": Iran qualifies the unnamed one who was
        pool = [c for c in pool if not re.match(r"['’]s?\s+[a-z]", doc.text[c.end:c.end + 4])
                and not (c.demonym and _NOUN_AFTER.match(doc.text[c.end:c.end + 30]))]
        if rule.passive and pool and pool[-1].kind != "Event":  # "A and B were hosted by C": both
            return _coordinated_before(doc, pool[-1], pool, rng)
        return pool[-1:]
    if mode == "all":  # "copper deposits", "one of the largest copper deposits": resources either side
        clause = _clause_start(doc, sent, t_start)
        return [c for c in usable if c.kind == "Resource" and c.start >= clause]
    frm = comp_span[1] if (mode == "after_complement" and comp_span) else t_end
    if subject.start >= t_end:
        frm = max(frm, subject.end)
    if rule.adjacent_object:
        first = [c for c in cands if c.start >= frm and c.kind in rng and not c.locative and c is not subject]
        if first and first[0].entry.key == subject.entry.key:
            return []  # its own envoy: a recall, not a summons
        if first and _OWN_ENVOY[doc.language].search(
                _norm(doc.text[frm:first[0].start]) if doc.language == "ar" else doc.text[frm:first[0].start]):
            return []  # "استدعت سفيرها لدى إثيوبيا", "recalled its ambassador to Ethiopia"
    pool = [c for c in usable if c.start >= frm]
    if mode == "after_complement" and comp_span and not [c for c in pool if c.start < sent.end] and \
            rule.predicate == "CALLED_FOR":
        # "called on Washington to unfreeze Afghan assets": whose assets, inside the demand, not its addressee
        inner = [c for c in usable if t_end <= c.start and c.end <= comp_span[1] and not _addressee(doc, sent, c)]
        return inner[-1:]
    if doc.language == "en":  # "..., the Treasury said": the speaker is not the object
        pool = [c for c in pool if not _SAYS_AFTER.match(doc.text[c.end:min(sent.end, c.end + 25)])]
    for c in [c for c in pool if _between(doc, sent, c)]:
        parties = _coordinated(doc, c, [x for x in pool if x.start > c.start], rng, explicit=True)
        pool = [x for x in pool if all(x is not p for p in parties)]
    if firing.prep is not None:  # the first object follows the preposition; a list may go on after it
        lead = [c for c in pool if firing.prep.search(
            _norm(doc.text[max(sent.start, c.start - 25):c.start]) if doc.language == "ar"
            else doc.text[max(sent.start, c.start - 45):c.start])]
        if lead and comp_span and lead[0].start - comp_span[1] > 40:
            lead = []  # "عقد اجتماعا بشأن مذكرة وقعتها إثيوبيا مع ...": that "مع" is the memorandum's
        pool = [c for c in pool if lead and c.start >= lead[0].start]
    # "his Turkish counterpart Hakan Fidan", "the Russian company Sovcomflot": a demonym that only
    # modifies a named entity right after it is not the object
    pool = [c for c in pool if not ((c.demonym or _POSSESSIVE.match(doc.text[c.end:c.end + 3])) and any(
        d.start >= c.end and _same_phrase(doc, doc.text[c.end:d.start]) for d in pool if d is not c))]
    pool = [c for c in pool if not (c.demonym and any(
        d.end <= c.start and not doc.text[d.end:c.start].strip() for d in pool if d is not c))]
    # "sanctions on four Venezuelan governors", "عقوبات على 92 شخصية ... روسية": a nationality of people
    # the text does not name is not the state
    if pool and mode != "people_after" and (
            (pool[0].demonym and _of_people(doc, sent, pool[0])) or _unnamed_first(doc, frm, pool[0].start)):
        return []  # the object is those unnamed people ("four state governors"); what follows them is not
    pool = [c for c in pool if not (c.demonym and _of_people(doc, sent, c))]
    if pool and pool[0].kind == "Person" and re.match(r"['’]s?\s+[a-z]", doc.text[pool[0].end:pool[0].end + 4]):
        return []  # "sanctions on Maduro's intelligence services": the services, not the man
    if rule.predicate == "MEMBER_OF":  # "joining Russia" is annexation; members join organizations
        pool = [c for c in pool if c.kind != "State" and not (
            doc.language == "en" and _JOINED_ACTS.match(doc.text[c.end:c.end + 20]))]
    if rule.predicate == "VISITED":  # "arrived in Moscow": a visit to the state
        pool = [_as_state(c) if c.locative else c for c in pool]
    if rule.predicate in _CITY_OBJECTS:
        pool = [Candidate(c.start, c.end, c.city, c.city.kind) if c.city is not None else c for c in pool]
    if pool and _NEW_CLAUSE[doc.language].search(
            _norm(doc.text[frm:pool[0].start]) if doc.language == "ar" else doc.text[frm:pool[0].start]):
        return []  # "X welcomed the decision, and Y said ...": Y is not what X welcomed
    if not pool:
        return []
    if mode == "people_after":  # the people listed, else the organisations named
        people = [c for c in pool if c.kind == "Person"]
        named = [c for c in pool if c.kind == "Organization" and not c.demonym]
        return people or named or [c for c in pool[:1] if not c.demonym]
    if mode == "all_after":
        resources = [c for c in pool if c.kind == "Resource"]
        return resources or pool[:1]  # a list of resources; else the one thing named
    return _coordinated(doc, pool[0], pool[1:], rng)


_PEOPLE = {
    "en": re.compile(r"^\s+(?:[\w-]+\s+){0,2}?(?:officials?|people|persons|individuals|nationals|citizens|figures|"
                     r"businessm[ae]n|oligarchs?|generals?|governors?|officers?|commanders?|executives?|lawmakers|"
                     r"members|ministers|diplomats|entities|companies|firms|vessels|tankers|ships|chiefs?|"
                     r"leaders?|heads?\s+of)\b", re.IGNORECASE),
    "ar": _ar(r"(?<![\w])(?:شخصية|شخصيات|شخصا|أشخاص|مسؤولا|مسؤولين|مسؤولي|مواطنا|مواطنين|أفراد|رجال أعمال|ضباط|"
              r"قادة|كيانات|شركات|سفن|ناقلات)(?:\s+\w+){0,3}\s*$"),
}


_UNNAMED = {
    "en": re.compile(r"^\W*(?:the\s+|its\s+)?(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|dozens?|"
                     r"several|many|more\s+than\s+\d+|some)\s+(?:[\w-]+\s+){0,2}?(?:officials?|people|persons|"
                     r"individuals|governors|entities|companies|firms|vessels|tankers|ships|businessm[ae]n|oligarchs|"
                     r"officers|members|generals|ministers)\b(?!.*\b(?:including|among them|such as)\b)",
                     re.IGNORECASE | re.DOTALL),
    "ar": _ar(r"^\W*(?:\d+|ثلاثة|أربعة|خمسة|عدة|عدد من)\s+(?:\w+\s+){0,2}?(?:مسؤولين|مسؤولا|أشخاص|أفراد|كيانات|"
              r"شركات|سفن|ناقلات|شخصيات|شخصية)(?![\w])(?!.*(?:بينهم|منهم|أبرزهم|أبرزها|بينها|من بينهم))"),
}


def _unnamed_first(doc: Document, frm: int, first: int) -> bool:
    """The object slot is taken by unnamed people or companies ("sanctions on four state governors aligned
    with Maduro", "عقوبات على 92 شخصية"), unless a list of names follows ("including ...")."""
    gap = doc.text[frm:first]
    return bool(_UNNAMED[doc.language].search(_norm(gap) if doc.language == "ar" else gap))


def _of_people(doc: Document, sent: Sentence, c: Candidate) -> bool:
    """A demonym that qualifies unnamed people or companies ("four Venezuelan governors", "92 شخصية روسية")."""
    if doc.language == "en":
        return bool(_PEOPLE["en"].match(doc.text[c.end:min(sent.end, c.end + 40)]))
    return bool(_PEOPLE["ar"].search(_norm(doc.text[max(sent.start, c.start - 50):c.start])))


_ADDRESSEE = {"en": re.compile(r"\b(?:on|upon|urged|urges|urging|pressed|presses|pressing|asked|asks|asking)\s+"
                              r"(?:the\s+)?$", re.IGNORECASE), "ar": _ar(r"(?!x)x")}


def _addressee(doc: Document, sent: Sentence, c: Candidate) -> bool:
    """"called on Washington to ...": whom a demand is made of."""
    return bool(_ADDRESSEE[doc.language].search(doc.text[max(sent.start, c.start - 10):c.start]))


def _place_after(doc, cands, frm, to) -> Candidate | None:
    for c in cands:
        if c.start >= frm and c.end <= to and c.locative:
            return c
    return None


# Week-relative dates ("last week", "الأسبوع المقبل") name no day, month or year of their own.
_WEEKS = re.compile(r"week|أسبوع|الأسبوع|اسبوع|الاسبوع", re.IGNORECASE)


def _pick_date(doc: Document, sent: Sentence, t_start: int, lo: int | None = None,
               hi: int | None = None, pool: list | None = None) -> tuple[str | None, str | None]:
    """The date expression nearest the trigger within [lo, hi) among `pool` (default: the sentence's)."""
    lo = sent.start if lo is None else lo
    hi = sent.end if hi is None else hi
    pool = doc.within("dates", lo, hi) if pool is None or pool is doc.dates else pool
    inside = [d for d in pool if lo <= d.start and d.end <= hi and not _WEEKS.search(d.text)]
    if not inside:
        return None, None
    best = min(inside, key=lambda d: abs(d.start - t_start))
    return best.value, best.text


_REPORTING = {
    "en": re.compile(r"\b(?:said|says|told|announced|reported|according to|confirmed|added|stated)\b", re.IGNORECASE),
    "ar": _ar(r"(?<![\w])[وف]?(?:قال|قالت|أعلن|أعلنت|بحسب|وفق|وفقا|أكد|أكدت|ذكر|ذكرت|أفاد|أفادت)(?![\w])"),
}


def _date_bounds(doc: Document, sent: Sentence, f, objects) -> tuple[int, int]:
    """Up to the reporting verb after the claim ("..., officials said on Friday": that date is the
    saying's, not the claim's)."""
    end = max([o.end for o in objects] + [f.t_end])
    rest = doc.text[end:sent.end]
    m = _REPORTING[doc.language].search(_norm(rest) if doc.language == "ar" else rest)
    if m is None:
        return sent.start, sent.end
    cut = _orig_offset(rest, m.start()) if doc.language == "ar" else m.start()
    return sent.start, end + cut


def _nearest_trigger_dates(doc: Document, sent: Sentence, f, triggers: list[tuple[int, int]]) -> list:
    """Dates this firing's trigger is nearer to than any earlier trigger that made claims: in
    "recognized Beijing in March and no longer recognizes Taiwan" the date is the first clause's."""
    def dist(d, t):
        return max(t[0] - d.end, d.start - t[1], 0)
    mine = (f.t_start, f.t_end)
    return [d for d in doc.within("dates", sent.start, sent.end) if all(dist(d, mine) <= dist(d, t) for t in triggers)]


def _claim(doc, sent, subj, predicate, obj, quals, date, date_text, polarity, confidence) -> Claim:
    return Claim(source=doc.source, subject=_entity_ref(subj), predicate=predicate, object=_entity_ref(obj),
                 qualifiers=quals, date=date, date_text=date_text if date else None, polarity=polarity,
                 quote=sent.text, span=(sent.start, sent.end), confidence=confidence, extractor=EXTRACTOR)


# Roles a person has in a state without holding its office: an opposition leader leads against it.
_NO_OFFICE = {"opposition leader"}


def office_claims(doc: Document) -> list[Claim]:
    """HOLDS_OFFICE for every official whose state or organization is known."""
    out = []
    for off in doc.officials:
        if off.of is None or off.former or off.role in _NO_OFFICE:  # a former minister holds no office now
            continue
        quals = {"role": off.role}
        if off.acting:
            quals["acting"] = "true"
        quote, span, date, date_text = doc.text[off.start:off.end], (off.start, off.end), None, None
        if getattr(off, "appointed", False):  # "X was appointed foreign minister on Monday": dated
            starts, sents = doc.by_start("sentences")  # sentences do not overlap: the last to start
            i = bisect_right(starts, off.start) - 1
            sent = sents[i] if i >= 0 and off.end <= sents[i].end else None
            if sent is not None:
                date, date_text = _pick_date(doc, sent, off.start)
                quote, span = sent.text, (sent.start, sent.end)
        out.append(Claim(source=doc.source, subject=_entity_ref(off.person), predicate="HOLDS_OFFICE",
                         object=_entity_ref(off.of), qualifiers=quals, date=date,
                         date_text=date_text if date else None, quote=quote, span=span,
                         confidence=0.9, extractor=EXTRACTOR))
    return out


# Predicates whose object an article often names once and leaves implicit later ("the US withdrawal
# from Afghanistan" ... "after the US withdrawal in 2021").
_IMPLICIT_OBJECT = {"WITHDREW_FROM", "TOOK_CONTROL_OF", "VISITED", "ATTACKED"}


def _complete_pending(doc: Document, claims: list[Claim]) -> list[Claim]:
    """A firing with a subject but no object takes the object that the same subject and predicate
    have elsewhere in the article, when that object is unique."""
    out = []
    objects_of: dict[tuple, dict] = {}  # (predicate, subject key) -> the objects claims give them
    for c in claims:
        if c.predicate in _IMPLICIT_OBJECT:
            objects_of.setdefault((c.predicate, c.subject.key), {})[(c.object.key, c.object.name)] = c.object
    for sent, subject, rule, f, pred in doc.pending:
        if rule.predicate not in _IMPLICIT_OBJECT:
            continue
        objects = objects_of.get((rule.predicate, subject.entry.key), {})
        if len(objects) != 1:
            continue
        obj = next(iter(objects.values()))
        date, date_text = _pick_date(doc, sent, f.t_start)
        out.append(Claim(source=doc.source, subject=_entity_ref(subject.entry), predicate=rule.predicate, object=obj,
                         qualifiers=dict(f.quals), date=date, date_text=date_text if date else None,
                         polarity="asserted", quote=sent.text, span=(sent.start, sent.end),
                         confidence=round(rule.confidence - 0.2, 2), extractor=EXTRACTOR))
    return out


_HEAD_OF = re.compile(r"^,\s+(?:the\s+)?(?:(?:acting|deputy)\s+)?(head|chief|chairman|chairwoman|chairperson|director(?:"
                      r"[- ]general)?|leader|secretary[- ]general|spokes(?:man|woman|person))\s+(?:of|for|at)\s+"
                      r"(?:the\s+)?$", re.IGNORECASE)
# "Liz Truss, the secretary of state for Foreign, Commonwealth and Development Affairs of the United Kingdom",
# "Mamane Sani Kiaou, the chief of staff of the Nigerien army": a longer title, ending in "of [the] STATE"
_TITLE_OF = re.compile(r"^,\s+(?:the\s+)?(?P<title>(?:[\w'’-]+[ ,]+){0,9}?(?:secretary|minister|chief|head|ambassador|"
                       r"envoy|director|chairman|chairwoman|commander|governor|president|prime minister|spokes\w+)"
                       r"(?:\s+(?:of|for|to)\s+[\w ,'’-]{0,70}?)?)\s+(?:of|for)\s+(?:the\s+)?$", re.IGNORECASE)


def apposition_offices(doc: Document, gaz) -> list[Claim]:
    """"Kadyr Abdykadyrov, head of Kyrgyzstan's State Commission for Religious Affairs, said": the person
    holds office in the body's state (or in the body, when it belongs to none)."""
    if doc.language != "en":
        return []
    out = []
    starts, items = doc.by_start("mentions")
    for i, person in enumerate(items):
        if person.entry.kind != "Person":
            continue
        for org in items[i + 1:i + 6]:
            if org.entry.kind not in ("Organization", "State") or org.start - person.end > 120:
                continue
            m = _HEAD_OF.match(doc.text[person.end:org.start])
            if m is None and org.entry.kind == "State":
                t = _TITLE_OF.match(doc.text[person.end:org.start])
                if t is not None:
                    role = " ".join(t.group("title").lower().replace(",", " ").split())
                    span = (person.start, org.end)
                    out.append(Claim(source=doc.source, subject=_entity_ref(person.entry), predicate="HOLDS_OFFICE",
                                     object=_entity_ref(org.entry), qualifiers={"role": role},
                                     quote=doc.text[span[0]:span[1]], span=span, confidence=0.8, extractor=EXTRACTOR))
                    break
            if m is None:
                continue
            seat = gaz.get(org.entry.parent) if org.entry.parent else None
            if seat is None and org.entry.parent:
                seat = next((x.entry for x in items if x.entry.key == org.entry.parent), None)
            of = seat if seat is not None and seat.kind == "State" else org.entry
            role = m.group(1).lower()
            role = f"{role} of the {org.entry.name.split(' of ')[0]}" if of is not org.entry else role
            span = (person.start, org.end)
            out.append(Claim(source=doc.source, subject=_entity_ref(person.entry), predicate="HOLDS_OFFICE",
                             object=_entity_ref(of), qualifiers={"role": role}, quote=doc.text[span[0]:span[1]],
                             span=span, confidence=0.85, extractor=EXTRACTOR))
            break
    return out


def extract_document(doc: Document, gaz) -> list[Claim]:
    lead = [x for x in doc.by_start("sentences")[1] if x.text.strip()][:_LEAD_SENTENCES]
    for sent in lead:  # what the lead is about, and where it says so (its dates serve _lead_dates)
        text = _norm(sent.text) if doc.language == "ar" else sent.text
        for fam, cue in _FAMILY_CUES[doc.language].items():
            m = cue.search(text)
            if m:
                at = sent.start + (_orig_offset(sent.text, m.start()) if doc.language == "ar" else m.start())
                doc.lead_cues.append((fam, sent, at))
    doc.topics = {fam for fam, _, _ in doc.lead_cues}
    claims = office_claims(doc) + apposition_offices(doc, gaz)
    for sent in sentences(doc.text):
        if sent.text.rstrip().endswith(("?", "؟")):
            continue  # questions assert nothing
        claims.extend(extract_sentence(doc, sent, gaz))
    claims.extend(_complete_pending(doc, claims))
    opened = {m.entry.key: m.entry for m in doc.mentions if m.via == "open"}
    return _with_parents(_dedupe(_lead_dates(doc, claims)), gaz, opened)


def _with_parents(claims: list[Claim], gaz, opened: dict | None = None) -> list[Claim]:
    """Organs carry the state or organization the gazetteer says they belong to (`part_of`), so the graph
    links the Supreme Court of Russia to Russia and actor queries roll it up."""
    memo: dict[str, EntityRef | None] = {}

    def parent_ref(key: str | None, depth: int = 0) -> EntityRef | None:
        if key is None or depth > 3:
            return None
        if key not in memo:
            entry = gaz.get(key) or (opened or {}).get(key)  # a body the text named after its state
            parent = gaz.get(entry.parent) if entry is not None and entry.kind == "Organization" and entry.parent \
                else None
            memo[key] = None if parent is None else _entity_ref(parent).model_copy(
                update={"part_of": parent_ref(parent.key, depth + 1)})
        return memo[key]

    out = []
    for c in claims:
        subj, obj = parent_ref(c.subject.key), parent_ref(c.object.key)
        if subj is not None or obj is not None:
            c = c.model_copy(update={"subject": c.subject.model_copy(update={"part_of": subj}) if subj else c.subject,
                                     "object": c.object.model_copy(update={"part_of": obj}) if obj else c.object})
        out.append(c)
    return out


# Acts whose later sentences elaborate the lead's news without repeating its date: "The Treasury
# announced Thursday that it is sanctioning three people ... The Treasury designated A, B and C".
_FAMILIES = {"SANCTIONED": "sanctions", "DESIGNATED": "sanctions", "DELISTED": "delisting",
             "LIFTED_SANCTIONS": "delisting", "MET_WITH": "meeting", "CALLED_FOR": "demand"}
_LEAD_SENTENCES = 3
_FAMILY_CUES = {
    "en": {"sanctions": re.compile(r"\b(?:sanction\w*|designat\w*|blacklist\w*|asset freezes?)", re.IGNORECASE),
           "delisting": re.compile(r"\b(?:lift\w*|delist\w*|remov\w*|eas(?:ed|es|ing))\b", re.IGNORECASE),
           "meeting": re.compile(r"\b(?:met|meets?|meeting|talks)\b", re.IGNORECASE),
           "demand": re.compile(r"\b(?:call\w*|urg\w*|demand\w*|expel\w*)", re.IGNORECASE)},
    "ar": {"sanctions": _ar(r"عقوب|أدرج|ادرج|تصنيف|صنف"), "delisting": _ar(r"رفع|شطب|إزالة|ازالة|ألغ|الغ"),
           "meeting": _ar(r"التقى|التقت|اجتمع|مباحثات|محادثات|لقاء|استقبل"),
           "demand": _ar(r"دعا|دعت|طالب|أمرت|أمر |طرد")},
}


def _lead_dates(doc: Document, claims: list[Claim]) -> list[Claim]:
    """An undated claim of the kind of act that the article's lead dates (a dated claim of that kind, or a
    word for it, in its first sentences) takes the lead's date: wire copy dates the news once. Its
    date_text is then the lead's words."""
    _, sents = doc.by_start("sentences")
    body = [x for x in sents if x.text.strip()]
    if not body:
        return claims
    lead_end = body[min(len(body), _LEAD_SENTENCES) - 1].end
    dated: dict[str, tuple[str, str]] = {}
    for c in claims:
        fam = _FAMILIES.get(c.predicate)
        if fam and c.date and c.span and c.span[1] <= lead_end and fam not in dated:
            dated[fam] = (c.date, c.date_text)
    for fam, sent, at in doc.lead_cues:  # "announced Thursday that it is sanctioning three people"
        if fam not in dated:
            date, date_text = _pick_date(doc, sent, at)
            if date:
                dated[fam] = (date, date_text)
    if not dated:
        return claims
    out = []
    for c in claims:
        fam = _FAMILIES.get(c.predicate)
        if fam in dated and c.date is None and c.polarity == "asserted":  # the headline too
            date, text = dated[fam]
            c = c.model_copy(update={"date": date, "date_text": text})
        out.append(c)
    return out


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set = set()
    out = []
    for c in claims:
        key = (c.subject.key, c.predicate, c.object.key, tuple(sorted(c.qualifiers.items())), c.date, c.polarity,
               c.span)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
