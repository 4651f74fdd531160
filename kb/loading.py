"""Load claims files and articles into a store, whole sources per transaction, and unload sources."""

from __future__ import annotations

import gc
import multiprocessing
import os
import uuid
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from kb import curation, marks
from kb.errors import InputError, KbError, StoreError
from kb.fresh_graph import FreshGraph
from kb.ontology import load_ontology
from kb.rows import claim_index
from kb.statements import (RETRACTIONS_OF, STORED_SOURCE_FIELDS, UNSETTLED_SOURCES, Known, Present, Tally,
                           existing_entities, existing_facts, existing_sources, load_chunk, record_unsettled,
                           set_homes, settled, stored_claims, unload_source)
from kb.stores.base import Store
from kb.validate import BatchBuilder, Located, LocatedRecord, Redirects, SourceBatch
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
    unchanged_files: int = 0  # files the store held unchanged since an earlier load: not read again
    unchanged_claims: int = 0
    # What the claims read did to the store (kb.statements.Tally): claims it did not hold, claims that
    # replace one it held (or update one's properties), claims it held as they are, and claims of the
    # sources loaded that it no longer holds.
    new: int = 0
    changed: int = 0
    kept: int = 0
    removed: int = 0
    retracted: int = 0  # claims loaded that a retraction in the store takes back
    curated: int = 0  # curation records the input held that the store did not


# Claims per write transaction: big enough that per-statement costs vanish, small enough that a
# transaction stays well under a second and memory per chunk stays small (bench/ measured 2k-20k).
CHUNK_CLAIMS = 5000
# Claims files larger than this in all are validated in parallel worker processes.
PARALLEL_BYTES = 8 << 20


def extract_items(files: list[Path], options: ReadOptions, skip: set[Path] = frozenset()) -> Iterator[Located]:
    """Claims extracted from the articles among `files`."""
    files = [f for f in files if f.resolve() not in skip]
    if not files:
        return
    from loaders.articles import read_articles
    from loaders.extract import extract_article
    from loaders.gazetteer import load_gazetteer

    gaz = load_gazetteer(list(options.gazetteers))
    for f in files:
        for article in read_articles(f, options.overrides()):
            yield from (Located(c, f, None) for c in extract_article(article, gaz))


class _Builder(BatchBuilder):
    """A BatchBuilder that also notes which input files gave claims to each source: a load may hold one
    input per source, which replaces what the store holds of it (unless --add)."""

    def __init__(self, redirects: Redirects | None = None) -> None:
        super().__init__(load_ontology(), Redirects(dict(redirects.keys), dict(redirects.names)) if redirects else None)
        self.inputs: dict[str, dict[Path, None]] = {}  # source key -> its files, in the order met

    def _place(self, item: Located, props: dict, skey: str) -> None:
        super()._place(item, props, skey)
        self.inputs.setdefault(skey, {})[item.path] = None

    def absorb(self, other: BatchBuilder) -> None:
        super().absorb(other)
        for skey, files in getattr(other, "inputs", {}).items():
            self.inputs.setdefault(skey, {}).update(files)


@dataclass
class _Read:
    """What reading a set of files gave: the builder, and per file its claims and the texts it cites."""

    builder: _Builder
    claims: dict[Path, int] = field(default_factory=dict)
    cites: dict[Path, set[Path]] = field(default_factory=dict)

    def take(self, other: "_Read") -> None:
        self.builder.absorb(other.builder)
        self.claims.update(other.claims)
        self.cites.update(other.cites)

    def cited(self) -> set[Path]:
        return set().union(*self.cites.values()) if self.cites else set()


def _validate_files(files: list[Path], redirects: Redirects | None = None) -> _Read:
    """Read and check claims files into a fresh builder."""
    read = _Read(_Builder(redirects))
    for f in files:
        n, cites = 0, set()
        for item in read_claims_file(f):
            if isinstance(item, LocatedRecord):
                read.builder.add(item)
                continue
            if item.claim.source.path:  # a text the file cites is its source, not a further article
                cites.add((item.path.parent / item.claim.source.path).resolve())
            read.builder.add(item)
            n += 1
        read.claims[f], read.cites[f] = n, cites
    return read


