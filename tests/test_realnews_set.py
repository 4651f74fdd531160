"""The real-news development set (tests/realnews) is well formed, and its questions are answerable.

The article texts are not committed, so extraction is not scored here (`python -m bench.realnews`
does that where the texts are); these tests check what is committed: the gold files (format, ontology,
dates, the two halves), the analysts' questions (canned query, parameters, answer column, answers the
gold gives) and the scoring of answers against gold.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bench.realnews import SET, answers, expected, gold_claims, norm
from kb.dates import parse_partial
from kb.ontology import load_ontology
from kb.queries import bind, catalog

ONTOLOGY = load_ontology()
GOLD = sorted(SET.glob("*/*.gold.yaml"))
QUESTIONS = yaml.safe_load((SET / "questions.yaml").read_text(encoding="utf-8"))
NAME = re.compile(r"^(?P<lang>ar|en)-[a-z]-\d\d-[a-z0-9-]+\.gold\.yaml$")


def _doc(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def test_size_languages_and_halves():
    by = Counter((p.parent.name, _doc(p)["language"]) for p in GOLD)
    assert by["dev", "ar"] + by["heldout", "ar"] >= 20 and by["dev", "en"] + by["heldout", "en"] >= 20
    assert by["heldout", "ar"] >= 5 and by["heldout", "en"] >= 5  # a quarter held back, both languages
    assert {p.parent.name for p in GOLD} == {"dev", "heldout"}


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_gold_file(path: Path):
    doc = _doc(path)
    assert set(doc) <= {"source", "url", "title", "outlet", "published", "language", "topic", "claims", "also_ok"}
    match = NAME.match(path.name)
    assert match and match["lang"] == doc["language"], "the file name starts with the article's language"
    assert doc["source"] == path.name.removesuffix(".gold.yaml") + ".txt"
    assert doc["url"].startswith(("http://", "https://")) and doc["outlet"]
    published = _iso(doc["published"])
    parse_partial(published)
    assert doc["claims"], "an article without a gold claim measures nothing"
    for claim in doc["claims"] + (doc.get("also_ok") or []):
        preds = [claim["p"], *(claim.get("p_alt") or [])]
        assert all(p in ONTOLOGY.predicates for p in preds), claim
        assert claim["s"] and claim["o"], claim
        assert claim.get("polarity", "asserted") in ("asserted", "negated", "hedged"), claim
        if claim["p"] == "HOLDS_OFFICE":
            assert claim.get("role"), claim
        if claim["p"] == "CALLED_FOR":
            assert claim.get("demand") in ONTOLOGY.predicates["CALLED_FOR"].qualifiers["demand"].values, claim
        if claim.get("date") is not None:
            date_from, _, _ = parse_partial(_iso(claim["date"]))
            if claim.get("polarity", "asserted") == "asserted" and not claim.get("planned"):
                assert date_from <= published, f"{claim} is dated after publication"


def test_no_article_in_both_halves_and_no_url_twice():
    urls = Counter(_doc(p)["url"] for p in GOLD)
    assert max(urls.values()) == 1
    names = Counter(p.name for p in GOLD)
    assert max(names.values()) == 1


@pytest.mark.parametrize("q", QUESTIONS, ids=[q["question"] for q in QUESTIONS])
def test_question_is_a_canned_query_with_an_answer_column(q: dict):
    query = catalog()[q["query"]]
    bind(query, q.get("params") or {})  # the parameters type-check
    assert re.search(rf"\bAS {re.escape(q['column'])}\b|\b{re.escape(q['column'])},", query.cypher)
    for column in q.get("filter") or {}:
        assert re.search(rf"\bAS {re.escape(column)}\b|\b{re.escape(column)}[,\n]", query.cypher)
    # the gold gives it answers on the dev half (what the development scores)
    assert expected(q["gold"], gold_claims(("dev",))), q["question"]


def test_enough_questions():
    assert len(QUESTIONS) >= 12


GOLD_SAMPLE = [
    {"s": "United States Department of the Treasury", "s_alt": ["United States"], "p": "SANCTIONED",
     "o": "Sepehr Energy"},
    {"s": "European Union", "p": "SANCTIONED", "o": "Iran"},
    {"s": "Mike Pence", "p": "MET_WITH", "o": "Juan Guaidó", "o_alt": ["Juan Guaido"]},
    {"s": "Iran", "p": "SANCTIONED", "p_alt": ["DESIGNATED"], "o": "The Example Bank"},
]


def test_expected_answers_come_from_gold_with_their_alternatives():
    assert expected({"p": "SANCTIONED", "s": "United States"}, GOLD_SAMPLE) == {frozenset({"sepehr energy"})}
    assert expected({"p": "SANCTIONED", "o": "Iran"}, GOLD_SAMPLE) == {frozenset({"european union"})}
    assert expected({"p": "DESIGNATED", "s": "Iran"}, GOLD_SAMPLE) == {frozenset({"example bank"})}
    # symmetric: either end of a meeting
    assert expected({"p": "MET_WITH", "s": "Juan Guaido", "symmetric": True}, GOLD_SAMPLE) == \
        {frozenset({"mike pence"})}
    assert expected({"p": "MET_WITH", "s": "Juan Guaido"}, GOLD_SAMPLE) == set()


def test_answers_read_the_column_filter_and_lists():
    rows = [{"actor": "United States", "action": "SANCTIONED"}, {"actor": "Qatar", "action": "LIFTED_SANCTIONS"},
            {"actor": None, "action": "SANCTIONED"}]
    assert answers(rows, {"column": "actor", "filter": {"action": "SANCTIONED"}}) == {"united states"}
    rows = [{"predicate": "SANCTIONED", "direction": "out", "counterparts": ["Iran", "The Example Bank"]}]
    assert answers(rows, {"column": "counterparts", "filter": {"predicate": "SANCTIONED"}}) == \
        {"iran", "example bank"}
    assert norm("  The  Lima Group ") == "lima group"
