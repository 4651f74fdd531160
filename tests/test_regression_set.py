"""The regression set itself (tests/regression/*.yaml) is well formed and covers the ontology.

These tests check the cases, not the extractor (tests/test_regression_extraction.py scores that):
the format, the ontology (predicates, qualifiers, enum values, domain and range through the kinds in
tests/regression/meta/entities.yaml), canonical names, dates, polarity cues, script versus language,
coverage per predicate and language, and that no text was lifted from the seed article.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kb.dates import check_day, parse_partial
from kb.entities import fold, state_names
from kb.ontology import load_ontology

from conftest import SEED_ARTICLE

REGRESSION = Path(__file__).resolve().parent / "regression"
ENTITIES = REGRESSION / "meta" / "entities.yaml"
ONTOLOGY = load_ontology()
LANGUAGES = ("ar", "en")
POLARITIES = {"asserted", "negated", "hedged"}
CASE_KEYS = {"id", "language", "published", "text", "claims"}
CLAIM_KEYS = {"s", "p", "o", "date", "polarity"}
ID = re.compile(r"^(?P<family>[a-z]+)-(?P<lang>ar|en)-(?P<n>[0-9]{3})$")
FILE = re.compile(r"^[a-z-]+-(?P<lang>ar|en)\.yaml$")
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")

MIN_CASES = 240
MIN_EMPTY = 25
MIN_PER_PREDICATE_LANGUAGE = 4

# Polarity cues: a negated or hedged claim must rest on a word that says so. Matched on whole words
# (English lower-cased; Arabic without a leading conjunction و/ف), so "not" does not match "note" nor
# "لم" the end of "العالم".
NEGATION_CUES = {
    "en": {"not", "never", "no", "denied", "deny", "denies", "doesn't", "didn't", "hasn't"},
    "ar": {"لم", "لن", "لا", "ليس", "ليست", "نفى", "نفت", "تنفي", "ينفي"},
}
HEDGE_CUES = {
    "en": {"may", "could", "would", "will", "expected", "plans", "intends", "ready", "considering",
           "applied", "bid", "candidacy", "hopes", "if", "once"},
    "ar": {"قد", "المتوقع", "تعتزم", "يعتزم", "مستعد", "مستعدة", "تدرس", "بطلب", "مساعي", "تأمل", "يأمل",
           "إذا", "ستستضيف", "سوف", "تعرقل"},
}
WORD = re.compile(r"[\w']+")


def words(text: str, language: str) -> set[str]:
    tokens = WORD.findall(text.lower())
    if language == "ar":
        tokens += [t[1:] for t in tokens if t[:1] in ("و", "ف") and len(t) > 2]
    return set(tokens)


# Full-day dates must be justified by the text: a weekday, a day number, or a day offset.
WEEKDAYS = {
    0: ("monday", "الاثنين"), 1: ("tuesday", "الثلاثاء"), 2: ("wednesday", "الأربعاء"),
    3: ("thursday", "الخميس"), 4: ("friday", "الجمعة"), 5: ("saturday", "السبت"), 6: ("sunday", "الأحد"),
}
DAY_OFFSETS = {"yesterday": 1, "أمس": 1, "two days ago": 2, "قبل يومين": 2}


def load_files() -> dict[str, list]:
    files = {}
    for path in sorted(REGRESSION.glob("*.yaml")):
        files[path.name] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return files


FILES = load_files()
CASES = [dict(case, _file=name) for name, cases in FILES.items() for case in (cases or [])
         if isinstance(case, dict)]


def load_kinds() -> tuple[dict[str, str], set[str]]:
    doc = yaml.safe_load(ENTITIES.read_text(encoding="utf-8"))
    invented = set(doc.pop("invented", []) or [])
    kinds: dict[str, str] = {}
    for kind, names in doc.items():
        assert kind in ONTOLOGY.kinds, f"{ENTITIES.name}: unknown kind {kind}"
        for name in names:
            assert name not in kinds, f"{ENTITIES.name}: {name} listed twice"
            kinds[name] = kind
    return kinds, invented


def kind_of(name: str, kinds: dict[str, str]) -> str | None:
    states = state_names()
    if fold(name) in states.by_name:
        return "State"
    return kinds.get(name)


def asserted(claim: dict) -> bool:
    return claim.get("polarity", "asserted") == "asserted"


def claims_of(case: dict) -> list[dict]:
    return case.get("claims") or []


# --- format ---------------------------------------------------------------------------------

def test_files_exist_and_parse_as_case_lists():
    assert FILES, f"no case files under {REGRESSION}"
    for name, cases in FILES.items():
        assert FILE.match(name), f"{name}: case files are named <family>-<ar|en>.yaml"
        assert isinstance(cases, list) and cases, f"{name}: must be a non-empty YAML list of cases"
        for i, case in enumerate(cases):
            assert isinstance(case, dict), f"{name}[{i}]: a case is a mapping"


def test_case_fields():
    for case in CASES:
        where = f"{case['_file']}:{case.get('id')}"
        keys = set(case) - {"_file"}
        assert keys <= CASE_KEYS, f"{where}: unknown keys {sorted(keys - CASE_KEYS)}"
        assert {"id", "language", "text", "claims"} <= keys, f"{where}: id, language, text, claims required"
        assert isinstance(case["text"], str) and case["text"].strip(), f"{where}: empty text"
        assert isinstance(case["claims"], list), f"{where}: claims must be a list ([] for none)"
        if "published" in case:
            # Strings, not YAML dates, so every reader sees the same value.
            assert isinstance(case["published"], str), f"{where}: quote published"
            check_day(case["published"])


def test_ids_unique_and_match_file_and_language():
    seen = Counter(case.get("id") for case in CASES)
    dupes = [i for i, n in seen.items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    for case in CASES:
        m = ID.match(str(case["id"]))
        assert m, f"{case['id']}: ids look like family-en-001"
        assert m["lang"] == case["language"], f"{case['id']}: id says {m['lang']}, language {case['language']}"
        file_lang = FILE.match(case["_file"])["lang"]
        assert file_lang == case["language"], f"{case['id']}: in {case['_file']} but language {case['language']}"


def test_language_matches_script():
    for case in CASES:
        text = case["text"]
        letters = [ch for ch in text if unicodedata.category(ch).startswith("L")]
        arabic = sum(1 for ch in letters if ARABIC.match(ch))
        assert case["language"] in LANGUAGES, f"{case['id']}: language must be ar or en"
        if case["language"] == "ar":
            assert arabic / len(letters) > 0.8, f"{case['id']}: marked ar but mostly not Arabic script"
        else:
            assert arabic == 0, f"{case['id']}: marked en but contains Arabic script"


# --- claims against the ontology ------------------------------------------------------------

def test_claims_use_ontology_predicates_qualifiers_and_values():
    for case in CASES:
        for claim in claims_of(case):
            where = f"{case['id']}: {claim}"
            assert isinstance(claim, dict), where
            assert {"s", "p", "o", "date"} <= set(claim), f"{where}: s, p, o and date (null if none) required"
            pred = ONTOLOGY.predicates.get(claim["p"])
            assert pred is not None, f"{where}: {claim['p']} is not an ontology predicate"
            for key, value in claim.items():
                if key in CLAIM_KEYS:
                    continue
                spec = pred.qualifiers.get(key)
                assert spec is not None, f"{where}: {key} is not a qualifier of {pred.name}"
                assert isinstance(value, str) and value.strip(), f"{where}: qualifier {key} must be a string"
                if spec.values is not None:
                    assert value in spec.values, f"{where}: {key}={value!r} not in {spec.values}"
            assert claim.get("polarity", "asserted") in POLARITIES, f"{where}: bad polarity"


def test_dates_are_partial_iso_or_null_and_not_after_publication():
    for case in CASES:
        for claim in claims_of(case):
            date = claim["date"]
            if date is None:
                continue
            assert isinstance(date, str), f"{case['id']}: quote date {date!r} (YAML would read a date or int)"
            date_from, _, _ = parse_partial(date)
            # An asserted act has happened by publication; hedged and planned ones may lie ahead.
            if asserted(claim) and claim.get("planned") != "true" and case.get("published"):
                assert date_from <= case["published"], f"{case['id']}: {claim} dated after publication"


def test_full_day_dates_are_justified_by_the_text():
    for case in CASES:
        text = case["text"].lower()
        for claim in claims_of(case):
            date = claim["date"]
            if date is None or len(date) != 10:
                continue
            day = dt.date.fromisoformat(date)
            if str(day.day) in re.findall(r"\b[0-9]{1,2}\b", text):
                continue  # "on 12 September", "في 12 سبتمبر"
            published = case.get("published")
            assert published, f"{case['id']}: relative day {date} without a publication date"
            delta = (dt.date.fromisoformat(published) - day).days
            offsets = [n for cue, n in DAY_OFFSETS.items() if cue in text]
            named = [w for w in WEEKDAYS[day.weekday()] if w in text]
            assert delta in offsets or (named and -7 < delta < 7), (
                f"{case['id']}: {date} is a {day.strftime('%A')}, {delta} days before {published}; "
                f"the text names neither that weekday nor that offset")


def test_polarity_has_a_cue_in_the_text():
    for case in CASES:
        found = words(case["text"], case["language"])
        for claim in claims_of(case):
            polarity = claim.get("polarity", "asserted")
            cues = {"negated": NEGATION_CUES, "hedged": HEDGE_CUES}.get(polarity)
            if cues:
                assert found & cues[case["language"]], (
                    f"{case['id']}: {polarity} claim {claim} but no {polarity} cue in the text")


def test_names_are_canonical_and_kinds_fit_domain_and_range():
    kinds, invented = load_kinds()
    states = state_names()
    for case in CASES:
        for claim in claims_of(case):
            pred = ONTOLOGY.predicates[claim["p"]]
            assert claim["s"] != claim["o"], f"{case['id']}: {claim} relates a name to itself"
            for side, allowed in (("s", pred.domain), ("o", pred.range)):
                name = claim[side]
                assert isinstance(name, str) and name == name.strip() and name, f"{case['id']}: bad name {name!r}"
                code = states.by_name.get(fold(name))
                if code is not None:
                    assert name == states.english[code], (
                        f"{case['id']}: state {name!r} must be written {states.english[code]!r}")
                kind = kind_of(name, kinds)
                assert kind is not None, f"{case['id']}: {name!r} is no state and not in {ENTITIES.name}"
                assert kind in allowed, f"{case['id']}: {name} ({kind}) cannot be {side} of {pred.name}"
                if kind == "Resource":
                    assert name == name.lower(), f"{case['id']}: resource {name!r} must be lower-case"
                if ARABIC.search(name):
                    # Only people nobody spells in English keep the name as written.
                    assert kind == "Person" and name in invented, f"{case['id']}: {name!r} needs its English name"


def test_entity_list_has_no_stale_names():
    kinds, invented = load_kinds()
    used = {claim[side] for case in CASES for claim in claims_of(case) for side in ("s", "o")}
    used |= {claim["commodity"] for case in CASES for claim in claims_of(case) if "commodity" in claim}
    assert not sorted(set(kinds) - used), f"{ENTITIES.name} lists unused names"
    assert invented <= set(kinds), "every invented name needs a kind"


def test_no_duplicate_claims_within_a_case():
    for case in CASES:
        seen = set()
        for claim in claims_of(case):
            pred = ONTOLOGY.predicates[claim["p"]]
            ends = (claim["s"], claim["o"])
            if pred.symmetric:
                ends = tuple(sorted(ends))
            rest = tuple(sorted((k, str(v)) for k, v in claim.items() if k not in ("s", "o")))
            key = (ends, rest)
            assert key not in seen, f"{case['id']}: duplicate claim {claim}"
            seen.add(key)


def test_no_text_is_lifted_from_the_seed_article():
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article not found at {SEED_ARTICLE}")
    seed = " ".join(SEED_ARTICLE.read_text(encoding="utf-8").split())
    window = 40  # longer than any title + name phrase, shorter than a copied clause
    for case in CASES:
        text = " ".join(case["text"].split())
        for i in range(len(text) - window + 1):
            assert text[i:i + window] not in seed, f"{case['id']}: copies seed text {text[i:i + window]!r}"


# --- coverage -------------------------------------------------------------------------------

def coverage() -> dict[tuple[str, str, str], int]:
    counts: Counter = Counter()
    for case in CASES:
        for claim in claims_of(case):
            counts[(claim["p"], case["language"], claim.get("polarity", "asserted"))] += 1
    return counts


def test_size_balance_and_empty_cases():
    assert len(CASES) >= MIN_CASES, f"{len(CASES)} cases, need {MIN_CASES}"
    empty = [c for c in CASES if not claims_of(c)]
    assert len(empty) >= MIN_EMPTY, f"{len(empty)} cases without claims, need {MIN_EMPTY}"
    per_language = Counter(c["language"] for c in CASES)
    for lang in LANGUAGES:
        share = per_language[lang] / len(CASES)
        assert 0.4 <= share <= 0.6, f"{lang} is {share:.0%} of the cases; keep the languages about even"
        assert sum(1 for c in empty if c["language"] == lang) >= MIN_EMPTY // 2, f"too few empty {lang} cases"


def test_every_predicate_covered_in_both_languages():
    counts = coverage()
    missing = [f"{p}/{lang}: {counts[(p, lang, 'asserted')]}" for p in ONTOLOGY.predicates for lang in LANGUAGES
               if counts[(p, lang, "asserted")] < MIN_PER_PREDICATE_LANGUAGE]
    assert not missing, f"predicates with fewer than {MIN_PER_PREDICATE_LANGUAGE} asserted claims: {missing}"


def test_negation_hedging_and_undated_claims_in_both_languages():
    counts = coverage()
    for lang in LANGUAGES:
        for polarity in ("negated", "hedged"):
            n = sum(v for (p, lg, pol), v in counts.items() if lg == lang and pol == polarity)
            assert n >= 20, f"only {n} {polarity} claims in {lang}"
        undated = sum(1 for c in CASES if c["language"] == lang for cl in claims_of(c) if cl["date"] is None)
        assert undated >= 20, f"only {undated} undated claims in {lang}"
        unpublished = [c for c in CASES if c["language"] == lang and "published" not in c and claims_of(c)]
        assert len(unpublished) >= 10, f"only {len(unpublished)} {lang} cases without a publication date"


def test_summary_per_predicate_and_language(capsys):
    counts = coverage()
    header = f"{'predicate':18s} " + " ".join(f"{lang}:{pol[:3]:>3s}" for lang in LANGUAGES
                                               for pol in ("asserted", "negated", "hedged"))
    rows = [header]
    for p in ONTOLOGY.predicates:
        rows.append(f"{p:18s} " + " ".join(f"{counts[(p, lang, pol)]:>6d}" for lang in LANGUAGES
                                           for pol in ("asserted", "negated", "hedged")))
    per_language = Counter(c["language"] for c in CASES)
    empty = Counter(c["language"] for c in CASES if not claims_of(c))
    rows.append(f"cases: {len(CASES)} (" + ", ".join(f"{lang} {per_language[lang]}, {empty[lang]} empty"
                                                      for lang in LANGUAGES) + ")")
    with capsys.disabled():
        print("\n" + "\n".join(rows))
    assert len(rows) == len(ONTOLOGY.predicates) + 2
