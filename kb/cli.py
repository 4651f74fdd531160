"""The `kb` command: thin typer commands, each calling one library function.

Any KbError becomes one line on stderr and exit code 1; no traceback, no locals, no secrets.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from kb.errors import KbError
from kb.settings import Settings

app = typer.Typer(
    name="kb",
    help="A geopolitical knowledge base: load sourced claims into a graph and query them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)

StoreOpt = typer.Option(None, "--store", "-s", help="Store: a directory (embedded FalkorDB), a bolt:// / "
                        "neo4j:// URI (Neo4j) or a falkordb:// / redis:// URL (a FalkorDB server). Default: "
                        "$KB_STORE or ./kb-data.", show_default=False)
FormatOpt = typer.Option(None, "--format", "-f", help="table | json | csv (default: table on a terminal, "
                         "json otherwise)", show_default=False)
ParamOpt = typer.Option(None, "--param", "-p", help="NAME=VALUE, repeatable.", show_default=False)


def _store(store: Optional[str]):
    return _open(Settings.from_env(store))


def _open(settings: Settings):
    from kb.settings import is_neo4j_uri
    from kb.stores import open_store

    if is_neo4j_uri(settings.store) and settings.neo4j_password is None and sys.stdin.isatty():
        import dataclasses
        import getpass

        # Asked for, never taken from a flag: a flag would show in the process list and shell history.
        password = getpass.getpass(f"Neo4j password for {settings.neo4j_user} at {settings.store}: ")
        settings = dataclasses.replace(settings, neo4j_password=password)
    return open_store(settings)


def _err(message: str) -> None:
    typer.echo(f"kb: error: {message}", err=True)


def _check_format(fmt: Optional[str]) -> None:
    """An unknown --format fails before the store is opened (render would say the same afterwards)."""
    from kb.output import FORMATS

    if fmt is not None and fmt not in FORMATS:
        raise KbError(f"--format {fmt!r}: want one of {', '.join(FORMATS)}")


PublishedOpt = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) of the articles, over "
                            "what they say.", show_default=False)
LangOpt = typer.Option(None, "--lang", help="Language of the articles (ar or en), over what they say.",
                       show_default=False)
UrlOpt = typer.Option(None, "--url", help="URL of the article, over what it says.", show_default=False)
GazetteerOpt = typer.Option(None, "--gazetteer", help="Extra gazetteer YAML (repeatable): your own entities "
                            "and aliases.", show_default=False)


def _read_options(published: Optional[str], lang: Optional[str], url: Optional[str],
                  gazetteer: Optional[list[Path]]):
    from kb.dates import check_day
    from kb.errors import ConfigError
    from kb.loading import ReadOptions

    if published is not None:
        try:
            check_day(published)
        except ValueError as exc:
            raise ConfigError(f"--published: {exc}") from None
    if lang is not None and lang not in ("ar", "en"):
        raise ConfigError(f"--lang {lang!r}: want ar or en")
    return ReadOptions(published=published, language=lang, url=url, gazetteers=tuple(gazetteer or ()))


@app.command()
def load(paths: list[Path] = typer.Argument(..., help="Articles (.txt, .md, .html, .jsonl records), claims "
                                            "files (.jsonl, .json, .yaml) or directories of them."),
         published: Optional[str] = PublishedOpt, lang: Optional[str] = LangOpt, url: Optional[str] = UrlOpt,
         gazetteer: Optional[list[Path]] = GazetteerOpt, store: Optional[str] = StoreOpt,
         add: bool = typer.Option(False, "--add", help="Add the claims to those the store holds of their sources "
                                  "(e.g. a hand-written claim beside extracted ones) instead of replacing them.")) -> None:
    """Extract claims from articles, validate all claims and load them, whole sources per transaction.
    A source the store holds is replaced: it keeps exactly the claims loaded (unless --add). A bad file
    changes nothing."""
    from kb.loading import load_paths

    options = _read_options(published, lang, url, gazetteer)
    settings = Settings.from_env(store)
    chunk = settings.chunk_claims
    from kb.progress import load_progress

    with _open(settings) as st, load_progress() as progress:  # a bar on a terminal, for long loads only
        report = load_paths(st, paths, options, chunk_claims=chunk, add=add, progress=progress)
    # What changed, unless every claim is new and nothing went (a first load says just how many).
    counts = [(report.new, "new"), (report.changed, "changed"), (report.kept, "unchanged"),
              (report.removed, "removed"), (report.retracted, "retracted earlier")]
    changes = ("" if report.new == report.claims and not report.removed
               else ", ".join(f"{n} {what}" for n, what in counts if n) + "; ")
    unchanged = (f"; {report.unchanged_files} files ({report.unchanged_claims} claims) were already loaded and "
                 f"unchanged" if report.unchanged_files else "")
    curated = f"; {report.curated} curation records applied" if report.curated else ""
    typer.echo(f"loaded {report.claims} claims ({changes}{report.facts} facts) from {report.sources} sources "
               f"in {report.files} files into {st.location}{unchanged}{curated}")


@app.command()
def extract(paths: list[Path] = typer.Argument(..., help="Articles (.txt, .md, .html, .jsonl records) or "
                                               "directories of them."),
            output: Optional[Path] = typer.Option(None, "--output", "-o", help="A .jsonl file for all claims, "
                                                  "or a directory: one NAME.jsonl per article. Default: stdout."),
            published: Optional[str] = PublishedOpt, lang: Optional[str] = LangOpt, url: Optional[str] = UrlOpt,
            gazetteer: Optional[list[Path]] = GazetteerOpt) -> None:
    """Extract claims from articles without touching the store, for review; `kb load` takes the result."""
    from kb.extraction import extract_to
    from kb.progress import extract_progress

    options = _read_options(published, lang, url, gazetteer)
    with extract_progress() as progress:  # a bar on a terminal, once extraction takes a while
        n = extract_to(paths, output, options, progress)
    if output is not None:
        typer.echo(f"extracted {n} claims to {output}", err=True)


@app.command()
def query(name: str = typer.Argument(..., help="A canned query name (see `kb queries`)."),
          param: Optional[list[str]] = ParamOpt, fmt: Optional[str] = FormatOpt,
          aliases: bool = typer.Option(False, "--aliases", help="Tables: also show entities' other names "
                                       "(JSON and CSV always have them)."),
          page: int = typer.Option(1, "--page", help="Paged queries (`kb queries` marks them): which page, from 1."),
          page_size: Optional[int] = typer.Option(None, "--page-size", help="Paged queries: rows a page "
                                                  "(default: the query's own, 100 for most).", show_default=False),
          store: Optional[str] = StoreOpt) -> None:
    """Run a canned query (read-only). A paged query shows one page and says on stderr how many rows remain."""
    from kb.output import page_footer, render
    from kb.queries import check_page, get_query, parse_params, run_query

    given = parse_params(param or [])
    check_page(get_query(name), page, page_size)  # unknown names and pages fail before a store is opened
    _check_format(fmt)  # so does an unknown format, before a query can fail on an unknown actor
    with _store(store) as st:
        result = run_query(st, name, given, page=page, page_size=page_size)
    render(result, fmt, aliases=aliases)
    footer = page_footer(result, page)
    if footer:
        typer.echo(footer, err=True)


@app.command()
def queries(fmt: Optional[str] = FormatOpt) -> None:
    """List the canned queries with their titles and parameters."""
    from kb.output import render
    from kb.queries import catalog
    from kb.stores.base import Result

    rows = [[q.name, q.title, ", ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in q.params),
             q.page_size] for q in catalog().values()]
    render(Result(["name", "title", "parameters", "page_size"], rows), fmt)


@app.command()
def sources(fmt: Optional[str] = FormatOpt, store: Optional[str] = StoreOpt) -> None:
    """List the sources: key, URL, title, outlet, publication date, language and number of claims."""
    from kb.output import render
    from kb.queries import list_sources

    _check_format(fmt)
    with _store(store) as st:
        result = list_sources(st)
    render(result, fmt)


@app.command()
def entities(text: Optional[str] = typer.Argument(None, help="Only entities with this text in a name (any case, "
                                                  "any language; with a colon, in a key too).", show_default=False),
             kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Only entities of this kind (State, "
                                                "Organization, Person, ...).", show_default=False),
             fmt: Optional[str] = FormatOpt, store: Optional[str] = StoreOpt) -> None:
    """List entities: key, name, kind, other names, number of facts, and whether the gazetteer knows them."""
    from kb.output import render
    from kb.queries import list_entities

    _check_format(fmt)
    with _store(store) as st:
        result = list_entities(st, text, kind)
    render(result, fmt)


def _raw_value(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


@app.command()
def cypher(text: str = typer.Argument(..., help="A Cypher query; pass values with --param, not in the text."),
           param: Optional[list[str]] = ParamOpt,
           write: bool = typer.Option(False, "--write", help="Allow the query to write."),
           fmt: Optional[str] = FormatOpt, store: Optional[str] = StoreOpt) -> None:
    """Run raw Cypher, read-only unless --write. Parameter values are parsed as JSON when they can be."""
    from kb.output import render
    from kb.queries import parse_params

    params = {k: _raw_value(v) for k, v in parse_params(param or []).items()}
    with _store(store) as st:
        result = st.query(text, params, write=write)
    render(result, fmt)


@app.command()
def export(fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | graphml"),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="File (jsonl, graphml) or "
                                                 "directory (csv). Default: standard output (jsonl, graphml)."),
           store: Optional[str] = StoreOpt) -> None:
    """Export the store: claims as JSON Lines (loadable), CSV for neo4j-admin import, or GraphML."""
    from kb.export import export_store

    with _store(store) as st:
        n = export_store(st, fmt, output)
    if output is not None:
        typer.echo(f"exported {n} claims to {output}", err=True)


@app.command()
def stats(fmt: Optional[str] = FormatOpt, store: Optional[str] = StoreOpt) -> None:
    """Count sources, claims, entities and facts."""
    from kb.output import render
    from kb.stats import store_stats
    from kb.stores.base import Result

    with _store(store) as st:
        counts = store_stats(st)
    render(Result(["what", "count"], [[k, v] for k, v in counts.items()]), fmt)


@app.command()
def unload(source: str = typer.Argument(..., help="A source key, URL, title, or a claims file."),
           store: Optional[str] = StoreOpt) -> None:
    """Remove a source, its claims, and facts and entities left without claims."""
    from kb.loading import unload as unload_source

    with _store(store) as st:
        keys = unload_source(st, source)
    typer.echo(f"unloaded {len(keys)} source(s) from {st.location}")


@app.command()
def retract(claim: str = typer.Argument(..., help="The claim's key (or a unique beginning of it)."),
            reason: str = typer.Option(..., "--reason", "-r", help="Why: kept with the claim for audit."),
            store: Optional[str] = StoreOpt) -> None:
    """Take a claim back: it stays in the store, marked, but no fact rests on it, and it stays retracted when
    its source is loaded again."""
    from kb.curation import retract as retract_claim

    with _store(store) as st:
        rec, changed = retract_claim(st, claim, reason)
    typer.echo(f"retracted {rec.claim}" if changed else f"{rec.claim} was already retracted")


@app.command()
def restore(claim: str = typer.Argument(..., help="The key of a retracted claim (or a unique beginning)."),
            store: Optional[str] = StoreOpt) -> None:
    """Undo a retraction: the claim counts again."""
    from kb.curation import restore as restore_claim

    with _store(store) as st:
        key, changed = restore_claim(st, claim)
    typer.echo(f"restored {key}" if changed else f"{key} is not retracted")


@app.command()
def merge(entity: str = typer.Argument(..., help="Key or name of the entity to merge away."),
          into: str = typer.Option(..., "--into", help="Key or name of the entity that stays."),
          store: Optional[str] = StoreOpt) -> None:
    """Make one entity of two: names united, claims and facts moved to the one that stays (claims keep their
    text); later loads land there too. `kb unmerge` undoes it."""
    from kb.curation import merge as merge_entities

    with _store(store) as st:
        rec = merge_entities(st, entity, into)
    typer.echo(f"merged {rec.merged_entity.name} ({rec.merged}) into {rec.into_entity.name} ({rec.into})")


@app.command()
def unmerge(key: str = typer.Argument(..., help="The key of an entity merged away."),
            store: Optional[str] = StoreOpt) -> None:
    """Undo a merge: the entity comes back, with the claims that named it."""
    from kb.curation import unmerge as unmerge_entity

    with _store(store) as st:
        rec = unmerge_entity(st, key)
    typer.echo(f"unmerged {rec.merged_entity.name} ({rec.merged}) from {rec.into_entity.name} ({rec.into})")


@app.command()
def alias(name: str = typer.Argument(..., help="The new name (any language)."),
          to: str = typer.Option(..., "--to", help="Key or name of the entity it names."),
          store: Optional[str] = StoreOpt) -> None:
    """Give an entity another name: queries find it by that name, and claims naming it land on it."""
    from kb.curation import alias as add_alias

    with _store(store) as st:
        rec, changed = add_alias(st, name, to)
    typer.echo(f"{rec.name!r} now names {rec.to_entity.name} ({rec.to})" if changed
               else f"{rec.name!r} already names {rec.to_entity.name} ({rec.to})")


@app.command()
def schema(fmt: Optional[str] = FormatOpt,
           style: bool = typer.Option(False, "--style", help="Print the Neo4j Browser stylesheet (GraSS).")) -> None:
    """Show the ontology: node kinds and predicates with domain, range and qualifiers."""
    from kb.ontology import load_ontology
    from kb.output import render
    from kb.stores.base import Result

    onto = load_ontology()
    if style:
        from kb.style import grass

        typer.echo(grass(onto), nl=False)
        return
    rows: list[list[Any]] = []
    for k in onto.kinds.values():
        rows.append(["kind", k.name, "", "", "", k.label_ar, k.definition])
    for p in onto.predicates.values():
        quals = ", ".join(f"{q.name}" + (f"={'|'.join(q.values)}" if q.values else "") for q in p.qualifiers.values())
        arrow = "<->" if p.symmetric else "->"
        # What `contradictions` and facts read: how often it happens, what it ends, single-holder offices.
        marks = (["recurring"] if p.recurring else []) + (["once"] if p.once else []) + (
            [f"ends {p.ends}"] if p.ends else []) + [f"one {q.name} holder: {', '.join(q.single_holder)}"
                                                     for q in p.qualifiers.values() if q.single_holder]
        rows.append(["predicate", p.name, f"{'|'.join(sorted(p.domain))} {arrow} {'|'.join(sorted(p.range))}",
                     quals, "; ".join(marks), p.label_ar, p.definition])
    render(Result(["type", "name", "signature", "qualifiers", "markers", "arabic", "definition"], rows), fmt)


def main() -> None:
    try:
        app()
    except KbError as exc:
        _err(" ".join(str(exc).split()))
        sys.exit(1)
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as exc:  # an unexpected bug: still one line, unless KB_DEBUG asks for the traceback
        if os.environ.get("KB_DEBUG"):
            raise
        _err(f"internal error ({type(exc).__name__}): {' '.join(str(exc).split())}")
        sys.exit(1)


if __name__ == "__main__":
    main()
