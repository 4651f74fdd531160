"""Predicate rules are data (rules.yaml): trigger word forms per language, optional complements that set
qualifiers, and where the subject and object stand relative to the trigger. This module validates them
against the ontology and compiles their patterns once.

Arabic patterns are written as ordinary Arabic and normalised with the same function as the text they
run on (loaders.arabic.normalize), so hamza, alef and taa marbuta variants match alike. Every Arabic
trigger may carry the clitics و ف ب ل ك and the article ال in front.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from kb.errors import OntologyError
from kb.ontology import load_ontology

Lang = Literal["ar", "en"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Complement(_Strict):
    """A phrase that must follow the trigger (within `window` characters) for the rule to fire."""

    pattern: str
    qualifiers: dict[str, str] = {}
    object: Literal["after", "after_complement", "all_after", "all", "before"] | None = None  # overrides the rule's
    object_prep: str | None = None  # overrides the rule's: "the withdrawal of US forces from Iraq"


class Rule(_Strict):
    predicate: str
    lang: Lang
    triggers: list[str]
    complements: list[Complement] = []
    window: int = 90
    # where the subject stands: before the trigger (SVO, English), after it (Arabic verb-first
    # sentences, nominalisations such as "إزالة موسكو لـ..."), or auto: after when the trigger opens
    # its clause (Arabic), else before.
    # context: before the trigger, else the actor of the article's latest claim of this predicate
    # ("Those hit by the new sanctions are ...": the sanctioning state named earlier).
    subject: Literal["auto", "before", "after", "context"] = "auto"
    # where the object stands: the first range mention after the trigger (or after the complement),
    # every range mention after it (lists of resources), every one in the clause ("copper deposits"), or
    # the one before the trigger.
    # people_after: every person named after the trigger in the sentence (a list of the sanctioned with
    # their appositions: "include A, owner of X; industrialist B, and Rosneft CEO C").
    object: Literal["after", "after_complement", "all_after", "all", "before", "people_after"] = "after"
    # a word that must directly precede the object mention (e.g. "from", "ب", "مع", "على")
    object_prep: str | None = None
    qualifiers: dict[str, str] = {}
    # a location may be the object ("struck in Homs", "arrived in Moscow")
    object_locative: bool = False
    # "attended by envoys from China, India and Iran", "بمشاركة مبعوثين من ...": the actors after the
    # trigger are the subjects, the thing before it the object
    passive: bool = False
    # SEEKS and INTERESTED_IN express an aim themselves: "hopes to buy" is not a hedge there
    aims: bool = False
    # fire only in an article that already made a claim of this predicate ("The EU also targeted X" is
    # a sanction in a sanctions story, not in a war report)
    after: str | None = None
    # words that may not stand right before the trigger ("talks with members of the Lima Group" is no
    # membership of whoever held the talks)
    not_after: str | None = None
    # the object must be the first actor after the trigger: "recalled its ambassador to Ethiopia" names
    # the subject's own envoy first, so no one was summoned
    adjacent_object: bool = False
    # a story (its lead's subject) the rule does not fire in: "targeted" in a sanctions story is no attack
    not_in: Literal["sanctions"] | None = None
    confidence: float = 0.8


class _RuleFile(_Strict):
    version: int
    rules: list[Rule]


class CompiledRule:
    def __init__(self, rule: Rule, normalise) -> None:
        self.rule = rule
        self.trigger = _compile(rule.triggers, rule.lang, normalise, word=True)
        self.complements = [(_compile([c.pattern], rule.lang, normalise, word=True), c)
                             for c in rule.complements]
        self.complement_preps = {id(c): _compile([c.object_prep], rule.lang, normalise, word=False, suffix=True)
                                 for c in rule.complements if c.object_prep}
        self.object_prep = (_compile([rule.object_prep], rule.lang, normalise, word=False, suffix=True)
                            if rule.object_prep else None)
        self.not_after = (_compile([rule.not_after], rule.lang, normalise, word=False, suffix=True)
                          if rule.not_after else None)
        self.first_words = _first_words(rule.triggers, rule.lang, normalise)


# Pronouns attached to an Arabic trigger: a verb's object ("وقعتها"), a verbal noun's owner ("زيارته").
# _compile adds these forms and _first_words must know them, so both read them from here.
_AR_OBJECT_PRONOUNS = ("ها", "هما", "هم")
_AR_NOUN_PRONOUNS = ("ه", "ها", "هم", "هما")
_PLAIN = re.compile(r"^[^\W\d_]+(?:(?:\s|\\s\+?|\\s\*)+[^\W\d_]+)*$")


def _first_words(triggers: list[str], lang: str, normalise) -> frozenset[str] | None:
    """The words one of which a sentence must hold for the trigger to match, when every trigger form is
    plain words ("held talks with"); None when a form is a pattern. A sentence without any of them skips
    the rule's regular expression, the costliest step of extraction."""
    out = set()
    for t in triggers:
        form = normalise(t) if lang == "ar" else t.lower()
        if not _PLAIN.match(form):
            return None
        first = re.split(r"\s|\\s", form, maxsplit=1)[0]
        out.add(first)
        if lang == "ar":  # the forms _compile adds: an attached pronoun, on a verbal noun after its ت
            out.update(first + p for p in _AR_OBJECT_PRONOUNS)
            if t.endswith("ة") and first == form:
                out.update(normalise(t[:-1] + "ت" + p) for p in _AR_NOUN_PRONOUNS)
    return frozenset(out)


