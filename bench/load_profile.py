"""Where one kb load's time goes on the embedded server: every write statement of the load sent on its own and
timed by kind, and the statements of one chunk (the `--profile-at`-th claim's) run with GRAPH.PROFILE.

    python -m bench.load_profile --store DIR FILES...   # a fresh store in DIR (emptied first)

Unlike bench.server_cost this loads the given files with kb's own code path (streamed into an empty store when
the input is large) and also reports the time kb spent outside the server. Prints a table per kind: server
seconds, statements, rows, microseconds per claim loaded.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import time
from pathlib import Path

from bench.server_cost import statement_kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_profile", description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--profile-at", type=int, default=0, help="GRAPH.PROFILE the chunk holding this claim (0: none)")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    shutil.rmtree(args.store, ignore_errors=True)
    args.store.mkdir(parents=True)
    t0 = time.perf_counter()
    from kb.loading import load_paths
    from kb.settings import Settings
    from kb.stores import open_store
    from kb.stores.falkordb_store import _header

    store = open_store(Settings.from_env(store=str(args.store)))
    spent: collections.Counter[str] = collections.Counter()
    runs: collections.Counter[str] = collections.Counter()
    rows: collections.Counter[str] = collections.Counter()
    profiles: list[tuple[str, str]] = []
    client = store._client
    done = [0]
    real_write = store.write

    def write(statements: list) -> None:
        store._preflight(statements)
        chunk = sum(len(st.params.get("rows") or ()) for st in statements if "CREATE (c:Claim" in st.cypher)
        profile = bool(args.profile_at) and done[0] <= args.profile_at < done[0] + max(chunk, 1) and not profiles
        for st in statements:
            kind = statement_kind(st.cypher)
            text = _header(st.params) + st.cypher
            t = time.perf_counter()
            if profile:
                out = client.execute_command("GRAPH.PROFILE", store.graph_name, text)
                profiles.append((kind, "\n".join(x.decode() if isinstance(x, bytes) else str(x) for x in out)))
            else:
                client.execute_command("GRAPH.QUERY", store.graph_name, text, "--compact")
            spent[kind] += time.perf_counter() - t
            runs[kind] += 1
            rows[kind] += len(st.params.get("rows") or st.params.get("keys") or ())
        done[0] += chunk

    store.write = write
    t1 = time.perf_counter()
    try:
        report = load_paths(store, list(args.files))
    finally:
        t2 = time.perf_counter()
        store.write = real_write
        store.close()
    t3 = time.perf_counter()
    n = report.claims
    server = sum(spent.values())
    print(f"{n:,} claims, {report.facts:,} facts, {report.sources:,} sources: load_paths {t2 - t1:.1f} s "
          f"({n / (t2 - t1):,.0f} claims/s), of which server writes {server:.1f} s; open {t1 - t0:.1f} s, close {t3 - t2:.1f} s")
    print(f"{'server s':>9} {'us/claim':>9} {'runs':>6} {'rows':>9}  statement")
    for kind, s in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{s:9.2f} {s * 1e6 / n:9.1f} {runs[kind]:6} {rows[kind]:9,}  {kind}")
    for kind, text in profiles:
        print(f"\nGRAPH.PROFILE {kind}\n{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