def _validate_parallel(files: list[Path], redirects: Redirects | None = None) -> _Read:
    """Large inputs are checked a file at a time in worker processes, one per core, and absorbed in
    file order, so the result (and the first error reported) is the same as reading them in turn."""
    workers = min(len(os.sched_getaffinity(0)), len(files))
    if workers < 2 or sum(f.stat().st_size for f in files) < PARALLEL_BYTES:
        return _validate_files(files, redirects)
    read = _Read(_Builder(redirects))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for part in pool.map(_validate_files, [[f] for f in files], [redirects] * len(files)):
            read.take(part)
    return read


def _read(files: list[Path], options: ReadOptions, also_cited: set[Path] = frozenset(),
          redirects: Redirects | None = None) -> _Read:
    """Read, extract and validate `files`: claims files first, then the articles they do not cite."""
    articles = [f for f in files if is_article(f)]
    read = _validate_parallel([f for f in files if f not in articles], redirects)
    skip = read.cited() | also_cited
    for f in articles:
        read.claims[f] = 0
    for item in extract_items(articles, options, skip=skip):
        read.builder.add(item)
        read.claims[item.path] += 1
    for f in articles:
        if f.resolve() in skip:
            del read.claims[f]  # a cited text is its claims file's source
    return read


# Large inputs loaded into an empty store are streamed: each file is validated (in worker processes) and
# written while the next ones are read, instead of every file being validated and held before the first
# write. A file that turns out bad takes the store back to empty, as it was: a failed load changes nothing.
STREAM_BYTES = PARALLEL_BYTES
# Files validated ahead of the writes: enough to keep the workers busy, few enough to hold little memory.
STREAM_AHEAD = 3


class _NoStream(Exception):
    """The input needs the whole-input path: a source in two files, a text or URL another file may give, or
    curation records (which apply to claims read before them)."""


def _validate_alone(f: Path) -> _Read | None:
    """One file validated on its own into finished batches, or None when what it says may depend on other
    files (they are then all read first, by the whole-input path, which also reports errors in its order)."""
    read = _validate_files([f])
    b = read.builder
    if b.records or b._deferred or any(x.props.get("text") is None and x.props.get("sha256") is not None
                                       for x in b.batches.values()):
        return None
    try:
        b.finish()  # quotes read before their text (on a later line of the file) are checked here
    except InputError:
        return None  # the whole-input path reports it, after any error its reading meets first
    return read


