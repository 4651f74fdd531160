"""Which input files a store already holds, so that re-loading them skips reading them.

After a load, every file it read is recorded in the store (outside the graph) under a mark: the
sha256 of the file's bytes, its absolute path, and everything that decides what it turns into (kb's version,
the ontology, the extraction rules and gazetteers, the read options). A later load of a file with the
same mark knows the store holds all of it and does not parse it again; the texts a claims file cites
are recorded with their own digests and checked too. Anything that can change what a source holds or
what its claims become (unload, a load that replaces or adds to a source the store held, a retraction, a
restore, a merge, an unmerge or an alias, a raw write query, clearing) forgets every mark, so a mark is only
ever trusted while nothing has changed since it was made.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import kb
from loaders.files import reading

_PACKAGE_FILES = ("kb/ontology/*.yaml", "loaders/extract/rules.yaml", "loaders/gazetteer/*.yaml")


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _package_digest() -> str:
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(kb.__version__.encode())
    for pattern in _PACKAGE_FILES:
        for f in sorted(root.glob(pattern)):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def fingerprint(options: dict, gazetteers: tuple[Path, ...]) -> str:
    """What, besides a file's bytes, decides the claims a load makes of it."""
    extra = [file_digest(g) for g in gazetteers]
    blob = json.dumps([_package_digest(), sorted(options.items()), extra], ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def mark(path: Path, fp: str) -> str:
    """The file's bytes, where it is (a claims file cites texts by paths relative to itself), and `fp`."""
    with reading(path):
        digest = file_digest(path)
    return hashlib.sha256(f"{digest}:{path.resolve()}:{fp}".encode()).hexdigest()


def cites_unchanged(record: dict) -> bool:
    """Whether the texts a marked claims file cites are still what they were when it was loaded."""
    for cited, digest in record.get("cites", {}).items():
        try:
            if file_digest(Path(cited)) != digest:
                return False
        except OSError:
            return False
    return True
