"""The extractor on real published news: the development set of tests/realnews, scored.

    python -m bench.realnews dev [--verbose] [--out DIR]     # extract the dev texts, score against gold
    python -m bench.realnews heldout                         # the held-back quarter: once, at an issue's end
    python -m bench.realnews --questions [--verbose]         # analysts' questions over the dev set loaded
    python -m bench.realnews all --questions                 # ... over the whole set (answers not shown)

The texts are not in the repository (only their URLs and our gold claims are): they live in the untracked
tests/realnews/texts/{dev,heldout}/. Extraction goes through `kb extract` (kb.extraction.extract_to) and
scoring through ../shared/eval/score.py, the scorer every figure in the issues uses. Questions
(tests/realnews/questions.yaml) load every text into a throwaway embedded store and compare each canned
query's answer column with the answers the gold claims give (names compared like the scorer does: lower
case, no leading "the").
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


def gold_claims(splits: tuple[str, ...]) -> list[dict]:
    """Every asserted gold claim of the splits."""
    out = []
    for split in splits:
        for f in sorted((SET / split).glob("*.gold.yaml")):
            doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
            out += [c for c in doc.get("claims") or [] if c.get("polarity", "asserted") == "asserted"]
    return out


def _names(claim: dict, end: str) -> frozenset[str]:
    return frozenset(norm(x) for x in [claim.get(end), *(claim.get(end + "_alt") or [])] if x)


def expected(spec: dict, gold: list[dict]) -> set[frozenset[str]]:
    """The answers a question's gold spec asks for: one set of acceptable names per gold claim."""
    out = set()
    for c in gold:
        if spec["p"] not in {c["p"], *(c.get("p_alt") or [])}:
            continue
        for known, answer in (("s", "o"), ("o", "s")):
            if known in spec and norm(spec[known]) in _names(c, known):
                out.add(_names(c, answer))
            elif spec.get("symmetric") and known in spec and norm(spec[known]) in _names(c, answer):
                out.add(_names(c, known))
    return out


def answers(rows: list[dict], q: dict) -> set[str]:
    got = set()
    for r in rows:
        if all(str(r.get(k)) == str(v) for k, v in (q.get("filter") or {}).items()):
            value = r.get(q["column"])
            got.update(norm(v) for v in (value if isinstance(value, list) else [value]) if v)
    return got


def ask(questions: list[dict], splits: tuple[str, ...], verbose: bool) -> tuple[float, float]:
    """Load the splits into a throwaway store and score every question; (precision, recall), micro. The
    answers are only printed for the dev split: the held-out one is not looked at."""
    from kb.loading import ReadOptions, load_paths
    from kb.queries import run_query_all
    from kb.settings import Settings
    from kb.stores import open_store

    gold = gold_claims(splits)
    verbose = verbose and "heldout" not in splits
    right = got_n = found = want_n = 0
    with tempfile.TemporaryDirectory(prefix="kb-realnews-") as tmp:
        store = open_store(Settings(store=str(Path(tmp) / "store")))
        try:
            load_paths(store, [texts(split) for split in splits if texts(split).is_dir()], ReadOptions())
            for q in questions:
                # resolve=False: an actor the extraction never found answers nothing (recall 0), not an error
                got = answers(run_query_all(store, q["query"], q.get("params") or {}, resolve=False).records(), q)
                want = expected(q["gold"], gold)
                ok = {g for g in got if any(g in w for w in want)}
                hit = {w for w in want if w & got}
                right, got_n, found, want_n = right + len(ok), got_n + len(got), found + len(hit), want_n + len(want)
                print(f"{q['question']}: {len(hit)}/{len(want)} found, {len(got - ok)} wrong")
                if verbose:
                    print(f"      missing: {sorted(min(w) for w in want - hit)}\n      wrong:   {sorted(got - ok)}")
        finally:
            store.close()
    precision = right / got_n if got_n else 0.0
    recall = found / want_n if want_n else 0.0
    print(f"QUESTIONS {len(questions)} answer_precision {precision:.3f} answer_recall {recall:.3f}")
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", nargs="?", choices=["dev", "heldout", "all"])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--out", type=Path, help="keep the extracted claims here (one .jsonl per article)")
    parser.add_argument("--questions", action="store_true")
    args = parser.parse_args()
    if args.questions:  # over the dev split unless told otherwise ("all": both, no answers printed)
        splits = {"heldout": ("heldout",), "all": ("dev", "heldout")}.get(args.split, ("dev",))
        ask(yaml.safe_load((SET / "questions.yaml").read_text(encoding="utf-8")), splits, args.verbose)
        return
    if args.split == "all":
        parser.error("score one split at a time: dev or heldout")
    if not args.split:
        parser.error("name a split (dev or heldout) or --questions")
    with tempfile.TemporaryDirectory(prefix="kb-realnews-") as tmp:
        out = args.out or Path(tmp)
        extract_split(args.split, out)
        print(score(args.split, out, args.verbose), end="")


if __name__ == "__main__":
    main()
