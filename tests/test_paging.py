"""Paged canned queries: pages of any size put together are the whole answer, in one stable order, on each
store; the footer says what remains; bad pages and page sizes are one-line errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from conftest import run_kb
from kb.errors import QueryError
from kb.loading import load_paths
from kb.output import page_footer
from kb.queries import MAX_PAGE_SIZE, catalog, parse_query_file, run_query, run_query_all

PAGED = sorted(name for name, q in catalog().items() if q.page_size is not None)

# Who, whom and how each query is asked, over the corpus below.
ASKED = {
    "calls-to-lift": {"target": "Arcadia"},
    "contradictions": {},
    "delisted-by": {"actor": "Borealia"},
    "designations": {"actor": "Borealia"},
    "meetings": {"from": "2020-01-01", "to": "2024-12-31", "actor": "Borealia"},
    "offices": {"actor": "Borealia"},
    "provenance": {"a": "Borealia", "b": "Arcadia"},
    "relations-between": {"a": "Borealia", "b": "Arcadia"},
    "resource-interests": {"actor": "Borealia"},
    "sanctions-on": {"target": "Arcadia"},
    "single-source": {"predicate": "delisted"},
    "source-claims": {"source": "https://example.org/paging"},
}


def _corpus(tmp_path: Path) -> Path:
    """One source, many claims of Borealia (with an organ) about Arcadia: more rows than a small page holds,
    several on the same day, so the order's last key (a fact's or claim's) decides between them."""
    sentences, claims = [], []

    def claim(subject: dict, predicate: str, obj: dict, date: str | None, **qualifiers) -> None:
        quote = f"Report {len(sentences)}: {subject['name']} {predicate.lower()} {obj['name']}."
        sentences.append(quote)
        polarity = qualifiers.pop("polarity", "asserted")
        claims.append({"subject": subject, "predicate": predicate, "object": obj, "quote": quote,
                       "polarity": polarity, "qualifiers": qualifiers, **({"date": date} if date else {})})

    borealia = {"name": "Borealia", "kind": "State", "key": "state:borealia"}
    ministry = {"name": "Ministry of Foreign Affairs of Borealia", "kind": "Organization",
                "key": "org:borealia-mfa", "part_of": borealia}
    arcadia = {"name": "Arcadia", "kind": "State", "key": "state:arcadia"}
    wheat = {"name": "wheat", "kind": "Resource", "key": "resource:wheat"}
    for i in range(9):
        day = f"2024-0{1 + i % 3}-1{i % 2}"
        actor = ministry if i % 4 == 0 else borealia
        claim(actor, "DELISTED", arcadia, day, list=f"list {i}")
        claim(actor, "DESIGNATED", arcadia, None if i == 8 else day, list=f"list {i}")
        claim(actor, "SANCTIONED", arcadia, day, measure=f"measure {i}")
        claim(actor, "CALLED_FOR", arcadia, day, demand="lift_sanctions" if i % 2 else "unfreeze_assets")
        claim(actor, "MET_WITH", arcadia, day)
        claim(actor, "INTERESTED_IN", wheat, day, location=f"field {i}")
        claim({"name": f"Envoy {i}", "kind": "Person", "key": f"person:envoy-{i}"}, "HOLDS_OFFICE", actor, day,
              role="ambassador")
    claim(arcadia, "WARNED", borealia, "2024-02-10", polarity="negated")
    text = " ".join(sentences)
    for c in claims:
        c["source"] = {"url": "https://example.org/paging", "text": text, "published": "2024-06-01"}
    path = tmp_path / "paging.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in claims) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def loaded(backend, tmp_path):
    load_paths(backend, [_corpus(tmp_path)])
    return backend


def test_every_paged_query_is_asked_here() -> None:
    assert PAGED == sorted(ASKED)
    assert "recent" not in PAGED and "actor-profile" not in PAGED  # recent keeps its limit


@pytest.mark.parametrize("name", PAGED)
def test_pages_put_together_are_the_whole_answer(loaded, name: str) -> None:
    whole = run_query_all(loaded, name, ASKED[name])
    assert len(whole.rows) > 7, f"{name}: the corpus must give more rows than a page of 7"
    assert whole.rows == run_query(loaded, name, ASKED[name], page_size=MAX_PAGE_SIZE).rows
    pages, page = [], 1
    while True:
        result = run_query(loaded, name, ASKED[name], page=page, page_size=7)
        assert result.columns == whole.columns
        assert (result.total, result.offset) == (len(whole.rows), 7 * (page - 1))
        assert result.remaining == len(whole.rows) - 7 * (page - 1) - len(result.rows)
        pages.extend(result.rows)
        if not result.remaining:
            break
        assert len(result.rows) == 7
        page += 1
    assert pages == whole.rows  # no row twice, none lost: the order is total
    past = run_query(loaded, name, ASKED[name], page=page + 1, page_size=7)
    assert (past.rows, past.total, past.remaining) == ([], len(whole.rows), 0)


CURSORED = sorted(name for name, q in catalog().items() if q.cursor)


def test_the_queries_that_take_a_cursor() -> None:
    assert CURSORED == ["designations", "provenance"]


