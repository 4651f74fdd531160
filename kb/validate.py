"""Validate claims against the ontology and their source text, and group them into per-source batches.

Everything here is pure Python: a batch that comes out of `build_batches` is fully checked,
so the store only ever receives statements that cannot fail on content.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from json.encoder import c_make_encoder, encode_basestring
from pathlib import Path
from typing import Iterable

from kb.claims import Alias, Claim, EntityCard, EntityRef, Merge, Retraction, SourceRef
from kb.dates import parse_partial
from kb.entities import Entity, fold, resolve
from kb.errors import InputError
from kb.ontology import Ontology
from kb.rows import DATE_FIELDS, claim_fields, claim_pair, fact_fields, index, qualifier_names


@dataclass(frozen=True)
class Located:
    """A parsed claim and where it came from (file and line, for error messages)."""

    claim: Claim
    path: Path
    line: int | None


@dataclass
class SourceBatch:
    """Everything one source contributes to the graph: written as one transaction."""

    key: str
    props: dict
    origin: str
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: dict[str, tuple] = field(default_factory=dict)  # claim key -> row (kb.rows.claim_fields)
    facts: dict[str, dict] = field(default_factory=dict)  # fact key -> {type, claims, row (kb.rows.fact_fields)}
    unchecked: list[tuple[str, Path, int | None]] = field(default_factory=list)  # quotes awaiting the text
    parts: set[tuple[str, str]] = field(default_factory=set)  # (organ key, its state's or organization's key)


# One encoder for every key: json.dumps with options builds a new one per call, which cost more than
# the hashing itself in a profile of a 100k-claim load. The output is byte for byte the same.
_KEY_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
# Its C encoder, made once (JSONEncoder.encode makes one per call: a third of a key's cost); the same bytes.
# No check for circular values: a key's parts are strings, numbers and short lists.
_KEY_C = c_make_encoder and c_make_encoder(None, _KEY_JSON.default, encode_basestring, None, ":", ",", True, False,
                                           True)


def digest(*parts: object) -> str:
    text = "".join(_KEY_C(parts, 0)) if _KEY_C else _KEY_JSON.encode(parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def source_key(url: str | None, sha256: str | None, title: str | None, outlet: str | None,
               published: str | None) -> str:
    """A source is its URL when it has one, else its text, else its title/outlet/date."""
    if url:
        return "src:" + digest("url", url)
    if sha256:
        return "src:" + digest("text", sha256)
    return "src:" + digest("meta", title, outlet, published)


def fact_key(subject: str, predicate: str, obj: str, date: str | None, identifying: dict[str, str],
             symmetric: bool) -> tuple[str, str, str]:
    """(key, from, to): one fact per subject, predicate, object, date and identifying qualifiers."""
    a, b = (subject, obj)
    if symmetric and b < a:
        a, b = b, a
    return "fact:" + digest(a, predicate, b, date, sorted(identifying.items())), a, b


def retraction_key(skey: str, subject: str, predicate: str, obj: str, quote: str) -> str:
    """A claim as a retraction names it: its source, its ends as the claim named them (before any merge),
    its predicate and its quote. The same words about the same things in the same source, whatever the
    claim's date, qualifiers or confidence: a retraction holds when a re-extraction brings the claim back."""
    return "ref:" + digest(skey, subject, predicate, obj, quote)


def alias_key(rec: Alias) -> str:
    """The key an alias's name makes by itself: claims naming that key land on the alias's entity."""
    return resolve(EntityRef(name=rec.name, kind=rec.to_entity.kind)).key


def _target(card: EntityCard, key: str) -> Entity:
    return Entity(key, card.kind, card.name, tuple(card.names) or (card.name,), card.iso, card.wikidata)


@dataclass(frozen=True)
class LocatedRecord:
    """A curation record read from an input file (kb.claims.Retraction, Merge, Alias), and where."""

    record: Retraction | Merge | Alias
    path: Path
    line: int | None


