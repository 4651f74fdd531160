"""The extractor on real published news: the development set of tests/realnews, scored.

    python -m bench.realnews dev [--verbose] [--out DIR]     # extract the dev texts, score against gold
    python -m bench.realnews heldout                         # the held-back quarter: once, at an issue's end
    python -m bench.realnews --questions                     # analysts' questions over the whole set loaded

The texts are not in the repository (only their URLs and our gold claims are): they live in the untracked
tests/realnews/texts/{dev,heldout}/. Extraction goes through `kb extract` (kb.extraction.extract_to) and
scoring through ../shared/eval/score.py, the scorer every figure in the issues uses. Questions load every
text into a throwaway embedded store and compare each canned query's answer column with the expected
answers (names compared like the scorer does: lower case, no leading "the").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SET = REPO / "tests" / "realnews"
SCORER = REPO.parent / "shared" / "eval" / "score.py"


def texts(split: str) -> Path:
    return SET / "texts" / split


def extract_split(split: str, out: Path) -> int:
    from kb.extraction import extract_to
    from kb.loading import ReadOptions

    folder = texts(split)
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        sys.exit(f"{folder}: no article texts (they are not committed; see tests/realnews/README.md)")
    return extract_to([folder], out, ReadOptions())


def score(split: str, out: Path, verbose: bool) -> str:
    cmd = [sys.executable, str(SCORER), str(SET / split), str(out)] + (["--verbose"] if verbose else [])
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def norm(name) -> str:
    n = " ".join(str(name or "").strip().lower().split())
    return n[4:] if n.startswith("the ") else n


def ask(questions: list[dict], verbose: bool) -> tuple[float, float]:
    """Load both splits into a throwaway store and score every question; (precision, recall), micro."""
    from kb.loading import ReadOptions, load_paths
    from kb.queries import run_query
    from kb.settings import Settings
    from kb.stores import open_store

    hits = got_n = want_n = 0
    with tempfile.TemporaryDirectory(prefix="kb-realnews-") as tmp:
        store = open_store(Settings(store=str(Path(tmp) / "store")))
        try:
            load_paths(store, [p for p in (texts("dev"), texts("heldout")) if p.is_dir()], ReadOptions())
            for q in questions:
                rows = run_query(store, q["query"], q.get("params") or {}).records()
                got = {norm(r[q["column"]]) for r in rows if r.get(q["column"])}
                want = {norm(x) for x in q["expected"]}
                hits += len(got & want)
                got_n += len(got)
                want_n += len(want)
                ok = "ok " if got == want else "   "
                print(f"{ok} {q['question']}: {len(got & want)}/{len(want)} found, {len(got - want)} wrong")
                if verbose and got != want:
                    print(f"      missing: {sorted(want - got)}\n      wrong:   {sorted(got - want)}")
        finally:
            store.close()
    precision = hits / got_n if got_n else 0.0
    recall = hits / want_n if want_n else 0.0
    print(f"QUESTIONS {len(questions)} answer_precision {precision:.3f} answer_recall {recall:.3f}")
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", nargs="?", choices=["dev", "heldout"])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--out", type=Path, help="keep the extracted claims here (one .jsonl per article)")
    parser.add_argument("--questions", action="store_true")
    args = parser.parse_args()
    if args.questions:
        ask(yaml.safe_load((SET / "questions.yaml").read_text(encoding="utf-8")), args.verbose)
        return
    if not args.split:
        parser.error("name a split (dev or heldout) or --questions")
    with tempfile.TemporaryDirectory(prefix="kb-realnews-") as tmp:
        out = args.out or Path(tmp)
        extract_split(args.split, out)
        print(score(args.split, out, args.verbose), end="")


if __name__ == "__main__":
    main()
