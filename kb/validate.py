"""Validate claims against the ontology and their source text, and group them into per-source batches.

Everything here is pure Python: a batch that comes out of `build_batches` is fully checked,
so the store only ever receives statements that cannot fail on content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kb.claims import Claim
from kb.dates import parse_partial
from kb.entities import Entity, resolve
from kb.errors import InputError
from kb.ontology import Ontology


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
    claims: dict[str, dict] = field(default_factory=dict)  # claim key -> row
    facts: dict[str, dict] = field(default_factory=dict)  # fact key -> row


def digest(*parts: object) -> str:
    blob = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


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


def _date_props(date: str | None) -> dict:
    if date is None:
        return {"date": None, "date_from": None, "date_to": None, "precision": None}
    start, end, precision = parse_partial(date)
    return {"date": date, "date_from": start, "date_to": end, "precision": precision}


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


def _check_quote(item: Located, text: str | None) -> tuple[int | None, int | None]:
    c = item.claim
    if text is None:
        if c.span is not None and c.span[1] - c.span[0] != len(c.quote):
            raise InputError(item.path, f"span {list(c.span)} is {c.span[1] - c.span[0]} characters but the "
                                        f"quote has {len(c.quote)}", item.line)
        return (c.span[0], c.span[1]) if c.span else (None, None)
    if c.span is not None:
        start, end = c.span
        if text[start:end] != c.quote:
            where = text.find(c.quote)
            hint = f" (it occurs at [{where}, {where + len(c.quote)}])" if where >= 0 else ""
            raise InputError(item.path, f"quote is not in the source text at span {list(c.span)}{hint}", item.line)
        return start, end
    start = text.find(c.quote)
    if start < 0:
        raise InputError(item.path, f"quote does not occur in the source text: {c.quote[:60]!r}", item.line)
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


def _merge_entity(batch: SourceBatch, ent: Entity, item: Located) -> None:
    old = batch.entities.get(ent.key)
    if old is None:
        batch.entities[ent.key] = ent
        return
    if old.kind != ent.kind:
        raise InputError(item.path, f"entity key {ent.key!r} is a {old.kind} and a {ent.kind}", item.line)
    names = old.names + tuple(n for n in ent.names if n not in old.names)
    batch.entities[ent.key] = Entity(old.key, old.kind, old.name, names, old.iso or ent.iso,
                                     old.wikidata or ent.wikidata)


def _source_texts(items: list[Located]) -> list[tuple[str | None, dict]]:
    """Each claim's source text (inline or from source.path) and metadata."""
    texts = _TextCache()
    out = []
    for item in items:
        src = item.claim.source
        text = src.text
        if src.path is not None:
            from_file = texts.read(item, src.path)
            if text is not None and text != from_file:
                raise InputError(item.path, "source.text and the file at source.path differ", item.line)
            text = from_file
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None
        out.append((text, {"url": src.url, "title": src.title, "outlet": src.outlet, "published": src.published,
                           "language": src.language, "text": text, "sha256": sha}))
    return out


def _source_keys(sources: list[tuple[str | None, dict]]) -> list[str]:
    """One key per claim's source. A claim that gives only the text (or path) of a source that
    another claim names by URL belongs to that URL's source, so a file need not repeat metadata."""
    url_by_sha: dict[str, set[str]] = {}
    for _, props in sources:
        if props["url"] and props["sha256"]:
            url_by_sha.setdefault(props["sha256"], set()).add(props["url"])
    keys = []
    for _, p in sources:
        url = p["url"]
        if not url and p["sha256"] and len(url_by_sha.get(p["sha256"], ())) == 1:
            url = next(iter(url_by_sha[p["sha256"]]))
        keys.append(source_key(url, p["sha256"], p["title"], p["outlet"], p["published"]))
    return keys


def build_batches(items: list[Located], ontology: Ontology) -> list[SourceBatch]:
    """Check every claim and return one batch per source, in first-seen order. Raises InputError."""
    for item in items:
        _check_ontology(item, ontology)
    sources = _source_texts(items)
    keys = _source_keys(sources)
    batches: dict[str, SourceBatch] = {}
    for item, (_, props), skey in zip(items, sources, keys):
        batch = batches.get(skey)
        if batch is None:
            where = f"{item.path}:{item.line}" if item.line else str(item.path)
            batch = batches[skey] = SourceBatch(key=skey, props={}, origin=where)
        _merge_source(batch, props, item)
    for item, skey in zip(items, keys):
        c = item.claim
        batch = batches[skey]
        start, end = _check_quote(item, batch.props.get("text"))

        subj, obj = resolve(c.subject), resolve(c.object)
        _merge_entity(batch, subj, item)
        _merge_entity(batch, obj, item)
        pred = ontology.predicates[c.predicate]
        dates = _date_props(c.date)
        ckey = "claim:" + digest(skey, subj.key, c.predicate, obj.key, sorted(c.qualifiers.items()), c.date,
                                 c.polarity, c.quote, start, end)
        fkey = None
        if c.polarity == "asserted":
            ident = {q: c.qualifiers[q] for q in pred.identifying if q in c.qualifiers}
            fkey, a, b = fact_key(subj.key, c.predicate, obj.key, c.date, ident, pred.symmetric)
            fact = batch.facts.get(fkey)
            if fact is None:
                batch.facts[fkey] = {"key": fkey, "type": c.predicate, "a": a, "b": b, "claims": [ckey],
                                     "props": {**dates, **c.qualifiers}}
            elif ckey not in fact["claims"]:
                fact["claims"].append(ckey)
        batch.claims[ckey] = {
            "key": ckey, "subject": subj.key, "object": obj.key,
            "props": {"predicate": c.predicate, **dates, "date_text": c.date_text, "polarity": c.polarity,
                      "quote": c.quote, "start": start, "end": end, "confidence": c.confidence,
                      "extractor": c.extractor, "fact": fkey, **c.qualifiers},
        }
    return list(batches.values())