@dataclass
class Redirects:
    """Curation decisions a load applies to the entities claims name (kb/curation.py keeps them): keys merged
    away -> the entity they were merged into, and names an analyst gave an entity (folded) -> that entity."""

    keys: dict[str, Entity] = field(default_factory=dict)
    names: dict[str, Entity] = field(default_factory=dict)

    def take(self, rec: Retraction | Merge | Alias) -> None:
        """What a merge or an alias record sends where (a retraction sends nothing)."""
        if isinstance(rec, Merge):
            self.keys[rec.merged] = _target(rec.into_entity, rec.into)
        elif isinstance(rec, Alias):
            target = _target(rec.to_entity, rec.to)
            self.names[fold(rec.name)] = target
            own = alias_key(rec)
            if own != rec.to:
                self.keys.setdefault(own, target)

    def apply(self, ent: Entity) -> Entity:
        """The entity a claim naming `ent` lands on: itself, or where merges and aliases send it."""
        if not self.keys and not self.names:
            return ent
        target = self.names.get(fold(ent.name)) if ent.key not in self.keys else None
        key = target.key if target is not None else ent.key
        for _ in range(16):  # a chain of merges (A into B, then B into C); a cycle is refused when merging
            nxt = self.keys.get(key)
            if nxt is None:
                break
            target, key = nxt, nxt.key
        if target is None or target.key == ent.key:
            return ent
        names = target.names + tuple(n for n in ent.names if n not in target.names)
        return Entity(target.key, target.kind, target.name, names, target.iso, target.wikidata, ent.part_of)


def identity_key(subject: str, predicate: str, obj: str, identifying: dict[str, str], symmetric: bool) -> str:
    """What a claim is about, whatever its date and polarity: claims that share it and disagree (one
    negated, or dates apart) contradict each other. Symmetric predicates ignore the direction."""
    a, b = (subject, obj) if not symmetric or subject <= obj else (obj, subject)
    return "id:" + digest(a, predicate, b, sorted(identifying.items()))


@lru_cache(maxsize=65536)
def date_props(date: str | None) -> tuple:
    """(date, date_from, date_to, precision): kb.rows.DATE_FIELDS."""
    if date is None:
        return (None, None, None, None)
    start, end, precision = parse_partial(date)
    return (date, start, end, precision)


class _TextCache:
    """Source texts read from `source.path`, relative to the claims file, inside its folder."""

    def __init__(self) -> None:
        self._texts: dict[Path, str] = {}

    def read(self, item: Located, rel: str) -> str:
        base = item.path.parent.resolve()
        target = (base / rel).resolve()
        if not target.is_relative_to(base):
            raise InputError(item.path, f"source.path {rel!r} points outside the claims file's folder", item.line)
        if target not in self._texts:
            try:
                self._texts[target] = target.read_bytes().decode("utf-8")
            except FileNotFoundError:
                raise InputError(item.path, f"source.path {rel!r} does not exist", item.line) from None
            except IsADirectoryError:
                raise InputError(item.path, f"source.path {rel!r} is a directory", item.line) from None
            except UnicodeDecodeError as exc:
                raise InputError(item.path, f"source.path {rel!r} is not UTF-8 (byte {exc.start})",
                                 item.line) from None
            except OSError as exc:
                raise InputError(item.path, f"source.path {rel!r} cannot be read: {exc.strerror}",
                                 item.line) from None
        return self._texts[target]


def _check_ontology(item: Located, ontology: Ontology) -> None:
    c = item.claim

    def fail(problem: str) -> InputError:
        return InputError(item.path, problem, item.line)

    pred = ontology.predicates.get(c.predicate)
    if pred is None:
        raise fail(f"unknown predicate {c.predicate!r}")
    for role, ref, allowed in (("subject", c.subject, pred.domain), ("object", c.object, pred.range)):
        if ref.kind not in ontology.kinds:
            raise fail(f"{role} {ref.name!r} has unknown kind {ref.kind!r}")
        if ref.kind not in allowed:
            raise fail(f"{c.predicate} does not allow a {ref.kind} as {role} ({ref.name!r}); "
                       f"allowed: {', '.join(sorted(allowed))}")
    for name, value in c.qualifiers.items():
        spec = pred.qualifiers.get(name)
        if spec is None:
            allowed_q = ", ".join(sorted(pred.qualifiers)) or "none"
            raise fail(f"{c.predicate} has no qualifier {name!r} (allowed: {allowed_q})")
        if spec.values is not None and value not in spec.values:
            raise fail(f"{c.predicate} qualifier {name}={value!r} is not one of {', '.join(spec.values)}")


