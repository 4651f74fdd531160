"""Canned queries: one `cypher/NAME.cypher` file each, with a comment header (aiosql/datasette style).

    // name: meetings
    // title: Who met whom
    // description: MET_WITH facts whose dates overlap the window [from, to], optionally for one actor.
    // param: from date required example=2024-10-01 | first day of the window
    // param: actor string optional example=Russia | an actor key or any of its names

Types: string, date (YYYY-MM-DD, passed to Cypher as an ISO string), int, float, bool.
An optional parameter that is not given reaches the query as null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from kb.dates import check_day
from kb.errors import QueryError
from kb.stores.base import Result, Store

PARAM_TYPES = ("string", "date", "int", "float", "bool")
_HEADER = re.compile(r"^//\s*(name|title|description|param):\s?(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(required|optional)(?:\s+example=(\S+))?\s*\|\s*(.+)$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    example: str | None
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    cypher: str
    path: str


def parse_query_file(name: str, text: str, path: str = "") -> CannedQuery:
    """Parse one canned query file; QueryError names the file and the problem."""
    where = path or f"{name}.cypher"
    fields: dict[str, list[str]] = {"name": [], "title": [], "description": [], "param": []}
    body: list[str] = []
    in_header = True
    for n, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line.strip()) if in_header else None
        if m:
            fields[m.group(1)].append(m.group(2).strip())
            continue
        if in_header and line.strip().startswith("//"):
            raise QueryError(f"{where}:{n}: unknown header line {line.strip()!r}")
        if line.strip():
            in_header = False
        body.append(line)
    if fields["name"] != [name]:
        raise QueryError(f"{where}: header must say `// name: {name}` (the file's name)")
    if not _NAME.match(name):
        raise QueryError(f"{where}: query names are lower-case words joined by '-'")
    if len(fields["title"]) != 1 or not fields["description"]:
        raise QueryError(f"{where}: header needs one `// title:` and a `// description:`")
    params = []
    for spec in fields["param"]:
        m = _PARAM.match(spec)
        if not m or m.group(2) not in PARAM_TYPES:
            raise QueryError(f"{where}: bad param line {spec!r}; want `NAME TYPE required|optional "
                             f"[example=VALUE] | description` with TYPE in {', '.join(PARAM_TYPES)}")
        params.append(Param(m.group(1), m.group(2), m.group(3) == "required", m.group(4), m.group(5).strip()))
    cypher = "\n".join(body).strip()
    if not cypher:
        raise QueryError(f"{where}: no Cypher after the header")
    for p in params:
        if f"${p.name}" not in cypher:
            raise QueryError(f"{where}: parameter {p.name} is declared but the query never uses ${p.name}")
    return CannedQuery(name, fields["title"][0], " ".join(fields["description"]), tuple(params), cypher, where)


def _query_dir() -> Path:
    """cypher/ of the checkout is installed as the package kb.cypher. Run from a checkout (python -m bench
    puts it first on the path), kb is the source tree, where the files sit beside the package."""
    try:
        return Path(str(files("kb.cypher")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "cypher"


def query_files() -> list[Path]:
    """The shipped `.cypher` files."""
    return sorted((f for f in _query_dir().iterdir() if f.name.endswith(".cypher")), key=lambda p: p.name)


@lru_cache(maxsize=1)
def catalog() -> dict[str, CannedQuery]:
    """Every canned query shipped with kb, by name."""
    out = {}
    for f in query_files():
        out[f.stem] = parse_query_file(f.stem, f.read_text(encoding="utf-8"), f"cypher/{f.name}")
    return out


def get_query(name: str) -> CannedQuery:
    queries = catalog()
    if name not in queries:
        raise QueryError(f"no canned query {name!r}; `kb queries` lists them")
    return queries[name]


def _convert(query: str, p: Param, raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw  # already typed (library callers)
    try:
        if p.type == "date":
            return check_day(raw)
        if p.type == "int":
            return int(raw)
        if p.type == "float":
            return float(raw)
        if p.type == "bool":
            if raw.lower() not in {"true", "false", "1", "0", "yes", "no"}:
                raise ValueError("want true or false")
            return raw.lower() in {"true", "1", "yes"}
    except ValueError as exc:
        raise QueryError(f"{query}: parameter {p.name}={raw!r} is not a valid {p.type}: {exc}") from None
    return raw


def bind(query: CannedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """Check and convert parameters: unknown or missing ones are errors, absent optional ones are null."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise QueryError(f"{query.name}: unknown parameter {unknown[0]!r} (parameters: {names})")
    out: dict[str, Any] = {}
    for p in query.params:
        if p.name in given and given[p.name] is not None and given[p.name] != "":
            out[p.name] = _convert(query.name, p, given[p.name])
        elif p.required:
            raise QueryError(f"{query.name}: missing parameter {p.name} ({p.type}), e.g. "
                             f"--param {p.name}={p.example or '...'}")
        else:
            out[p.name] = None
    return out


def run_query(store: Store, name: str, given: dict[str, Any]) -> Result:
    """Run a canned query read-only with checked parameters."""
    query = get_query(name)
    return store.read(query.cypher, bind(query, given))


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`k=v` strings from the command line; values stay strings until a query types them."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: want NAME=VALUE")
        out[key.strip()] = value
    return out
