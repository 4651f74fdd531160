"""Long articles: extraction finds what lies in a sentence by bisection and resolves overlapping dates
against their neighbours only, so its cost grows with the text, not with its square (a 5 MB text took
over ten minutes before). Each shortcut must give exactly what the plain scan gave. (A text too long to
be one article is refused before it is read: tests/test_hostile_input.py.)"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.claims import SourceRef
from loaders.dates import longest_disjoint
from loaders.extract.engine import Document

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=25)


@dataclass
class Span:
    start: int
    end: int


def plain_longest_disjoint(found):
    kept = []
    for s, e, v in sorted(found, key=lambda t: (t[0] - t[1], t[0])):
        if all(e <= ks or s >= ke for ks, ke, _ in kept):
            kept.append((s, e, v))
    return sorted(kept)


@settings(max_examples=400, deadline=None)
@given(spans)
def test_longest_disjoint_is_the_plain_scan(found) -> None:
    found = [(s, e, i) for i, (s, e) in enumerate(found)]
    assert longest_disjoint(found) == plain_longest_disjoint(found)


@settings(max_examples=400, deadline=None)
@given(items=spans, lo=st.integers(0, 70), width=st.integers(0, 40))
def test_within_is_the_plain_filter(items, lo, width) -> None:
    doc = Document(text="x" * 80, language="en", published=None, source=SourceRef(text="x" * 80))
    doc.mentions = [Span(s, e) for s, e in items]
    hi = lo + width
    plain = sorted((m for m in doc.mentions if lo <= m.start and m.end <= hi), key=lambda m: m.start)
    assert doc.within("mentions", lo, hi) == plain