def _quote_problem(quote: str, span: tuple[int, int] | None, text: str) -> str | None:
    if span is not None:
        start, end = span
        if text[start:end] == quote:
            return None
        where = text.find(quote)
        hint = f" (it occurs at [{where}, {where + len(quote)}])" if where >= 0 else ""
        return f"quote is not in the source text at span {list(span)}{hint}"
    if text.find(quote) < 0:
        return f"quote does not occur in the source text: {quote[:60]!r}"
    return None


def _check_quote(item: Located, text: str | None) -> tuple[int | None, int | None]:
    """The claim's [start, end) in `text`; without a text only the span's length can be checked."""
    c = item.claim
    if text is None:
        if c.span is not None and c.span[1] - c.span[0] != len(c.quote):
            raise InputError(item.path, f"span {list(c.span)} is {c.span[1] - c.span[0]} characters but the "
                                        f"quote has {len(c.quote)}", item.line)
        return (c.span[0], c.span[1]) if c.span else (None, None)
    problem = _quote_problem(c.quote, c.span, text)
    if problem:
        raise InputError(item.path, problem, item.line)
    if c.span is not None:
        return c.span
    start = text.find(c.quote)
    return start, start + len(c.quote)


def _merge_source(batch: SourceBatch, props: dict, item: Located) -> None:
    for k, v in props.items():
        if v is None:
            continue
        old = batch.props.get(k)
        if old is None:
            batch.props[k] = v
        elif old != v:
            raise InputError(item.path, f"source {k} {v!r} disagrees with {old!r} given earlier for the same "
                                        f"source ({batch.origin})", item.line)


def _merge_entity(batch: SourceBatch, ent: Entity, path: Path, line: int | None) -> None:
    old = batch.entities.get(ent.key)
    if old is None:
        batch.entities[ent.key] = ent
        return
    if old.kind != ent.kind:
        raise InputError(path, f"entity key {ent.key!r} is a {old.kind} and a {ent.kind}", line)
    names = old.names + tuple(n for n in ent.names if n not in old.names)
    batch.entities[ent.key] = Entity(old.key, old.kind, old.name, names, old.iso or ent.iso,
                                     old.wikidata or ent.wikidata, old.part_of or ent.part_of)


def _ref_memo(ref: EntityRef) -> tuple:
    """Everything a reference says, up its part_of chain, as a dictionary key (model_dump_json cost a tenth of
    reading a claim)."""
    parent = ref.part_of
    return (ref.name, ref.kind, ref.key, tuple(ref.names), ref.iso, ref.wikidata,
            None if parent is None else _ref_memo(parent))


