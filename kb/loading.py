"""Load claims files into a store, one source per transaction, and unload sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from kb.errors import InputError, KbError
from kb.ontology import load_ontology
from kb.statements import load_source, unload_source
from kb.stores.base import Store
from kb.validate import Located, SourceBatch, build_batches
from loaders.claims_file import read_claims_file
from loaders.inputs import collect_inputs, is_article


@dataclass(frozen=True)
class ReadOptions:
    """How articles are read: overrides of what the files say, and extra gazetteer files."""

    published: str | None = None
    language: str | None = None
    url: str | None = None
    gazetteers: tuple[Path, ...] = ()

    def overrides(self) -> dict:
        return {k: v for k, v in (("published", self.published), ("language", self.language),
                                  ("url", self.url)) if v is not None}


@dataclass(frozen=True)
class LoadReport:
    files: int
    sources: int
    claims: int
    facts: int


def _cited_texts(items: list[Located]) -> set[Path]:
    """Texts that claims files cite as their source: those are not loaded again as articles."""
    return {(i.path.parent / i.claim.source.path).resolve() for i in items if i.claim.source.path}


def extract_items(files: list[Path], options: ReadOptions, skip: set[Path] = frozenset()) -> list[Located]:
    """Claims extracted from the articles among `files`."""
    from loaders.articles import read_articles
    from loaders.extract import extract_article
    from loaders.gazetteer import load_gazetteer

    gaz = load_gazetteer(list(options.gazetteers))
    items: list[Located] = []
    for f in files:
        if f.resolve() in skip:
            continue
        for article in read_articles(f, options.overrides()):
            items.extend(Located(c, f, None) for c in extract_article(article, gaz))
    return items


def read_batches(paths: list[Path], options: ReadOptions | None = None) -> tuple[list[Path], list[SourceBatch]]:
    """Read, extract and validate every input before anything is written: a bad file stops the whole load."""
    options = options or ReadOptions()
    files = collect_inputs(paths)
    articles = [f for f in files if is_article(f)]
    items: list[Located] = []
    for f in files:
        if f not in articles:
            items.extend(read_claims_file(f))
    cited = _cited_texts(items)
    items.extend(extract_items(articles, options, skip=cited))
    if not items:
        raise InputError(files[0] if len(files) == 1 else paths[0], "holds no claims")
    used = [f for f in files if f.resolve() not in cited]  # a cited text is its claims file's source
    return used, build_batches(items, load_ontology())


def load_paths(store: Store, paths: list[Path],
               progress: Callable[[int, int], None] | None = None) -> LoadReport:
    files, batches = read_batches(paths)
    return write_batches(store, files, batches, progress)


def write_batches(store: Store, files: list[Path], batches: list[SourceBatch],
                  progress: Callable[[int, int], None] | None = None) -> LoadReport:
    """Write validated batches, one source per transaction."""
    ontology = load_ontology()
    loaded_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    for i, batch in enumerate(batches, start=1):
        store.write(load_source(batch, ontology, loaded_at))
        if progress:
            progress(i, len(batches))
    return LoadReport(files=len(files), sources=len(batches),
                      claims=sum(len(b.claims) for b in batches),
                      facts=len({key for b in batches for key in b.facts}))  # one fact may span sources


def find_sources(store: Store, ref: str) -> list[str]:
    """Source keys `ref` names: a source key, a URL, a title, or a claims file whose sources to drop."""
    path = Path(ref)
    if path.is_file():
        return [b.key for b in read_batches([path])[1]]
    rows = store.read("MATCH (s:Source) WHERE s.key = $ref OR s.url = $ref OR s.title = $ref "
                      "RETURN s.key ORDER BY s.key", {"ref": ref}).rows
    return [r[0] for r in rows]


def unload(store: Store, ref: str) -> list[str]:
    keys = find_sources(store, ref)
    if not keys:
        raise KbError(f"{ref}: no such source in the store (give a source key, URL, title or claims file)")
    for key in keys:
        store.write(unload_source(key, load_ontology()))
    return keys
