"""bench/reload_source.py end to end at a tiny size: a changed 1,000-claim source re-loaded into a 20k-claim store.

The ratio itself is not asserted (the benchmark's --max-ratio is the target, at 1M claims); this checks that
the benchmark measures what it says: both cases run, the source holds exactly B's claims after the reload,
B then A again gives the store back its counts, and a second run reuses the big store it built.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _bench(work: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}  # the embedded store only
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "bench.reload_source", "--claims", "20000", "--runs", "1", "--work", str(work),
         "--max-ratio", "1000"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_reload_benchmark_runs_and_checks_the_source(tmp_path: Path) -> None:
    work = tmp_path / "w"
    proc = _bench(work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.strip().splitlines()
    assert re.fullmatch(r"reload_ratio=\d+\.\d\d", lines[-1]), lines[-1]
    assert "source holds exactly B's 1000 claims: ok" in proc.stdout
    data = json.loads((work / "results-20000.json").read_text(encoding="utf-8"))
    src = data["source"]
    assert (src["claims_a"], src["claims_b"]) == (1000, 1000)
    assert (src["dropped"], src["redated"], src["added"]) == (100, 100, 100)
    (embedded,) = data["stores"]
    assert embedded["store_claims"] > 20000 and embedded["claims_b"] == 1000
    assert len(embedded["empty_s"]) == len(embedded["reload_s"]) == len(embedded["restore_s"]) == 1
    assert embedded["source_ok"] and embedded["counts_restored"]
    tally = embedded["reload_tally"]
    assert tally["kept"] == 800 and tally["new"] + tally["changed"] == 200 and tally["removed"] > 0

    again = _bench(work)  # the big store is kept under --work and reused
    assert again.returncode == 0, again.stderr[-3000:]
    assert "reusing the big store" in again.stderr
    assert again.stdout.strip().splitlines()[-1].startswith("reload_ratio=")
