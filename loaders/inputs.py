"""What `kb load` and `kb extract` accept: claims files and articles, given as files or directories."""

from __future__ import annotations

from pathlib import Path

from kb.errors import InputError
from loaders.articles import ARTICLE_SUFFIXES, is_article
from loaders.claims_file import CLAIM_SUFFIXES

__all__ = ["SUFFIXES", "collect_inputs", "is_article"]

SUFFIXES = tuple(sorted(set(CLAIM_SUFFIXES + ARTICLE_SUFFIXES)))


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Given files as they are; directories searched (recursively, sorted) for claims files and articles."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                raise InputError(p, f"directory holds no claims files or articles ({', '.join(SUFFIXES)})")
            out.extend(found)
        elif p.is_file():
            if p.suffix.lower() not in SUFFIXES:
                raise InputError(p, f"unknown file type {p.suffix or '(none)'}; kb reads {', '.join(SUFFIXES)}")
            out.append(p)
        elif p.exists():
            raise InputError(p, "is not a regular file or directory")
        else:
            raise InputError(p, "no such file or directory")
    return out
