"""One kb load in its own process, so the benchmark can read its peak memory (wait4's ru_maxrss).

    python -m bench.load_run --store DIR [--graph G] FILES...

Prints one JSON line per progress call, {"claims": done, "total": total, "t": seconds since start},
then {"report": {files, sources, claims, facts}, "t": seconds}. A Neo4j URI as --store takes the
credentials from the KB_NEO4J_* environment variables, as kb does.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path


def _vmhwm() -> int | None:
    """This process's peak RSS in KiB. Not wait4's ru_maxrss: that counts the memory of the benchmark process
    this one was forked from before it exec'd, and so reported the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="embedded store directory or bolt:// / neo4j:// URI")
    parser.add_argument("--graph", default=None, help="FalkorDB graph name (default: KB_GRAPH or kb)")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()  # before kb's imports: they are part of what a `kb load` costs
    from kb.loading import load_paths
    from kb.settings import Settings
    from kb.stores import open_store

    settings = Settings.from_env(store=args.store)
    if args.graph:
        settings = dataclasses.replace(settings, graph=args.graph)
    out = sys.stdout

    def progress(done: int, total: int) -> None:
        out.write(json.dumps({"claims": done, "total": total, "t": round(time.perf_counter() - t0, 4)}) + "\n")
        out.flush()

    store = open_store(settings)
    try:
        report = load_paths(store, list(args.files), progress=progress)
    finally:
        store.close()
    counts = {k: getattr(report, k) for k in ("files", "sources", "claims", "facts", "unchanged_files",
                                              "unchanged_claims")}
    out.write(json.dumps({"report": counts, "t": round(time.perf_counter() - t0, 4), "vmhwm_kib": _vmhwm()}) + "\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
