#!/usr/bin/env python3
"""Materialise the seed claims: fill each claim's `quote` from the article and write a loadable claims file.

    python tests/data/seed/make_seed_claims.py ARTICLE OUT_DIR

seed-claims.yaml (beside this script) holds hand-read claims with character spans but no article text, because
the article is third-party text that may not be copied into the repository. This script slices every quote
(and the source title) out of ARTICLE, copies ARTICLE into OUT_DIR (the loader only reads a `source.path`
inside the claims file's folder) and writes OUT_DIR/000_d0a456fa21b598d7.jsonl, one claim per line in kb's
interchange format, ready for `kb load OUT_DIR` and for the scorer in ../shared/eval.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_CLAIMS = HERE / "seed-claims.yaml"
OUT_NAME = "000_d0a456fa21b598d7.jsonl"  # the scorer pairs claims with gold by the article's name
# Claim fields in the order of kb/claims.py, so the output reads like `kb export`.
FIELD_ORDER = ("source", "subject", "predicate", "object", "qualifiers", "date", "date_text", "polarity",
               "quote", "span", "confidence", "extractor")


class SeedError(Exception):
    """A problem with the inputs, reported as one line."""


def _iso(value: object) -> object:
    # YAML reads 2024-10-04 as a date; the interchange format wants the ISO string.
    return value.isoformat() if isinstance(value, date) else value


def _span(value: object, what: str, length: int) -> tuple[int, int]:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in value)):
        raise SeedError(f"{what}: span must be [start, end] integers, not {value!r}")
    start, end = value
    if not 0 <= start < end <= length:
        raise SeedError(f"{what}: span [{start}, {end}] is out of range for an article of {length} characters")
    return start, end


def read_seed(path: Path) -> dict:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"{path}: no such claims file") from None
    except yaml.YAMLError as exc:
        raise SeedError(f"{path}: invalid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list) or not isinstance(doc.get("source"), dict):
        raise SeedError(f"{path}: expected a mapping with `source` and a `claims` list")
    return doc


def materialise(doc: dict, article: str, article_name: str) -> list[dict]:
    """The claims with quotes sliced from `article` and the shared source filled in."""
    want = doc.get("article_sha256")
    got = hashlib.sha256(article.encode("utf-8")).hexdigest()
    if want and want != got:
        raise SeedError(f"{article_name} is not the seed article the spans were read from "
                        f"(sha256 {got[:12]}..., expected {str(want)[:12]}...)")
    meta = dict(doc["source"])
    source = {"path": article_name}
    title_span = meta.pop("title_span", None)
    if title_span is not None:
        start, end = _span(title_span, "source.title_span", len(article))
        source["title"] = article[start:end]
    source.update({k: _iso(v) for k, v in meta.items()})
    out = []
    for n, raw in enumerate(doc["claims"], start=1):
        if not isinstance(raw, dict):
            raise SeedError(f"claim {n}: must be a mapping")
        what = f"claim {n} ({raw.get('predicate', '?')})"
        if "quote" in raw or "source" in raw:
            raise SeedError(f"{what}: seed claims give a span only, no `quote` or `source` (no article text "
                            f"in the repository)")
        start, end = _span(raw.get("span"), what, len(article))
        claim = dict(raw)
        claim["source"] = source
        claim["quote"] = article[start:end]
        claim["span"] = [start, end]
        claim["date"] = _iso(claim.get("date"))
        claim.setdefault("polarity", "asserted")
        claim.setdefault("extractor", "manual")
        if "qualifiers" in claim:  # YAML `acting: true` is a bool; qualifiers are strings
            claim["qualifiers"] = {k: str(v).lower() if isinstance(v, bool) else v
                                   for k, v in claim["qualifiers"].items()}
        ordered = {k: claim.pop(k) for k in FIELD_ORDER if k in claim}
        out.append({**ordered, **claim})  # unknown fields stay, for the loader to reject
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill the seed claims' quotes from the article and write "
                                                 f"OUT_DIR/{OUT_NAME} with a copy of the article beside it.")
    parser.add_argument("article", type=Path, help="the seed article (../shared/fixtures/000_d0a456fa21b598d7.txt)")
    parser.add_argument("out_dir", type=Path, help="directory to write the claims file and the article copy into")
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS, help="seed claims (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        try:
            article = args.article.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise SeedError(f"{args.article}: no such article") from None
        except IsADirectoryError:
            raise SeedError(f"{args.article}: is a directory, not the article") from None
        except UnicodeDecodeError as exc:
            raise SeedError(f"{args.article}: not UTF-8 (byte {exc.start})") from None
        claims = materialise(read_seed(args.claims), article, args.article.name)
        try:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            copy = args.out_dir / args.article.name
            if not (copy.exists() and copy.samefile(args.article)):
                shutil.copyfile(args.article, copy)
            target = args.out_dir / OUT_NAME
            target.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in claims), encoding="utf-8")
        except OSError as exc:
            raise SeedError(f"{args.out_dir}: cannot write: {exc.strerror}") from None
    except SeedError as exc:
        print(f"make_seed_claims: error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(claims)} claims to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
