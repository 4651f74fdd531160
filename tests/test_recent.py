"""`recent` with a limit reads only the newest sources; whatever it reads, its answer must be the first rows of the
ranking of every fact: sources that repeat a fact, hold only hedged claims or have no publication date, and
ties on a day, all included."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kb.loading import load_paths
from kb.queries import run_query

ACTORS = [("Borealia", "State"), ("Arcadia", "State"), ("Cimmeria", "State"), ("Dalmatia Front", "Organization")]
PREDICATES = ["WARNED", "MET_WITH", "ACCUSED", "SANCTIONED"]


def _sources(tmp_path: Path, seed: int) -> list[Path]:
    """Fifteen sources over a few days (several a day, two undated), each repeating facts of the others now
    and then; one source holds only a hedged claim, so it reports no fact at all."""
    rng = random.Random(seed)
    paths = []
    for n in range(15):
        published = None if n in (3, 11) else f"2024-0{1 + n % 3}-{10 + n % 4}"
        claims, quotes = [], []
        for i in range(rng.randint(1, 4)):
            (s, sk), (o, ok) = rng.sample(ACTORS, 2)
            predicate = rng.choice(PREDICATES)
            quote = f"Item {n}.{i}: {s} and {o}."
            quotes.append(quote)
            claims.append({"subject": {"name": s, "kind": sk}, "predicate": predicate, "object": {"name": o, "kind": ok},
                           "quote": quote, "polarity": "hedged" if n == 7 else "asserted",
                           **({"date": f"2023-1{rng.randint(0, 2)}"} if rng.random() < 0.7 else {})})
        source = {"url": f"https://example.org/recent/{n}", "text": " ".join(quotes),
                  **({"published": published} if published else {})}
        path = tmp_path / f"s{n:02}.jsonl"
        path.write_text("\n".join(json.dumps({**c, "source": source}) for c in claims) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recent_with_a_limit_is_the_top_of_the_whole_ranking(backend, tmp_path, seed: int) -> None:
    load_paths(backend, _sources(tmp_path, seed))
    for start in (None, "2024-02-01", "2024-03-12", "2030-01-01"):
        ranking = run_query(backend, "recent", {"from": start}).rows
        for limit in (1, 2, 3, 5, 8, 13, 40):
            got = run_query(backend, "recent", {"from": start, "limit": limit}).rows
            assert got == ranking[:limit], (start, limit)