class BatchBuilder:
    """Checks claims one at a time and groups them into per-source batches, in first-seen order.

    Claims arrive as a stream (a file at a time) and leave as compact rows, so memory holds the rows
    and the source texts, not the parsed claims. Two checks need the whole input and wait for
    `finish()`: a claim that gives a source's text without its URL joins the source another claim
    names by URL with the same text, and a quote whose source text arrives on a later line is
    checked (and, without a span, located) once the text is known.
    """

    def __init__(self, ontology: Ontology, redirects: Redirects | None = None) -> None:
        self.ontology = ontology
        self.redirects = redirects or Redirects()
        self.records: list[LocatedRecord] = []  # curation records among the input, in the order read
        self.fields = claim_fields(ontology)
        self.part_of = ontology.structure.get("PART_OF")  # the structural relation organs hang on
        self.batches: dict[str, SourceBatch] = {}
        self._texts = _TextCache()
        self._url_by_sha: dict[str, set[str]] = {}
        self._deferred: list[tuple[Located, dict]] = []
        self._entities: dict[tuple, Entity] = {}
        self._strings: dict[str, str] = {}
        self._shas: dict[str, str] = {}
        self._source_keys: dict[tuple, str] = {}

    def add(self, item: Located | LocatedRecord) -> None:
        if isinstance(item, LocatedRecord):  # it applies to the claims read after it (kb.curation: and before)
            self.records.append(item)
            self.redirects.take(item.record)
            self._entities.clear()
            return
        _check_ontology(item, self.ontology)
        props = self._source_props(item)
        url, sha = props["url"], props["sha256"]
        if url and sha:
            self._url_by_sha.setdefault(sha, set()).add(url)
        if not url and sha:  # its source key depends on URLs not seen yet
            self._deferred.append((item.__class__(item.claim.model_copy(update={"source": _no_text(item)}),
                                                  item.path, item.line), props))
            return
        ident = (url, sha, props["title"], props["outlet"], props["published"])
        skey = self._source_keys.get(ident)
        if skey is None:  # every claim of a source names it: its key is hashed once
            skey = self._source_keys[ident] = source_key(*ident)
        self._place(item, props, skey)

    def __getstate__(self) -> dict:
        # Sent back from a validation worker: the caches stay behind (the texts are in batch props).
        return {**self.__dict__, "_texts": _TextCache(), "_entities": {}, "_strings": {}, "_shas": {},
                "_source_keys": {}}

    def absorb(self, other: "BatchBuilder") -> None:
        """Take in what another builder read (the next files, validated in another process)."""
        for key, theirs in other.batches.items():
            mine = self.batches.get(key)
            if mine is None:
                self.batches[key] = theirs
            else:
                _merge_batches(mine, theirs)
        for sha, urls in other._url_by_sha.items():
            self._url_by_sha.setdefault(sha, set()).update(urls)
        self._deferred += other._deferred
        self.records += other.records

    def finish(self) -> list[SourceBatch]:
        for item, props in self._deferred:
            urls = self._url_by_sha.get(props["sha256"], ())
            url = next(iter(urls)) if len(urls) == 1 else None
            self._place(item, props, source_key(url, props["sha256"], props["title"], props["outlet"],
                                                props["published"]))
        self._deferred = []
        for batch in self.batches.values():
            if batch.props.get("text") is None and batch.props.get("sha256") is not None:
                path, _, line = batch.origin.rpartition(":")
                where = (path, int(line)) if line.isdigit() else (batch.origin, None)
                raise InputError(where[0], f"source.sha256 {batch.props['sha256'][:12]}... names a text no claim "
                                           f"of the input gives (in source.text or source.path)", where[1])
            if batch.unchecked and batch.props.get("text") is not None:
                self._check_late(batch)
        return list(self.batches.values())

    def _source_props(self, item: Located) -> dict:
        src = item.claim.source
        text = src.text
        if src.path is not None:
            from_file = self._texts.read(item, src.path)
            if text is not None and text != from_file:
                raise InputError(item.path, "source.text and the file at source.path differ", item.line)
            text = from_file
        # Without a text, `sha256` names the text another claim of the input gives (kb extract writes each once).
        sha = self._sha(text) if text is not None else src.sha256
        if src.sha256 is not None and sha != src.sha256:
            raise InputError(item.path, "source.sha256 is not the SHA-256 of the text at source.path", item.line)
        return {"url": src.url, "title": src.title, "outlet": src.outlet, "published": src.published,
                "language": src.language, "text": text, "sha256": sha}

    def _sha(self, text: str) -> str:
        """A text's SHA-256, once per text: every claim of a source carries it (an article of a few MB
        gives thousands of claims)."""
        sha = self._shas.get(text)
        if sha is None:
            sha = self._shas[text] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return sha

    def _shared(self, value: str | None) -> str | None:
        return value if value is None else self._strings.setdefault(value, value)

    def _named(self, ref: EntityRef) -> tuple[str, Entity]:
        """The key of the entity as the claim names it, and the entity it lands on (merges and aliases)."""
        memo = _ref_memo(ref)
        got = self._entities.get(memo)
        if got is None:
            ent = resolve(ref)
            got = self._entities[memo] = (ent.key, self.redirects.apply(ent))
        return got

    def _entity(self, ref: EntityRef) -> Entity:
        return self._named(ref)[1]

    def _merge_with_parents(self, batch: SourceBatch, ref: EntityRef, ent: Entity, item: Located) -> None:
        """The entity, and the organs it belongs to up its PART_OF chain (OFAC, the Treasury, the US)."""
        _merge_entity(batch, ent, item.path, item.line)
        depth = 0
        while ref.part_of is not None and depth < 5:  # a chain, not a cycle: a few levels at most
            parent_ref = ref.part_of
            parent = self._entity(parent_ref)
            if self.part_of is None:
                raise InputError(item.path, "the ontology has no PART_OF relation for part_of", item.line)
            if parent.key == ent.key:
                raise InputError(item.path, f"entity {ent.key!r} is part_of itself", item.line)
            if ent.kind not in self.part_of.domain or parent.kind not in self.part_of.range:
                raise InputError(item.path, f"a {ent.kind} cannot be part_of a {parent.kind} "
                                            f"({ent.key!r} part_of {parent.key!r})", item.line)
            _merge_entity(batch, parent, item.path, item.line)
            batch.parts.add((ent.key, parent.key))
            ref, ent, depth = parent_ref, parent, depth + 1

    def _place(self, item: Located, props: dict, skey: str) -> None:
        batch = self.batches.get(skey)
        if batch is None:
            where = f"{item.path}:{item.line}" if item.line else str(item.path)
            batch = self.batches[skey] = SourceBatch(key=skey, props={}, origin=where)
        _merge_source(batch, props, item)
        c = item.claim
        text = batch.props.get("text")
        start, end = _check_quote(item, text)
        (named_s, subj), (named_o, obj) = self._named(c.subject), self._named(c.object)
        self._merge_with_parents(batch, c.subject, subj, item)
        self._merge_with_parents(batch, c.object, obj, item)
        # A claim's key and retraction key are made of the ends as it names them: a merge does not change them.
        ckey = claim_key(skey, named_s, c.predicate, named_o, c.qualifiers, c.date, c.polarity, c.quote, start, end)
        if text is None:
            batch.unchecked.append((ckey, item.path, item.line))
        dates = date_props(c.date)
        pred = self.ontology.predicates[c.predicate]
        ident = {q: c.qualifiers[q] for q in pred.identifying if q in c.qualifiers}
        identity = identity_key(subj.key, c.predicate, obj.key, ident, pred.symmetric)
        fkey = None
        if c.polarity == "asserted":
            fkey, a, b = fact_key(subj.key, c.predicate, obj.key, c.date, ident, pred.symmetric)
            fact = batch.facts.get(fkey)
            if fact is None:
                values = {"key": fkey, "a": a, "b": b, **dict(zip(DATE_FIELDS, dates)), **c.qualifiers}
                batch.facts[fkey] = {"type": c.predicate, "claims": [ckey],
                                     "row": tuple(map(values.get, fact_fields(self.ontology, c.predicate)))}
            elif ckey not in batch.claims:  # a repeated line is placed once (a list lookup grew with the fact)
                fact["claims"].append(ckey)
        # Memory: a million claims are held until the load writes them. Repeated strings are shared, and
        # a quote checked against its text is not kept: it is sliced from the text again when written. The
        # pair's head is added then too (kb.statements._claim_rows).
        share = self._shared
        values = {"key": ckey, "source": skey, "subject": subj.key, "object": obj.key,
                  "predicate": sys.intern(c.predicate), **dict(zip(DATE_FIELDS, dates)),
                  "date_text": share(c.date_text), "polarity": sys.intern(c.polarity),
                  "quote": None if text is not None else c.quote, "start": start, "end": end,
                  "confidence": c.confidence, "extractor": share(c.extractor), "fact": fkey and share(fkey),
                  "identity": share(identity), "pair": share(claim_pair(subj.key, obj.key)),
                  "ref": retraction_key(skey, named_s, c.predicate, named_o, c.quote),
                  "named_subject": named_s if named_s != subj.key else None,
                  "named_object": named_o if named_o != obj.key else None,
                  **{q: share(v) for q, v in c.qualifiers.items()}}
        batch.claims[ckey] = tuple(map(values.get, self.fields))  # (map: a third of a generator's time)

    def _check_late(self, batch: SourceBatch) -> None:
        """Quotes read before their source's text: check them now, and place those without a span."""
        text = batch.props["text"]
        at = index(self.fields)
        for ckey, path, line in batch.unchecked:
            row = batch.claims.pop(ckey, None)
            if row is None:
                continue  # a duplicate line, already placed
            quote, start = row[at["quote"]], row[at["start"]]
            span = (start, row[at["end"]]) if start is not None else None
            problem = _quote_problem(quote, span, text)
            if problem:
                raise InputError(path, problem, line)
            if span is None:
                start = text.find(quote)
                quals = {q: row[at[q]] for q in qualifier_names(self.ontology) if row[at[q]] is not None}
                named_s = row[at["named_subject"]] or row[at["subject"]]
                named_o = row[at["named_object"]] or row[at["object"]]
                new = claim_key(batch.key, named_s, row[at["predicate"]], named_o, quals,
                                row[at["date"]], row[at["polarity"]], quote, start, start + len(quote))
                row = row[:at["key"]] + (new,) + row[at["key"] + 1:at["start"]] + (start, start + len(quote)) \
                    + row[at["end"] + 1:]
                fact = batch.facts.get(row[at["fact"]]) if row[at["fact"]] else None
                if fact is not None:
                    fact["claims"] = [new if k == ckey else k for k in fact["claims"]]
                ckey = new
            batch.claims[ckey] = row
        batch.unchecked = []


