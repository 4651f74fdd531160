"""`kb extract`: articles -> claims files an analyst can review, edit and `kb load`."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

from kb.errors import InputError, KbError
from kb.loading import ReadOptions
from loaders.inputs import collect_inputs, is_article


def _lines(claims) -> list[str]:
    """One article's claims as JSON lines. The first carries the article's text and its SHA-256; the others
    name the text by its SHA-256 instead of repeating it (`kb load` finds it in the first), so a file holds
    each text once, not once per claim."""
    out, text, sha = [], None, None
    for c in claims:
        data = c.model_dump(mode="json")
        src = data["source"]
        if src.get("text") is not None:
            if text is None:
                text, sha = src["text"], hashlib.sha256(src["text"].encode("utf-8")).hexdigest()
                src["sha256"] = sha
            elif src["text"] == text:
                del src["text"]
                src["sha256"] = sha
        out.append(json.dumps(data, ensure_ascii=False) + "\n")
    return out


def _write_atomically(path: Path, lines: list[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
        os.replace(tmp, path)
    except OSError as exc:
        raise KbError(f"{path}: cannot write: {exc.strerror}") from None


def extract_to(paths: list[Path], output: Path | None, options: ReadOptions,
               progress: Callable[[int, int], None] | None = None) -> int:
    """Extract every article under `paths`; write to stdout, one .jsonl file, or a directory (one file
    per article, named like it). Returns the number of claims. progress(files done, files in all)."""
    from loaders.articles import read_articles
    from loaders.extract import claims_file_name, extract_article
    from loaders.gazetteer import load_gazetteer

    files = collect_inputs(paths)
    for f in files:
        if not is_article(f):
            raise InputError(f, "is a claims file, not an article: `kb load` it directly")
    gaz = load_gazetteer(list(options.gazetteers))
    per_article: list[tuple[str, list[str]]] = []
    for done, f in enumerate(files, 1):
        for i, article in enumerate(read_articles(f, options.overrides())):
            name = claims_file_name(article, i) if i == 0 else f"{f.stem}-{i:05d}.jsonl"
            per_article.append((name, _lines(extract_article(article, gaz))))
        if progress:
            progress(done, len(files))
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
