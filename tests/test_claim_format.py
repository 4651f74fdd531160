"""The claim interchange format: the committed JSON Schema, JSON round trips, partial ISO dates."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO
from kb.claims import Claim, json_schema_text
from kb.dates import parse_partial

SCHEMA_FILE = REPO / "kb" / "claim.schema.json"


def test_committed_schema_is_current():
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == json_schema_text(), "kb/claim.schema.json is stale: python -m kb.claims > kb/claim.schema.json"


# --- round trip -----------------------------------------------------------------------------------

_chars = st.characters(blacklist_categories=("Cs",))  # lone surrogates are not text
_text = st.text(_chars, min_size=1, max_size=30)
_word = _text.filter(lambda s: s.strip() != "")
_opt = st.none() | _word


def _partial(d: date, n: int) -> str:
    return d.isoformat()[:n]


_dates = st.builds(_partial, st.dates(min_value=date(1, 1, 1)), st.sampled_from([4, 7, 10]))

_sources = st.fixed_dictionaries(
    {"title": _word},
    optional={"url": _opt, "outlet": _opt, "published": st.none() | _dates, "language": _opt, "text": _opt},
)
_entities = st.fixed_dictionaries(
    {"name": _word, "kind": st.sampled_from(["State", "Person", "Organization", "Event"])},
    optional={"key": _opt, "names": st.lists(_text, max_size=4), "iso": _opt, "wikidata": _opt},
)


@st.composite
def claims(draw: st.DrawFn) -> dict:
    data = {
        "source": draw(_sources),
        "subject": draw(_entities),
        "predicate": draw(st.sampled_from(["MET_WITH", "DELISTED", "CALLED_FOR"])),
        "object": draw(_entities),
        "quote": draw(_word),
    }
    optional = {
        "qualifiers": st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), _text, max_size=3),
        "date": st.none() | _dates,
        "date_text": st.none() | _text,
        "polarity": st.sampled_from(["asserted", "negated", "hedged"]),
        "span": st.none() | st.tuples(st.integers(0, 10_000), st.integers(1, 10_000)).filter(lambda s: s[0] < s[1]),
        "confidence": st.floats(0.0, 1.0),
        "extractor": _word,
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            data[name] = draw(strategy)
    return data


@settings(max_examples=200, deadline=None)
@given(claims())
def test_claim_json_round_trip(data):
    claim = Claim.model_validate(data)
    line = json.dumps(claim.model_dump(mode="json"), ensure_ascii=False)
    again = Claim.model_validate(json.loads(line))
    assert again == claim
    assert Claim.model_validate_json(claim.model_dump_json()) == claim


@settings(max_examples=100, deadline=None)
@given(claims())
def test_valid_claims_satisfy_the_committed_schema(data):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(Claim.model_validate(data).model_dump(mode="json"))


def test_schema_rejects_what_the_model_rejects():
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    good = {"source": {"url": "https://example.org/a"}, "subject": {"name": "Russia", "kind": "State"},
            "predicate": "DELISTED", "object": {"name": "Taliban", "kind": "Organization"}, "quote": "q"}
    assert validator.is_valid(good)
    assert not validator.is_valid(good | {"unknown": 1})  # extra="forbid"
    assert not validator.is_valid(good | {"polarity": "maybe"})
    assert not validator.is_valid(good | {"confidence": 1.5})
    assert not validator.is_valid({k: v for k, v in good.items() if k != "quote"})


# --- partial ISO dates ----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2021", ("2021-01-01", "2021-12-31", "year")),
    ("0001", ("0001-01-01", "0001-12-31", "year")),
    ("2021-08", ("2021-08-01", "2021-08-31", "month")),
    ("2021-04", ("2021-04-01", "2021-04-30", "month")),
    ("2024-02", ("2024-02-01", "2024-02-29", "month")),  # leap year
    ("2023-02", ("2023-02-01", "2023-02-28", "month")),
    ("2000-02", ("2000-02-01", "2000-02-29", "month")),  # divisible by 400: leap
    ("1900-02", ("1900-02-01", "1900-02-28", "month")),  # divisible by 100: not leap
    ("2021-08-15", ("2021-08-15", "2021-08-15", "day")),
    ("2024-02-29", ("2024-02-29", "2024-02-29", "day")),
    ("2024-12-31", ("2024-12-31", "2024-12-31", "day")),
])
def test_parse_partial(value, expected):
    assert parse_partial(value) == expected


@pytest.mark.parametrize("value", [
    "2024-13-45", "2024-13", "2024-00", "2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-01-00",
    "0000", "24", "202", "20245", "2024-1", "2024-1-5", "2024-01-5", "2024/01/05", " 2024", "2024 ",
    "2024-10-07T00:00", "", "abcd",
    # non-ASCII digits would store a date that sorts and keys differently from its ASCII twin
    "٢٠٢٤", "２０２４", "2024-١٠", "2024\n", "2024-10-07\n",
])
def test_parse_partial_rejects(value):
    with pytest.raises(ValueError):
        parse_partial(value)


@pytest.mark.parametrize("given_date, stored", [
    ("2021", "2021"), (2021, "2021"), ("2021-08", "2021-08"), (date(2021, 8, 15), "2021-08-15"),
    ("2021-08-15", "2021-08-15"),
])
def test_claim_dates_are_never_padded(given_date, stored):
    claim = Claim.model_validate({"source": {"title": "t"}, "subject": {"name": "a", "kind": "State"},
                                  "predicate": "MET_WITH", "object": {"name": "b", "kind": "State"},
                                  "quote": "q", "date": given_date})
    assert claim.date == stored
    assert parse_partial(claim.date)[2] == {4: "year", 7: "month", 10: "day"}[len(stored)]


@given(st.dates(min_value=date(1, 1, 1)), st.sampled_from([4, 7, 10]))
def test_partial_date_covers_the_day_it_was_cut_from(day, n):
    value = day.isoformat()[:n]
    start, end, precision = parse_partial(value)
    assert precision == {4: "year", 7: "month", 10: "day"}[n]
    assert start <= day.isoformat() <= end
    assert start.startswith(value) and end.startswith(value)
    assert date.fromisoformat(start) <= date.fromisoformat(end)