def _merge_batches(mine: SourceBatch, theirs: SourceBatch) -> None:
    """One source whose claims came from two files."""
    path, _, line = theirs.origin.rpartition(":")
    where = (path, int(line)) if line.isdigit() else (theirs.origin, None)
    for k, v in theirs.props.items():
        old = mine.props.get(k)
        if old is None:
            mine.props[k] = v
        elif v is not None and old != v:
            raise InputError(where[0], f"source {k} {v!r} disagrees with {old!r} given earlier for the same "
                                       f"source ({mine.origin})", where[1])
    for ent in theirs.entities.values():
        _merge_entity(mine, ent, Path(where[0]), where[1])
    for ckey, row in theirs.claims.items():
        mine.claims.setdefault(ckey, row)
    for fkey, fact in theirs.facts.items():
        have = mine.facts.get(fkey)
        if have is None:
            mine.facts[fkey] = fact
        else:
            known = set(have["claims"])
            have["claims"] += [k for k in fact["claims"] if k not in known]
    mine.unchecked += theirs.unchecked


def _no_text(item: Located) -> SourceRef:
    """A deferred claim keeps its source without the inline text (held once in its props instead)."""
    return item.claim.source.model_copy(update={"text": None, "path": None})


def claim_key(skey: str, subject: str, predicate: str, obj: str, qualifiers: dict[str, str], date: str | None,
              polarity: str, quote: str, start: int | None, end: int | None) -> str:
    return "claim:" + digest(skey, subject, predicate, obj, sorted(qualifiers.items()), date, polarity, quote,
                             start, end)


def build_batches(items: Iterable[Located], ontology: Ontology) -> list[SourceBatch]:
    """Check every claim and return one batch per source, in first-seen order. Raises InputError."""
    builder = BatchBuilder(ontology)
    for item in items:
        builder.add(item)
    return builder.finish()