def _validated_in_order(files: list[Path]) -> Iterator[tuple[Path, _Read | None]]:
    """Each file validated alone (_validate_alone), in file order, a few files ahead of the consumer."""
    workers = min(len(os.sched_getaffinity(0)), len(files))
    if workers < 2:
        for f in files:
            yield f, _validate_alone(f)
        return
    # Forked before the writer thread starts (Python 3.11 starts every forked worker at the first submit).
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        queue: list[tuple[Path, Future]] = []
        todo = iter(files)
        for f in todo:
            queue.append((f, pool.submit(_validate_alone, f)))
            if len(queue) >= workers + STREAM_AHEAD:
                break
        while queue:
            f, fut = queue.pop(0)
            nxt = next(todo, None)
            if nxt is not None:
                queue.append((nxt, pool.submit(_validate_alone, nxt)))
            yield f, fut.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stream_into_empty(store: Store, files: list[Path], progress: Callable[[int, int], None] | None,
                       chunk_claims: int, mark_of: dict[Path, str]) -> LoadReport | None:
    """Load claims files into a store that holds nothing, writing each file's sources while later files are
    validated (STREAM_BYTES). None, with nothing written, when the store is not empty or the input needs the
    whole-input path; a bad file raises its error, with the store emptied again first."""
    with store.write_lock():
        if store.read("MATCH (n) RETURN 1 LIMIT 1").rows:
            return None  # another load came first
        sizes = {f: f.stat().st_size for f in files}
        all_bytes = sum(sizes.values()) or 1
        seen: dict[str, Path] = {}
        claims: dict[Path, int] = {}
        cites: dict[Path, set[Path]] = {}
        sources_of: dict[Path, list[str]] = {}
        count = {"claims": 0, "bytes": 0, "sources": 0}

        def chunks() -> Iterator[list[SourceBatch]]:
            with closing(_validated_in_order(files)) as reads:  # its workers stop as soon as this stops
                yield from _file_chunks(reads)

        def _file_chunks(reads: Iterator[tuple[Path, _Read | None]]) -> Iterator[list[SourceBatch]]:
            chunk: list[SourceBatch] = []
            n = 0
            for f, read in reads:
                if read is None:
                    raise _NoStream
                claims[f], cites[f] = read.claims[f], read.cites[f]
                count["bytes"] += sizes[f]
                for batch in read.builder.batches.values():
                    if batch.key in seen:
                        raise _NoStream  # a source in two files: an error without --add, said by the whole path
                    seen[batch.key] = f
                    sources_of.setdefault(f, []).append(batch.key)
                    chunk.append(batch)
                    n += len(batch.claims)
                    count["claims"] += len(batch.claims)
                    count["sources"] += 1
                    if n >= chunk_claims:
                        yield chunk
                        chunk, n = [], 0
            if chunk:
                yield chunk

        def total(done: int) -> int:  # estimated from the bytes read until every file is read
            got = count["claims"]
            return got if count["bytes"] >= all_bytes else max(done, round(got * all_bytes / max(count["bytes"], 1)))

        def record_marks() -> None:
            store.record_input_marks({mark_of[f]: {"claims": n, "cites": {str(c): marks.file_digest(c) for c in cites[f]},
                                                   "sources": sorted(sources_of.get(f, ()))}
                                      for f, n in claims.items()})

        bulk = store.bulk_graph()
        try:
            if bulk is not None:
                facts = _write_bulk(store, bulk, chunks(), total, progress, record_marks)
                new, kept = count["claims"], 0
            else:
                tally, known = _write_chunks(store, chunks(), total, progress, fresh=True)
                facts, new, kept = len(known.facts), tally.new, tally.unchanged
            if not count["claims"]:
                raise _NoStream  # nothing written: the whole-input path says which input holds no claims
        except _NoStream:
            _empty_again(store)
            return None
        except StoreError:
            raise  # as on the whole-input path: the sources written stay, whole (and so on an interrupt)
        except Exception:
            _empty_again(store)
            raise
        if bulk is None:
            record_marks()
    return LoadReport(files=len(files), sources=count["sources"], claims=count["claims"], facts=facts,
                      new=new, kept=kept)


def _write_bulk(store: Store, bulk: Any, chunks: Iterable[list[SourceBatch]], total: Callable[[int], int],
                progress: Callable[[int, int], None] | None, record_marks: Callable[[], None]) -> int:
    """A fresh load by the store's bulk path (kb.fresh_graph): each chunk's sources and claims are sent while the
    next chunk is read, then the entities, names and facts, then the claims' ends; the new graph takes the place of
    the empty one only once it is whole, with its indexes and the input marks (a load stopped before leaves the
    store empty). Returns the facts written."""
    graph = FreshGraph(bulk, load_ontology(), datetime.now(timezone.utc).replace(microsecond=0).isoformat())
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-writer") as writer:
        pending: tuple[Future, int] | None = None
        try:
            for chunk in chunks:
                call = graph.add_chunk(chunk)
                if pending is not None:
                    done = _finish(pending, done, total, progress)
                pending = (writer.submit(bulk.send, call), sum(len(b.claims) for b in chunk))
            if pending is not None:
                pending, last = None, pending
                done = _finish(last, done, total, progress)
            bulk.complete(FreshGraph.WRITTEN_BY_CHUNKS)  # their indexes build while the rest is assembled
            if graph.claims:
                _send_each(writer, bulk, graph.finish())
                bulk.complete(graph.indexed_now())  # and these while the claims' ends are written
                _send_each(writer, bulk, graph.finish_ends())
                bulk.publish(set_homes(graph.homes), record_marks)
                return graph.facts_met
        except BaseException:
            if pending is not None:
                pending[0].exception()  # the call sent is answered before the graph it wrote to goes
            bulk.discard()
            raise
    return 0  # no claims: the caller says which input holds none


def _send_each(writer: ThreadPoolExecutor, bulk: Any, calls: Iterable[Any]) -> None:
    """Send each bulk call while the next is assembled; returns once the last is answered."""
    pending: Future | None = None
    try:
        for call in calls:
            if pending is not None:
                pending.result()
            pending = writer.submit(bulk.send, call)
        if pending is not None:
            pending.result()
    except BaseException:
        if pending is not None:
            pending.exception()  # answered before the caller discards the graph it wrote to
        raise


