"""Extraction throughput: articles of about 3 KB per second on one core.

    python -m bench.extraction [--articles 500] [--size 3000]

Articles are assembled (deterministically, seeded) from texts we wrote ourselves: the regression set's
sentences and the example article, Arabic and English alternating, each padded to about `--size`
characters. Gazetteer and rules are loaded once before timing, as in a long `kb load`. The last line is
machine-readable: `articles_per_s=<x> kb_per_s=<y> ms_per_article=<z>`.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def corpus_sentences() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"ar": [], "en": []}
    for f in sorted((REPO / "tests" / "regression").glob("*.yaml")):
        for case in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            out[case["language"]].append(case["text"].strip())
    example = (REPO / "examples" / "kabul-moscow-en.txt").read_text(encoding="utf-8").split("---")[-1]
    out["en"].extend(p.strip() for p in example.split("\n\n") if p.strip())
    return out


def make_articles(n: int, size: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pool = corpus_sentences()
    articles = []
    for i in range(n):
        lang = "ar" if i % 2 == 0 and pool["ar"] else "en"
        parts: list[str] = []
        while sum(len(p) + 2 for p in parts) < size:
            parts.append(rng.choice(pool[lang]))
        articles.append((lang, "\n\n".join(parts)))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--size", type=int, default=3000)
    args = parser.parse_args()

    from loaders.articles import Article
    from loaders.extract import extract_article
    from loaders.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    articles = [Article(text=t, language=lang, published="2024-10-06") for lang, t in make_articles(args.articles, args.size)]
    for lang in ("ar", "en"):  # warm caches (compiled rules, each language's name index) outside the timing
        extract_article(next(a for a in articles if a.language == lang), gaz)
    claims = 0
    t0 = time.process_time()
    for a in articles:
        claims += len(extract_article(a, gaz))
    cpu = time.process_time() - t0
    chars = sum(len(a.text) for a in articles)
    print(f"articles {len(articles)}  mean size {chars / len(articles):.0f} chars  claims {claims}  cpu {cpu:.2f} s")
    print(f"articles_per_s={len(articles) / cpu:.1f} kb_per_s={chars / 1024 / cpu:.1f} "
          f"ms_per_article={cpu / len(articles) * 1000:.2f}")


if __name__ == "__main__":
    main()
