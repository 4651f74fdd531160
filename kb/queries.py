"""Canned queries: one `cypher/NAME.cypher` file each, with a comment header (aiosql/datasette style).

    // name: meetings
    // title: Who met whom
    // description: MET_WITH facts whose dates overlap the window [from, to], optionally for one actor.
    // param: from date required example=2024-10-01 | first day of the window
    // param: actor string optional entity example=Russia | an actor key or any of its names

Types: string, date (YYYY-MM-DD, passed to Cypher as an ISO string), int, float, bool.
An optional parameter that is not given reaches the query as null.

A query whose answer can be long is paged: its header says `// page: N` (the default page size) and its
Cypher uses `$offset` and `$page_size` (both always integers) to return only the rows of one page, in a
stable order that ends on a unique key, each with the size of the whole answer in a last column `total`,
which `run_query` takes off into `Result.total`. The query slices its ordered answer itself, so it can
look up what only the page's rows show (a quote's source, an earliest report) for those rows alone.

A paged query that must otherwise find its whole answer for every page (provenance between two hubs: thousands
of claims, a page of 100) may also take a cursor: it uses `$after`, `$until` and `$total`, and returns a column
`next` before `total`, null but in a page's last row, where it is [the keys of that row in the query's order, the
bounds of every page or null]. Asked without a cursor (all three null), it answers as any paged query, and the
bounds it gives are what each page's first key runs up to. Asked for the page after one it gave (`after`: that
page's last keys, `until`: this page's bound, `total` as it was, `$offset` 0), it may look up only the rows
between the two, as a range of an index. `run_query` takes `next` off into `Result.cursor` (a PageCursor) and
uses the cursor it is given for the page it opens, for the same query, parameters and page size; the pages read
so are the pages read by offset, unless the store changed between them (as with offsets).

`entity` marks a string parameter that names an actor (a key or any name, looked up in the query through
`(:Name {key: toLower($param)})`). `run_query` resolves such a parameter before the query runs
(`resolve_entities`): a name of no entity is an `UnknownEntity` error naming the closest entities, a name of
several an `AmbiguousEntity` error listing them, and a capital the store holds no entity of stands for its
state ("Moscow", "موسكو", "Washington"), as it does in extraction.
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
_HEADER = re.compile(r"^//\s*(name|title|description|param|page):\s?(.*)$")
PAGE_PARAMS = ("offset", "page_size")  # given by run_query to a paged query, never by its caller
CURSOR_PARAMS = ("after", "until", "total")  # given by run_query to a query that takes a cursor
TOTAL_COLUMN = "total"
NEXT_COLUMN = "next"
MAX_PAGE_SIZE = 10_000
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(required|optional)(\s+entity)?(?:\s+example=(\S+))?\s*\|\s*(.+)$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    example: str | None
    description: str
    entity: bool = False  # the value names an actor: run_query resolves it (resolve_entities)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    cypher: str
    path: str
    page_size: int | None = None  # the default page size of a paged query; None: not paged
    cursor: bool = False  # a paged query that takes a cursor (CURSOR_PARAMS) and returns NEXT_COLUMN


@dataclass(frozen=True)
class PageCursor:
    """Where page `page` of a query's answer starts, as the page before it said (see the module's text)."""
    name: str
    params: tuple
    page_size: int
    page: int
    after: tuple
    bounds: tuple
    total: int

    def opens(self, name: str, params: tuple, page_size: int, page: int) -> bool:
        return ((self.name, self.params, self.page_size, self.page) == (name, params, page_size, page)
                and page <= len(self.bounds))


def parse_query_file(name: str, text: str, path: str = "") -> CannedQuery:
    """Parse one canned query file; QueryError names the file and the problem."""
    where = path or f"{name}.cypher"
    fields: dict[str, list[str]] = {"name": [], "title": [], "description": [], "param": [], "page": []}
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
            raise QueryError(f"{where}: bad param line {spec!r}; want `NAME TYPE required|optional [entity] "
                             f"[example=VALUE] | description` with TYPE in {', '.join(PARAM_TYPES)}")
        if m.group(4) and m.group(2) != "string":
            raise QueryError(f"{where}: parameter {m.group(1)} names an entity, so its type must be string")
        params.append(Param(m.group(1), m.group(2), m.group(3) == "required", m.group(5), m.group(6).strip(),
                            entity=bool(m.group(4))))
    cypher = "\n".join(body).strip()
    if not cypher:
        raise QueryError(f"{where}: no Cypher after the header")
    for p in params:
        if f"${p.name}" not in cypher:
            raise QueryError(f"{where}: parameter {p.name} is declared but the query never uses ${p.name}")
        if p.name in PAGE_PARAMS + CURSOR_PARAMS:
            raise QueryError(f"{where}: parameter {p.name} is kb's own (paging); give it another name")
    page_size = None
    if fields["page"]:
        if len(fields["page"]) != 1 or not fields["page"][0].isdigit() or not 0 < int(fields["page"][0]) <= MAX_PAGE_SIZE:
            raise QueryError(f"{where}: want one `// page: N` line, N the default page size (1 to {MAX_PAGE_SIZE})")
        page_size = int(fields["page"][0])
        missing = [f"${n}" for n in PAGE_PARAMS if f"${n}" not in cypher]
        if missing:
            raise QueryError(f"{where}: a paged query must use {' and '.join(missing)} to slice its answer")
    used = [n for n in CURSOR_PARAMS if f"${n}" in cypher]
    if used and (page_size is None or len(used) < len(CURSOR_PARAMS)):
        raise QueryError(f"{where}: a query that takes a cursor is paged and uses "
                         f"{', '.join('$' + n for n in CURSOR_PARAMS)}")
    return CannedQuery(name, fields["title"][0], " ".join(fields["description"]), tuple(params), cypher, where,
                       page_size, cursor=bool(used))


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


def run_query(store: Store, name: str, given: dict[str, Any], *, resolve: bool = True, page: int = 1,
              page_size: int | None = None, cursor: PageCursor | None = None) -> Result:
    """Run a canned query read-only with checked parameters. Its entity parameters are resolved first
    (`resolve_entities`): one that names no entity, or several, raises UnknownEntity or AmbiguousEntity
    (both QueryErrors), as `kb query` reports them. `resolve=False` runs the query on the text as given,
    where a name of nothing gives no rows (for callers that score rows, such as the real-news questions).
    A paged query returns page `page` (from 1) of `page_size` rows (default: the query's own), with
    `total`; other queries return their whole answer and refuse a page after the first. A query that takes
    a cursor also returns `Result.cursor`, for the next page: given back with it, that page looks up only its
    own rows (a cursor for another page, query, parameters or size is not used)."""
    query = get_query(name)
    params = bind(query, given)
    size = check_page(query, page, page_size)
    if resolve:
        params = resolve_entities(store, query, params)
    if query.page_size is None:
        return store.read(query.cypher, params)
    offset = (page - 1) * size
    paging: dict[str, Any] = {"offset": offset, "page_size": size}
    asked = tuple(sorted(params.items()))
    if query.cursor:
        use = cursor if cursor is not None and cursor.opens(name, asked, size, page) else None
        if use is None:
            paging.update(after=None, until=None, total=None)
        else:
            paging.update(after=list(use.after), until=use.bounds[page - 1], total=use.total, offset=0)
    result = store.read(query.cypher, {**params, **paging})
    if not result.columns or result.columns[-1] != TOTAL_COLUMN:
        raise QueryError(f"{query.path}: a paged query must return the size of its whole answer as its last "
                         f"column, `{TOTAL_COLUMN}`")
    total = result.rows[0][-1] if result.rows else (0 if offset == 0 else None)
    if total is None:  # a page past the end returns no row to carry the size: ask for the first row alone
        first = store.read(query.cypher, {**params, **paging, "offset": 0, "page_size": 1})
        total = first.rows[0][-1] if first.rows else 0
    if not query.cursor:
        return Result(result.columns[:-1], [row[:-1] for row in result.rows], total=int(total), offset=offset)
    if len(result.columns) < 2 or result.columns[-2] != NEXT_COLUMN:
        raise QueryError(f"{query.path}: a query that takes a cursor must return `{NEXT_COLUMN}` before "
                         f"`{TOTAL_COLUMN}`")
    rows = [row[:-2] for row in result.rows]
    after, bounds = (result.rows[-1][-2] or [None, None]) if result.rows else (None, None)
    bounds = bounds if bounds is not None else (cursor.bounds if cursor is not None else None)
    following = None
    if after is not None and bounds is not None and int(total) > offset + len(rows):
        following = PageCursor(name, asked, size, page + 1, tuple(after), tuple(bounds), int(total))
    return Result(result.columns[:-2], rows, total=int(total), offset=offset, cursor=following)


def check_page(query: CannedQuery, page: int, page_size: int | None) -> int:
    """The page size to use; a QueryError for a page or size out of range, or a page of a query not paged."""
    if page < 1:
        raise QueryError(f"{query.name}: --page {page}: pages count from 1")
    if page_size is not None and not 0 < page_size <= MAX_PAGE_SIZE:
        raise QueryError(f"{query.name}: --page-size {page_size}: want 1 to {MAX_PAGE_SIZE}")
    if query.page_size is None:
        if page > 1 or page_size is not None:
            raise QueryError(f"{query.name} is not paged: it returns its whole answer at once")
        return 0
    return page_size or query.page_size


def run_query_all(store: Store, name: str, given: dict[str, Any], *, resolve: bool = True) -> Result:
    """The whole answer of a canned query, page after page for a paged one (for callers that need every row,
    such as the exports and the real-news questions)."""
    query = get_query(name)
    if query.page_size is None:
        return run_query(store, name, given, resolve=resolve)
    rows: list[list[Any]] = []
    page, cursor = 1, None
    while True:
        result = run_query(store, name, given, resolve=resolve, page=page, page_size=MAX_PAGE_SIZE, cursor=cursor)
        cursor = result.cursor
        rows.extend(result.rows)
        if not result.remaining:
            return Result(result.columns, rows, total=len(rows), offset=0)
        page += 1


# --- entity parameters ------------------------------------------------------------------------------------

class UnknownEntity(QueryError):
    """An entity parameter names no entity in the store; `suggestions` are the closest, (name, key) pairs."""

    def __init__(self, message: str, text: str, suggestions: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.text, self.suggestions = text, suggestions


class AmbiguousEntity(QueryError):
    """An entity parameter names several entities; `entities` are (name, key) pairs, by key."""

    def __init__(self, message: str, text: str, entities: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.text, self.entities = text, entities


# The entities a name or key names: the canned queries' own lookup (the index on Name.key), for every
# entity parameter of a query at once.
_NAMED = """
UNWIND $texts AS t
MATCH (:Name {key: toLower(t)})-[:NAMES]->(e:Entity)
RETURN t, e.key, e.name
ORDER BY t, e.key
"""
_NAME_COUNT = "MATCH (n:Name) RETURN count(n)"
_ALL_NAMES = "MATCH (n:Name) RETURN n.key"
# Names from a range of the index on Name.key: those that start with a prefix.
_NAMES_FROM = "MATCH (n:Name) WHERE n.key >= $low AND n.key < $high RETURN n.key LIMIT $limit"
_ENTITIES_OF = """
UNWIND $keys AS k
MATCH (:Name {key: k})-[:NAMES]->(e:Entity)
RETURN k, e.key, e.name
"""
# Up to SCAN_ALL_NAMES names, a miss compares the text with every name; beyond, with at most WINDOW_NAMES names
# that share its first two characters (read from a range of the Name index).
SCAN_ALL_NAMES = 20_000
WINDOW_NAMES = 20_000
MAX_SUGGESTIONS = 3
MAX_LISTED = 8


def find_named(store: Store, texts: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Text -> the (name, key) of every entity it is a key or name of (case aside), by key: one round trip."""
    found: dict[str, list[tuple[str, str]]] = {t: [] for t in texts}
    for t, key, name in store.read(_NAMED, {"texts": sorted(set(texts))}).rows:
        found[t].append((name, key))
    return found


def resolve_entities(store: Store, query: CannedQuery, params: dict[str, Any]) -> dict[str, Any]:
    """`params` with every given entity parameter checked against the store, before the query runs.

    A value is looked up as the queries look it up: a key or any name, case aside, whole, through the index on
    Name.key (one seek per parameter, in one round trip). One entity: the value stays as given. Several:
    AmbiguousEntity, listing their names and keys. None: if the value is the name of a capital (any language
    the gazetteer lists, e.g. "Moscow", "موسكو", "Washington") and the store holds its state, the parameter
    becomes the state's key, as extraction reads a capital acting ("Moscow urged ...") as its state; a name
    the store holds wins over the capital, so a city entity (a captured Kabul) stays the city. Otherwise
    UnknownEntity, naming the closest entities (`suggest`). Absent optional parameters stay null."""
    wanted = [p.name for p in query.params if p.entity and isinstance(params.get(p.name), str)]
    if not wanted:
        return params
    found = find_named(store, [params[n] for n in wanted])
    out = dict(params)
    for pname in wanted:
        text = params[pname]
        entities = found[text]
        if len(entities) == 1:
            continue
        if len(entities) > 1:
            listed = ", ".join(f"{n} ({k})" for n, k in entities[:MAX_LISTED])
            more = f" and {len(entities) - MAX_LISTED} more" if len(entities) > MAX_LISTED else ""
            raise AmbiguousEntity(f"{query.name}: {text!r} names {len(entities)} entities: {listed}{more}; give "
                                  f"one by its key, e.g. --param {pname}={entities[0][1]}", text, entities)
        state = capital_state(text)
        if state is not None:
            held = store.read(_NAMED, {"texts": [state]}).rows
            if len(held) == 1:
                out[pname] = held[0][1]
                continue
        suggestions = suggest(store, text)
        if suggestions:
            names = [f"{n} ({k})" for n, k in suggestions]
            hint = "; did you mean " + (names[0] if len(names) == 1 else
                                        ", ".join(names[:-1]) + " or " + names[-1]) + "?"
        else:
            hint = "; `kb entities TEXT` lists the entities with TEXT in a name"
        capital = ""
        if state is not None:
            from kb.entities import state_names

            iso = state.split(":", 1)[1]
            capital = f" (nor {state_names().english.get(iso, state)}, whose capital it is)"
        raise UnknownEntity(f"{query.name}: no actor named {text!r}{capital}{hint}", text, suggestions)
    return out


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Normalised capital name -> the key of its state, from the shipped gazetteer's states (every language
    it lists): the table extraction reads a capital's metonymy from. About 0.3 s, once, and only when a
    parameter names no entity."""
    from loaders.gazetteer import HERE, read_gazetteer_file

    out: dict[str, str] = {}
    for entry in read_gazetteer_file(HERE / "states.yaml").entries:
        for forms in entry.capitals.values():
            for form in forms:
                out.setdefault(_norm(form), entry.key)
    return out


def _norm(text: str) -> str:
    """The comparison form of a name: lower case, Arabic letter variants and diacritics unified
    (loaders.arabic.normalize, as the gazetteer matches), words joined by one space."""
    from loaders.arabic import WORD, normalize

    return " ".join(WORD.findall(normalize(text).text))


def capital_state(text: str) -> str | None:
    """The key of the state whose capital `text` names ("Moscow", "موسكو" -> state:RU), or None."""
    return _capitals().get(_norm(text)) if text.strip() else None


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it is certain to exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if len(a) > len(b):
        a, b = b, a
    previous = list(range(len(a) + 1))
    for j, cb in enumerate(b, start=1):
        current = [j]
        for i, ca in enumerate(a, start=1):
            current.append(min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _allowed(text: str) -> int:
    """Edits a suggestion may be away: one in a name of up to five characters, two up to ten, three beyond."""
    return 1 if len(text) <= 5 else 2 if len(text) <= 10 else 3


def suggest(store: Store, text: str, limit: int = MAX_SUGGESTIONS) -> list[tuple[str, str]]:
    """The entities whose names come closest to `text`, as (name, key), closest first: names within a few
    edits (Levenshtein, after lower-casing and unifying Arabic letter variants: `_allowed`, and at most a third
    of the longer name's length), then names that contain the text (three characters or more), shorter first.

    Cost: one count of the Name nodes; up to SCAN_ALL_NAMES names, every name is read and compared (a store of
    a few thousand entities: a few milliseconds); beyond, only the names sharing the text's first two
    characters, read from a range of the Name index (at most WINDOW_NAMES of them), so a typo in the first
    two characters of a name in a big store finds no suggestion. Comparisons skip names whose length differs
    by more than the edits allowed. Then one index seek per suggested name for its entities."""
    lowered = text.lower()
    q = _norm(text)
    if not q:
        return []
    count = store.read(_NAME_COUNT).rows[0][0]
    if count <= SCAN_ALL_NAMES:
        keys = [r[0] for r in store.read(_ALL_NAMES).rows]
    else:
        low = lowered[:2]
        high = low[:-1] + chr(ord(low[-1]) + 1)
        keys = [r[0] for r in store.read(_NAMES_FROM, {"low": low, "high": high, "limit": WINDOW_NAMES}).rows]
    allowed = _allowed(q)
    scored: dict[str, tuple] = {}
    for key in keys:
        if not isinstance(key, str):
            continue
        k = _norm(key)
        d = _distance(q, k, allowed)
        if d <= allowed and 3 * d <= max(len(q), len(k)):  # "usa" is two edits from "russa", not like it
            score = (d, abs(len(k) - len(q)))
        elif len(q) >= 3 and q in k:
            score = (allowed + 1, len(k) - len(q))
        else:
            continue
        scored[key] = score
    if not scored:
        return []
    best = sorted(scored, key=lambda k: (scored[k], k))[:50]
    by_entity: dict[str, tuple] = {}
    for name_key, key, name in store.read(_ENTITIES_OF, {"keys": best}).rows:
        rank = (scored[name_key], name, key)
        if key not in by_entity or rank < by_entity[key]:
            by_entity[key] = rank
    ranked = sorted(by_entity.items(), key=lambda kv: kv[1])
    return [(rank[1], key) for key, rank in ranked[:limit]]


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`k=v` strings from the command line; values stay strings until a query types them."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: want NAME=VALUE")
        out[key.strip()] = value
    return out


# --- finding things: `kb sources`, `kb entities` ----------------------------------------------------------

def list_sources(store: Store) -> Result:
    """Every source with its key, URL, title, outlet, publication date, language and number of claims: the
    canned query `sources` (oldest first, undated last, then by title and key)."""
    return run_query(store, "sources", {})


@lru_cache(maxsize=1)
def gazetteer_keys() -> frozenset[str]:
    """The keys of every entity the shipped gazetteer knows (capitals' cities included). About half a second,
    once per process."""
    from loaders.gazetteer import load_gazetteer

    return frozenset(e.key for e in load_gazetteer())


def list_entities(store: Store, text: str | None = None, kind: str | None = None) -> Result:
    """The entities with `text` in one of their names (case-insensitive, any language; a text with a colon
    also matches keys), of `kind` if given (any case), each with its key, name, kind, up to five other names and
    number of facts (the canned query `entities`), and `origin`: `gazetteer` when the shipped gazetteer knows
    its key, `new` otherwise (found by the shape of a name or a title, or given only by a claims file).

    The store keeps no mark of where an entity came from; keys are the same function of kind and name for
    gazetteer, extracted and hand-written entities (kb.entities.resolve), so the origin is the gazetteer's
    answer today, and an entity only a user's --gazetteer file knows counts as new."""
    if kind is not None:
        from kb.ontology import load_ontology

        kinds = {k.lower(): k for k in load_ontology().kinds}
        if kind.lower() not in kinds:
            raise QueryError(f"unknown kind {kind!r}; kinds: {', '.join(sorted(kinds.values()))}")
        kind = kinds[kind.lower()]
    result = run_query(store, "entities", {"text": text, "kind": kind})
    known = gazetteer_keys()
    return Result([*result.columns, "origin"],
                  [[*row, "gazetteer" if row[0] in known else "new"] for row in result.rows])