def _empty_again(store: Store) -> None:
    """Take a store that was empty when a streamed load began back to empty (its indexes stay as they were)."""
    store.clear()


def _require_claims(read: _Read, files: list[Path], paths: list[Path]) -> None:
    if not sum(read.claims.values()) and not read.builder.records:
        raise InputError(files[0] if len(files) == 1 else paths[0], "holds no claims")


def read_batches(paths: list[Path], options: ReadOptions | None = None) -> tuple[list[Path], list[SourceBatch]]:
    """Read, extract and validate every input before anything is written: a bad file stops the whole load.
    Files are read one at a time into compact per-source rows. Returns the files that make sources."""
    files = collect_inputs(paths)
    read = _read(files, options or ReadOptions())
    _require_claims(read, files, paths)
    return list(read.claims), read.builder.finish()


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A load holds every validated row until it has written them all. Python's cycle collector walks all
    of them on each full pass, which made validation 40% slower at 300k claims and writing slower still
    at 1M (measured); what a load builds has no reference cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_paths(store: Store, paths: list[Path], options: ReadOptions | None = None,
               progress: Callable[[int, int], None] | None = None, chunk_claims: int = CHUNK_CLAIMS,
               add: bool = False) -> LoadReport:
    """Load files and directories: every file is validated before anything is written, and files the store
    holds unchanged since an earlier load (kb/marks.py) are not read again.

    A source the store holds comes out holding exactly the claims loaded for it (claims no longer there
    are removed, with facts and entities left without claims), so a load may hold only one input per
    source. With `add`, the claims loaded are added to those the store holds instead, and several inputs
    may give claims to one source."""
    with _without_cycle_collection():
        return _load_paths(store, paths, options or ReadOptions(), progress, chunk_claims, add)


def _one_input_per_source(files: list[Path], read: _Read, held: dict[Path, list[str]]) -> None:
    """A load that replaces sources holds one input for each: two would replace each other's claims.
    `held` gives the sources of the files skipped as already loaded (their marks say which)."""
    inputs: dict[str, dict[Path, None]] = {}
    for skey, given in read.builder.inputs.items():
        inputs.setdefault(skey, {}).update((f.resolve(), None) for f in given)
    for f, skeys in held.items():
        for skey in skeys:
            inputs.setdefault(skey, {})[f.resolve()] = None
    order = {f.resolve(): i for i, f in reversed(list(enumerate(files)))}
    for skey, given in inputs.items():
        if len(given) > 1:
            first, second = sorted(given, key=lambda f: order.get(f, len(files)))[:2]
            batch = read.builder.batches.get(skey)
            name = (batch.props.get("url") if batch else None) or skey
            raise InputError(first, f"holds claims for the same source as {second} ({name}): a load replaces "
                                    "what a source holds, so give one of them (or both with --add, which adds "
                                    "claims to a source)")


