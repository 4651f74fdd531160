"""`kb extract`: articles -> claims files an analyst can review, edit and `kb load`."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from kb.errors import InputError, KbError
from kb.loading import ReadOptions
from loaders.inputs import collect_inputs, is_article


def _lines(claims) -> list[str]:
    return [json.dumps(c.model_dump(mode="json"), ensure_ascii=False) + "\n" for c in claims]


def _write_atomically(path: Path, lines: list[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
        os.replace(tmp, path)
    except OSError as exc:
        raise KbError(f"{path}: cannot write: {exc.strerror}") from None


def extract_to(paths: list[Path], output: Path | None, options: ReadOptions) -> int:
    """Extract every article under `paths`; write to stdout, one .jsonl file, or a directory (one file
    per article, named like it). Returns the number of claims."""
    from loaders.articles import read_articles
    from loaders.extract import claims_file_name, extract_article
    from loaders.gazetteer import load_gazetteer

    files = collect_inputs(paths)
    for f in files:
        if not is_article(f):
            raise InputError(f, "is a claims file, not an article: `kb load` it directly")
    gaz = load_gazetteer(list(options.gazetteers))
    per_article: list[tuple[str, list[str]]] = []
    for f in files:
        for i, article in enumerate(read_articles(f, options.overrides())):
            name = claims_file_name(article, i) if i == 0 else f"{f.stem}-{i:05d}.jsonl"
            per_article.append((name, _lines(extract_article(article, gaz))))
    total = sum(len(lines) for _, lines in per_article)
    if output is None:
        for _, lines in per_article:
            sys.stdout.writelines(lines)
    elif output.suffix.lower() == ".jsonl":
        _write_atomically(output, [line for _, lines in per_article for line in lines])
    else:
        for name, lines in per_article:
            _write_atomically(output / name, lines)
    return total