_AR_PREFIX = r"(?:(?<![\w])(?:[وف]?(?:س(?=[يتن])|[بلك]|ال|لل|بال|كال)?))"  # س: the future prefix


def _compile(patterns: list[str], lang: str, normalise, word: bool, suffix: bool = False) -> re.Pattern:
    forms = list(patterns)
    if lang == "ar" and word and not suffix:  # a verbal noun with a pronoun: زيارة -> زيارته، زيارتها
        forms += [p[:-1] + "ت(?:" + "|".join(_AR_NOUN_PRONOUNS) + ")" for p in patterns
                  if p.endswith("ة") and _PLAIN.match(p)]
    alts = "|".join(f"(?:{normalise(p) if lang == 'ar' else p})" for p in forms)
    if suffix:  # a preposition right before a mention: "from (the) ", "with ", "ب" (attached), "على "
        # English: "from the West African bloc ECOWAS": an article and a few modifiers may stand between
        article = (r"(?:\bthe\s+)?(?:(?!(?:with|to|for|of|in|on|at|by|and|or|from|against)\b)[\w-]+\s+){0,3}"
                   if lang == "en" else "")
        return re.compile(rf"(?:{alts})\s*{article}$", re.IGNORECASE)
    if lang == "ar":  # an attached object pronoun may follow: "مذكرة وقعتها إثيوبيا" (which Ethiopia signed)
        return re.compile(rf"{_AR_PREFIX}(?:{alts})(?:{'|'.join(_AR_OBJECT_PRONOUNS)})?(?![\w])")
    return re.compile(rf"\b(?:{alts})\b", re.IGNORECASE)


def _validate(rules: list[Rule]) -> None:
    onto = load_ontology()
    for r in rules:
        pred = onto.predicates.get(r.predicate)
        if pred is None:
            raise OntologyError(f"loaders/extract/rules.yaml: unknown predicate {r.predicate}")
        quals = dict(r.qualifiers)
        for c in r.complements:
            quals.update(c.qualifiers)
        for q, v in quals.items():
            spec = pred.qualifiers.get(q)
            if spec is None or (spec.values is not None and v not in spec.values):
                raise OntologyError(f"loaders/extract/rules.yaml: {r.predicate} cannot take {q}={v!r}")


@lru_cache(maxsize=1)
def compiled_rules() -> dict[str, list[CompiledRule]]:
    """Rules by language, compiled."""
    from loaders.arabic import normalize

    def normalise(pattern: str) -> str:
        return normalize(pattern).text

    raw = yaml.safe_load((files("loaders.extract") / "rules.yaml").read_text(encoding="utf-8"))
    try:
        doc = _RuleFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise OntologyError(f"loaders/extract/rules.yaml: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    _validate(doc.rules)
    out: dict[str, list[CompiledRule]] = {"ar": [], "en": []}
    for r in doc.rules:
        out[r.lang].append(CompiledRule(r, normalise))
    return out