def _load_paths(store: Store, paths: list[Path], options: ReadOptions,
                progress: Callable[[int, int], None] | None, chunk_claims: int, add: bool) -> LoadReport:
    files = collect_inputs(paths)
    # A file marked as loaded with --add may be loaded without it: the store holds its claims, but maybe
    # not only those, so the two are marked apart. Marks older than replacement name no sources: read again.
    fp = marks.fingerprint({**options.overrides(), **({"add": "1"} if add else {})}, options.gazetteers)
    mark_of = {f: marks.mark(f, fp) for f in files}
    held = {m: r for m, r in store.input_marks(sorted(set(mark_of.values()))).items()
            if "sources" in r and marks.cites_unchanged(r)}
    unchanged = [f for f in files if mark_of[f] in held]
    also_cited = {Path(c) for f in unchanged for c in held[mark_of[f]].get("cites", {})}
    todo = [f for f in files if f not in unchanged and f.resolve() not in also_cited]
    if todo == files and not add and store.exclusive_writes and not any(is_article(f) for f in files) \
            and sum(f.stat().st_size for f in files) >= STREAM_BYTES:
        streamed = _stream_into_empty(store, files, progress, chunk_claims, mark_of)
        if streamed is not None:
            return streamed
    redirects = curation.redirects(store)  # merges and aliases decided earlier apply to the claims read
    read = _read(todo, options, also_cited, redirects) if todo else _Read(_Builder())
    if todo:
        _require_claims(read, files, paths)
    batches = read.builder.finish()
    skipped = [f for f in unchanged if f.resolve() not in read.cited()]
    if not add:
        _one_input_per_source(files, read, {f: held[mark_of[f]]["sources"] for f in skipped})
    report = write_batches(store, list(read.claims), batches, progress, chunk_claims, add=add)
    records = [r.record for r in read.builder.records]
    if records:  # decisions the input holds (an export loaded back): applied to what the store now holds
        report = replace(report, curated=curation.apply_records(store, records))
    sources_of: dict[Path, list[str]] = {}  # a marked file's sources: a later load may skip it (above)
    for skey, fs in read.builder.inputs.items():
        for f in fs:
            sources_of.setdefault(f, []).append(skey)
    records = {mark_of[f]: {"claims": n, "cites": {str(c): marks.file_digest(c) for c in read.cites.get(f, ())},
                            "sources": sorted(sources_of.get(f, ()))}
               for f, n in read.claims.items()}
    store.record_input_marks(records)
    return replace(report, unchanged_files=len(skipped),
                   unchanged_claims=sum(held[mark_of[f]].get("claims", 0) for f in skipped))


def _chunks(batches: list[SourceBatch], size: int) -> Iterator[list[SourceBatch]]:
    """Whole sources, about `size` claims at a time: a source is never split between transactions."""
    chunk: list[SourceBatch] = []
    n = 0
    for batch in batches:
        chunk.append(batch)
        n += len(batch.claims)
        if n >= size:
            yield chunk
            chunk, n = [], 0
    if chunk:
        yield chunk


def _present(store: Store, chunk: list[SourceBatch], known: Known) -> Present:
    """What the store holds of the chunk's sources and their claims, and (for `known`) of the facts and
    entities this load has not met yet: a few indexed reads."""
    st = existing_sources([b.key for b in chunk])
    sources = {row[0]: dict(zip(STORED_SOURCE_FIELDS, row)) for row in store.read(st.cypher, st.params).rows}
    retracted = {}
    for ref, text in store.read(RETRACTIONS_OF, {"keys": [b.key for b in chunk]}).rows:
        rec = curation.read_record(text)
        retracted[ref] = (rec.reason, rec.at)
    claims: dict[str, dict[str, tuple]] = {}
    if sources:
        st = stored_claims([b.key for b in chunk if b.key in sources])
        for skey, ckey, *fields in store.read(st.cypher, st.params).rows:
            claims.setdefault(skey, {})[ckey] = tuple(fields)
    if known.exclusive:
        facts = sorted({k for b in chunk for k in b.facts if k not in known.facts})
        if facts:
            st = existing_facts(facts)
            known.facts.update(row[0] for row in store.read(st.cypher, st.params).rows)
        entities = sorted({k for b in chunk for k in b.entities if k not in known.entities})
        if entities:
            st = existing_entities(entities)
            for key, names, iso, wikidata in store.read(st.cypher, st.params).rows:
                known.entities[key] = (tuple(names or ()), iso, wikidata)
    return Present(sources, claims, retracted)


def write_batches(store: Store, files: list[Path], batches: list[SourceBatch],
                  progress: Callable[[int, int], None] | None = None, chunk_claims: int = CHUNK_CLAIMS,
                  add: bool = False) -> LoadReport:
    """Write validated batches, several whole sources per transaction; progress(claims done, claims total).
    A source the store holds comes out holding exactly its batch's claims, or (`add`) those and its batch's.

    The store executes one chunk while this process reads what the store holds of the next one and
    builds its statements, so both cores work. What the store holds is read before writing, so the
    store's write lock is held throughout: another load's writes wait rather than interleave.
    """
    total = sum(len(b.claims) for b in batches)
    with store.write_lock():
        tally, known = _write_chunks(store, _chunks(batches, chunk_claims), lambda done: total, progress, add)
    return LoadReport(files=len(files), sources=len(batches), claims=total,
                      facts=len({key for b in batches for key in b.facts}),  # one fact may span sources
                      new=tally.new, changed=tally.changed, kept=tally.unchanged, removed=tally.removed,
                      retracted=tally.retracted)