@pytest.mark.parametrize("name", CURSORED)
@pytest.mark.parametrize("size", [1, 2, 7])
def test_pages_read_with_cursors_are_the_pages_read_by_offset(loaded, name: str, size: int) -> None:
    # Page sizes that cut runs of claims with the same head (day, or undated predicate) in every place.
    whole = run_query_all(loaded, name, ASKED[name]).rows
    pages, cursor, page = [], None, 1
    while True:
        result = run_query(loaded, name, ASKED[name], page=page, page_size=size, cursor=cursor)
        assert result.rows == run_query(loaded, name, ASKED[name], page=page, page_size=size).rows
        assert (result.total, result.offset) == (len(whole), size * (page - 1))
        pages.extend(result.rows)
        if not result.remaining:
            assert result.cursor is None
            break
        cursor = result.cursor
        assert cursor is not None and cursor.page == page + 1
        page += 1
    assert pages == whole


def test_a_cursor_is_used_only_for_the_page_it_opens(loaded) -> None:
    asked = ASKED["provenance"]
    first = run_query(loaded, "provenance", asked, page_size=5)
    second = run_query(loaded, "provenance", asked, page=2, page_size=5, cursor=first.cursor)
    third = run_query(loaded, "provenance", asked, page=3, page_size=5, cursor=second.cursor)
    # The cursor is what the page is found by: the second page asked after the third page's last row gives
    # none of the rows up to it.
    whole = run_query_all(loaded, "provenance", asked).rows
    moved = dataclasses.replace(first.cursor, after=third.cursor.after)
    got = run_query(loaded, "provenance", asked, page=2, page_size=5, cursor=moved).rows
    assert got != second.rows and all(row in whole[15:] for row in got)
    # A cursor of another page, page size or question is not used.
    for page, size, other in ((3, 5, asked), (2, 6, asked), (2, 5, {**asked, "retracted": True})):
        expected = run_query(loaded, "provenance", other, page=page, page_size=size).rows
        assert run_query(loaded, "provenance", other, page=page, page_size=size, cursor=first.cursor).rows == expected
    assert second.rows != third.rows


def test_the_default_page_is_the_query_s_own_size(loaded) -> None:
    result = run_query(loaded, "designations", {})
    assert (result.offset, result.total) == (0, len(result.rows)) and catalog()["designations"].page_size == 100


def test_an_empty_answer_is_one_empty_page(loaded) -> None:
    result = run_query(loaded, "delisted-by", {"actor": "Arcadia"})
    assert (result.rows, result.total, result.remaining) == ([], 0, 0)


@pytest.mark.parametrize("page, size, message", [
    (0, None, "pages count from 1"),
    (1, 0, "want 1 to"),
    (1, MAX_PAGE_SIZE + 1, "want 1 to"),
])
def test_bad_pages_are_errors(page: int, size: int | None, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(None, "provenance", {"a": "x", "b": "y"}, page=page, page_size=size)  # fails before the store


def test_a_query_that_is_not_paged_refuses_a_page() -> None:
    with pytest.raises(QueryError, match="actor-profile is not paged"):
        run_query(None, "actor-profile", {"actor": "x"}, page=2)


@pytest.mark.parametrize("text, message", [
    ("// name: q\n// title: t\n// description: d\n// page: 100\nMATCH (n) RETURN n, count(*) AS total",
     "must use \\$offset and \\$page_size"),
    ("// name: q\n// title: t\n// description: d\n// page: lots\nRETURN $offset, $page_size", "one `// page: N`"),
    ("// name: q\n// title: t\n// description: d\n// param: offset int optional | o\nRETURN $offset",
     "kb's own"),
    ("// name: q\n// title: t\n// description: d\n// param: after string optional | a\nRETURN $after",
     "kb's own"),
    ("// name: q\n// title: t\n// description: d\n// page: 10\nRETURN $offset, $page_size, $after, $until",
     "uses \\$after, \\$until, \\$total"),
    ("// name: q\n// title: t\n// description: d\nRETURN $after, $until, $total", "is paged"),
])
def test_page_headers_are_checked(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query_file("q", text)


@pytest.mark.parametrize("total, offset, rows, page, footer", [
    (5497, 0, 100, 1, "rows 1-100 of 5,497; 5,397 more: --page 2"),
    (250, 200, 50, 3, "rows 201-250 of 250; the last page"),
    (80, 0, 80, 1, None),
    (80, 100, 0, 2, "page 2 is past the end: 80 row(s) in all"),
])
def test_footer(total: int, offset: int, rows: int, page: int, footer: str | None) -> None:
    from kb.stores.base import Result

    assert page_footer(Result(["a"], [[i] for i in range(rows)], total=total, offset=offset), page) == footer


def test_kb_query_pages_and_says_what_remains(store, tmp_path) -> None:
    load_paths(store, [_corpus(tmp_path)])
    out = run_kb("query", "designations", "--param", "actor=Borealia", "--page", "2", "--page-size", "5",
                 "--format", "json", store=store.location)
    assert out.returncode == 0, out.stderr
    whole = run_query_all(store, "designations", {"actor": "Borealia"}).records()
    assert json.loads(out.stdout) == whole[5:10]
    assert out.stderr.strip() == f"rows 6-10 of {len(whole)}; {len(whole) - 10} more: --page 3"
    bad = run_kb("query", "actor-profile", "--param", "actor=Borealia", "--page", "2", store=store.location)
    assert (bad.returncode, bad.stdout) == (1, "")
    assert bad.stderr.strip() == "kb: error: actor-profile is not paged: it returns its whole answer at once"
