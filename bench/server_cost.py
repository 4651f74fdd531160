"""Where a load's time goes on the server: kb's own write statements, sent one at a time and timed by kind.

    python -m bench.server_cost                  # the first 400k claims of the --full corpus
    python -m bench.server_cost --claims 1000000 --every 250000

A load normally sends each chunk's statements in one MULTI/EXEC block, which the server runs as one; here
the same statements (built by the same code from the same validated rows) go one by one into a fresh
embedded store, so each kind's server time can be read off: creating claims, creating facts,
recomputing the facts that gain claims, sources, entities. The sum is a floor for any writer that keeps
kb's graph model on this store: it leaves out validation and everything kb does in Python.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path
from typing import Any

from bench.__main__ import MODES, ensure_corpus, fresh_embedded, log

# Statements are grouped by their first writing clause, with labels and types folded together.
_WRITE = re.compile(r"^(CREATE|MERGE|SET|DETACH|MATCH \(\)-\[f)", re.M)


def statement_kind(cypher: str) -> str:
    m = _WRITE.search(cypher)
    line = cypher[m.start():].splitlines()[0] if m else cypher.strip().splitlines()[0]
    line = re.sub(r":[A-Z_]+ ", ":TYPE ", line)
    line = re.sub(r"Entity:[A-Za-z]+", "Entity:KIND", line)
    return line.split("{")[0].strip()[:60]


def measure(store: Any, files: list[Path], every: int) -> list[dict]:
    """Load `files` with each write statement sent and timed on its own; a report per `every` claims."""
    from kb.loading import load_paths
    from kb.stores.falkordb_store import _header

    spent: collections.Counter[str] = collections.Counter()
    rows: collections.Counter[str] = collections.Counter()
    reports: list[dict] = []
    client = store._client  # the store's own connection: the statements are the ones kb would send

    def write(statements: list) -> None:
        store._preflight(statements)
        for st in statements:
            kind = statement_kind(st.cypher)
            t0 = time.perf_counter()
            client.execute_command("GRAPH.QUERY", store.graph_name, _header(st.params) + st.cypher, "--compact")
            spent[kind] += time.perf_counter() - t0
            rows[kind] += len(st.params.get("rows") or ())

    last = [0]

    def progress(done: int, total: int) -> None:
        if done - last[0] >= every or done == total:
            claims = done - last[0]
            reports.append({"claims_loaded": done, "claims": claims,
                            "us_per_claim": {k: v * 1e6 / claims for k, v in spent.items()},
                            "rows": dict(rows)})
            log(f"{done:,} claims: {sum(spent.values()) * 1e6 / claims:.1f} us/claim on the server")
            spent.clear()
            rows.clear()
            last[0] = done

    store.write = write  # this instance only
    load_paths(store, files, progress=progress)
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.server_cost", description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work")
    parser.add_argument("--claims", type=int, default=400_000, help="claims to load (from the --full corpus)")
    parser.add_argument("--every", type=int, default=100_000, help="claims per report")
    parser.add_argument("--corpus-claims", type=int, default=MODES["full"]["claims"],
                        help="size of the corpus to take them from (default: the one `python -m bench --full` uses)")
    args = parser.parse_args(argv)
    per_file = min(MODES["full"]["per_file"], args.corpus_claims)
    _, corpus = ensure_corpus(args.work, args.corpus_claims, 1, per_file, 300)
    files, n = [], 0
    for f in corpus:
        if n >= args.claims:
            break
        files.append(Path(f["path"]))
        n += f["claims"]
    with fresh_embedded(args.work / "stores" / "server-cost") as (store, _):
        reports = measure(store, files, args.every)
    for r in reports:
        print(f"\nafter {r['claims_loaded']:,} claims: server microseconds per claim loaded, by statement")
        for kind, us in sorted(r["us_per_claim"].items(), key=lambda kv: -kv[1]):
            print(f"  {us:7.1f}  {r['rows'][kind]:>8,} rows  {kind}")
        print(f"  {sum(r['us_per_claim'].values()):7.1f}  total ({1e6 / sum(r['us_per_claim'].values()):,.0f} claims/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