def _write_chunks(store: Store, chunks: Iterable[list[SourceBatch]], total: Callable[[int], int],
                  progress: Callable[[int, int], None] | None, add: bool = False,
                  fresh: bool = False) -> tuple[Tally, Known]:
    """Write chunks of whole sources under the write lock the caller holds. `fresh`: the store held nothing
    when the lock was taken, so the chunks are all it holds and nothing need be read from it; the groups
    to settle are then those with an undated claim (the only ones settle_groups would look at).
    `total(done)` is the claims of the whole load, as far as known when `done` are written."""
    ontology = load_ontology()
    loaded_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    done = 0
    known = Known(exclusive=store.exclusive_writes, only_new_sources=fresh and store.exclusive_writes)
    tally = Tally()
    undated: set[str] = set()
    marks_forgotten = False
    load = uuid.uuid4().hex  # tags the records of the sources this load writes and has not settled yet
    if not fresh:
        known.unsettled = {row[0] for row in store.read(UNSETTLED_SOURCES).rows}
    recorded, resettled = False, set()
    at = claim_index(ontology)
    date_at, fact_at, ident_at = at["date"], at["fact"], at["identity"]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-writer") as writer:
        pending: tuple[Future, int] | None = None
        try:
            for chunk in chunks:
                if fresh:
                    part = Tally()
                    statements = load_chunk(chunk, Present(), known, ontology, loaded_at, add, part)
                    tally.new += part.new
                    tally.unchanged += part.unchanged
                    undated.update(row[ident_at] for b in chunk for row in b.claims.values()
                                   if row[date_at] is None and row[fact_at] is not None)
                else:
                    statements = load_chunk(chunk, _present(store, chunk, known), known, ontology, loaded_at,
                                            add, tally)
                keys = [b.key for b in chunk]
                resettled.update(known.unsettled.intersection(keys))
                if statements:
                    statements.append(record_unsettled(load, keys))
                    recorded = True
                if pending is not None:
                    done = _finish(pending, done, total, progress)
                pending = (writer.submit(store.write, statements), sum(len(b.claims) for b in chunk))
                if (tally.reshaped or known.settle) and not marks_forgotten:
                    # Files loaded earlier may have said what is now removed, or not all a source now holds.
                    store.forget_input_marks()
                    marks_forgotten = True
                if known.settle:  # claims go in this chunk: write it before reading again
                    done = _finish(pending, done, total, progress)
                    pending, known.settle = None, False
        except BaseException:
            if pending is not None:
                pending[0].exception()  # what was sent is written (or refused) before anything else happens
            raise
        if pending is not None:
            done = _finish(pending, done, total, progress)
        groups = undated if fresh else tally.groups
        if groups:  # undated claims join the one dated fact of their group, or leave it
            curation.settle_groups(store, groups)
        if recorded or resettled:
            store.write(settled(load, list(resettled)))
    return tally, known


def _finish(pending: tuple[Future, int], done: int, total: Callable[[int], int],
            progress: Callable[[int, int], None] | None) -> int:
    future, claims = pending
    future.result()  # a store error surfaces here, before the next chunk is sent
    if progress:
        progress(done + claims, total(done + claims))
    return done + claims


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
    with store.write_lock():
        store.forget_input_marks()
        for key in keys:
            rows = store.read("MATCH (:Source {key: $key})<-[:IN_SOURCE]-(c:Claim) RETURN c.identity, c.predicate, "
                              "c.fact", {"key": key}).rows
            facts: dict[str, set[str]] = {}
            for _, predicate, fact in rows:
                if fact is not None:
                    facts.setdefault(predicate, set()).add(fact)
            # Read under the write lock on the embedded store; elsewhere another load may change them meanwhile.
            known = {t: sorted(k) for t, k in facts.items()} if store.exclusive_writes else None
            store.write(unload_source(key, load_ontology(), known))
            groups = sorted({r[0] for r in rows})
            curation.settle_groups(store, groups)  # an undated claim may join, or leave, a dated fact
        store.write(settled(None, keys))  # gone, they are nothing a later load could settle
    return keys
