"""`kb export`: JSON Lines that load back into the same graph, neo4j-admin CSV, GraphML."""

from __future__ import annotations

import csv
import io
import json
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from kb.errors import KbError
from kb.export import export_store
from kb.loading import load_paths
from kb.stats import store_stats
from conftest import REPO, cleared_store, run_kb

EXAMPLE = REPO / "examples" / "example-claims.yaml"
SECOND = Path(__file__).resolve().parent / "data" / "export" / "second-claims.yaml"
SCHEMA = json.loads((REPO / "kb" / "claim.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def store(backend):
    """Every export here is made from each store backend (and loaded back into the embedded one)."""
    return backend


@pytest.fixture(scope="module")
def empty_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kbexp")


@pytest.fixture
def empty_store(empty_store_dir: Path):
    """A second embedded store, empty, to load exports into."""
    yield from cleared_store(empty_store_dir)


@pytest.fixture
def loaded(store):
    load_paths(store, [EXAMPLE, SECOND])
    return store


def graph(store) -> dict:
    """Everything that identifies the graph's content, comparable across stores."""
    sources = {r[0]["key"]: {k: v for k, v in r[0].items() if k != "loaded_at"}
               for r in store.read("MATCH (s:Source) RETURN properties(s)").rows}
    claims = {r[0]["key"]: (r[0], r[1], r[2], r[3]) for r in store.read(
        "MATCH (c:Claim)-[:IN_SOURCE]->(s:Source) MATCH (c)-[:SUBJECT]->(a) MATCH (c)-[:OBJECT]->(b) "
        "RETURN properties(c), s.key, a.key, b.key").rows}
    entities = {r[0]["key"]: (r[1], r[0]) for r in store.read(
        "MATCH (e:Entity) RETURN properties(e), [l IN labels(e) WHERE l <> 'Entity'][0]").rows}
    facts = {}
    for ftype, a, b, props in store.read("MATCH (a:Entity)-[f]->(b:Entity) RETURN type(f), a.key, b.key, "
                                         "properties(f)").rows:
        # `claims` is compared as stored: the loader keeps it sorted, whatever order claims arrive in.
        facts[props.get("key") or (ftype, a, b)] = (ftype, a, b, props)  # structural edges have no key
    return {"stats": store_stats(store), "sources": sources, "claims": claims, "entities": entities,
            "facts": facts}


def export_text(store, tmp_path: Path, name: str = "export.jsonl") -> tuple[int, str]:
    out = tmp_path / name
    n = export_store(store, "jsonl", out)
    return n, out.read_text(encoding="utf-8")


# --- JSON Lines -----------------------------------------------------------------------------------

def test_jsonl_round_trip_rebuilds_the_same_graph(loaded, empty_store, tmp_path):
    before = graph(loaded)
    n, text = export_text(loaded, tmp_path)
    assert n == before["stats"]["claims"] == len(text.splitlines()) == 19
    assert before["stats"]["structure.PART_OF"] == 2  # OFAC in the Treasury, the Treasury in the United States
    load_paths(empty_store, [tmp_path / "export.jsonl"])
    after = graph(empty_store)
    assert after["stats"] == before["stats"]
    assert sorted(after["claims"]) == sorted(before["claims"])
    assert {k: v[3].get("claims") for k, v in after["facts"].items()} == \
        {k: v[3].get("claims") for k, v in before["facts"].items()}
    assert {k: (v[1]["name"], v[1]["names"]) for k, v in after["entities"].items()} == \
        {k: (v[1]["name"], v[1]["names"]) for k, v in before["entities"].items()}
    # Beyond the keys: every property of every node and fact relationship comes back.
    assert after == before


def test_jsonl_export_of_a_reloaded_export_is_identical(loaded, empty_store, tmp_path):
    _, first = export_text(loaded, tmp_path, "first.jsonl")
    load_paths(empty_store, [tmp_path / "first.jsonl"])
    _, second = export_text(empty_store, tmp_path, "second.jsonl")
    assert second == first
    assert export_text(loaded, tmp_path, "again.jsonl")[1] == first  # deterministic


def test_jsonl_order_and_inline_text(loaded, tmp_path):
    lines = [json.loads(x) for x in export_text(loaded, tmp_path)[1].splitlines()]
    sources = {r[0]["key"]: r[0] for r in loaded.read("MATCH (s:Source) RETURN properties(s)").rows}
    order = [(row[0], row[1]) for row in loaded.read(
        "MATCH (c:Claim)-[:IN_SOURCE]->(s:Source) RETURN s.key, c.key ORDER BY s.key, c.key").rows]
    assert len(order) == len(lines)
    by_source: dict[str, list[dict]] = {}
    for (skey, _), line in zip(order, lines):
        by_source.setdefault(skey, []).append(line)
    assert len(by_source) == 5
    for skey, group in by_source.items():
        src = sources[skey]
        for line in group:
            assert {k: line["source"][k] for k in ("url", "title", "outlet", "published", "language")} == \
                {k: src.get(k) for k in ("url", "title", "outlet", "published", "language")}
        with_text = [line for line in group if "text" in line["source"]]
        if src.get("text") is None:
            assert with_text == []
        elif src.get("url"):  # a URL keys the source: the text travels once
            assert with_text == [group[0]] and group[0]["source"]["text"] == src["text"]
        else:  # the text keys the source: every line carries it
            assert len(with_text) == len(group) >= 2
    # Claims without a span in the graph (no text to find the quote in) export span null.
    assert any(line["span"] is None for line in lines)
    negated = [line for line in lines if line["polarity"] == "negated"]
    assert {line["predicate"] for line in negated} == {"RECOGNIZED", "OPPOSED"}


def test_jsonl_entities_and_qualifiers(loaded, tmp_path):
    lines = [json.loads(x) for x in export_text(loaded, tmp_path)[1].splitlines()]
    met = [line for line in lines if line["predicate"] == "MET_WITH" and line["date"] == "2023-03"]
    assert len(met) == 2
    for line in met:
        assert line["qualifiers"] == {"place": "Tashkent"}
        assert {line["subject"]["key"], line["object"]["key"]} == {"state:UZ", "state:KZ"}
    uz = next(line["subject"] for line in lines if line["subject"]["key"] == "state:UZ")
    # Named in Arabic in the claims file, exported by its canonical name with every alias.
    assert uz["name"] == "Uzbekistan" and uz["iso"] == "UZ" and uz["wikidata"] == "Q265"
    assert "أوزبكستان" in uz["names"]
    taliban = next(line["object"] for line in lines if line["object"]["key"] == "organization:taliban")
    assert taliban["names"][:1] == ["Taliban"] and {"طالبان", "Taleban"} <= set(taliban["names"])
    holds = next(line for line in lines if line["predicate"] == "HOLDS_OFFICE"
                 and line["subject"]["key"] == "person:amir-khan-muttaqi")
    assert holds["qualifiers"] == {"acting": "true", "role": "foreign minister"}


def test_jsonl_lines_validate_against_the_schema(loaded, tmp_path):
    validator = jsonschema.Draft202012Validator(SCHEMA)
    lines = export_text(loaded, tmp_path)[1].splitlines()
    for line in lines:
        validator.validate(json.loads(line))
    bad = json.loads(lines[0]) | {"span": [3]}
    assert not validator.is_valid(bad)


def test_jsonl_to_stdout(loaded, capsys):
    n = export_store(loaded, "jsonl", None)
    out = capsys.readouterr().out
    assert n == len(out.splitlines()) == 19


def test_empty_store_exports_nothing(store, tmp_path):
    assert export_text(store, tmp_path) == (0, "")


# --- CSV for neo4j-admin --------------------------------------------------------------------------

def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def test_csv_layout_for_neo4j_admin(loaded, tmp_path):
    out = tmp_path / "csv"
    stats = store_stats(loaded)
    assert export_store(loaded, "csv", out) == stats["claims"]
    files = sorted(p.name for p in out.iterdir())
    kinds = sorted(k.removeprefix("entities.") for k in stats if k.startswith("entities."))
    ftypes = sorted(k.split(".", 1)[1] for k in stats if k.startswith(("facts.", "structure.")))
    assert files == sorted(["import.txt", "nodes_Source.csv", "nodes_Claim.csv", "nodes_Name.csv",
                            *(f"nodes_{k}.csv" for k in kinds),
                            *(f"rels_{t}.csv" for t in ["IN_SOURCE", "SUBJECT", "OBJECT", "NAMES", *ftypes])])

    header, rows = read_csv(out / "nodes_Claim.csv")
    assert header[:2] == ["key:ID(kb)", ":LABEL"]
    for typed in ("start:int", "end:int", "confidence:double", "predicate", "quote", "polarity", "fact"):
        assert typed in header
    assert len(rows) == stats["claims"] and {r[1] for r in rows} == {"Claim"}
    quotes = {r[header.index("quote")] for r in rows}
    assert 'Officials called the deal "historic, and overdue"' in quotes  # RFC 4180 quoting

    header, rows = read_csv(out / "nodes_Source.csv")
    assert header[:2] == ["key:ID(kb)", ":LABEL"] and len(rows) == stats["sources"]
    texts = [r[header.index("text")] for r in rows if r[header.index("text")]]
    assert any("\n" in t for t in texts)  # multi-line fields survive

    for kind in kinds:
        header, rows = read_csv(out / f"nodes_{kind}.csv")
        assert header[:2] == ["key:ID(kb)", ":LABEL"] and "names:string[]" in header and "name" in header
        assert len(rows) == stats[f"entities.{kind}"]
        assert {r[1] for r in rows} == {f"Entity;{kind}"}
    header, rows = read_csv(out / "nodes_State.csv")
    ru = next(r for r in rows if r[0] == "state:RU")
    assert ru[header.index("names:string[]")].split(";")[:2] == ["Russia", "روسيا"]

    for rtype in ("IN_SOURCE", "SUBJECT", "OBJECT"):
        header, rows = read_csv(out / f"rels_{rtype}.csv")
        assert header == [":START_ID(kb)", ":END_ID(kb)", ":TYPE"]
        assert len(rows) == stats["claims"] and {r[2] for r in rows} == {rtype}
    for ftype in ftypes:
        header, rows = read_csv(out / f"rels_{ftype}.csv")
        assert header[:3] == [":START_ID(kb)", ":END_ID(kb)", ":TYPE"]
        if f"structure.{ftype}" in stats:  # an organ and its state: named after the gazetteer, no claims
            assert header[3:] == ["source"] and {r[3] for r in rows} == {"kb gazetteer"}
            assert len(rows) == stats[f"structure.{ftype}"]
            continue
        assert {"key", "claims:string[]", "sources:int"} <= set(header)
        assert len(rows) == stats[f"facts.{ftype}"]
    header, rows = read_csv(out / "rels_DELISTED.csv")
    assert rows[0][header.index("sources:int")] == "2"
    assert len(rows[0][header.index("claims:string[]")].split(";")) == 3

    # The name index the canned queries start from: Name keys in an ID space of their own (a lower-cased
    # key such as organization:taliban is also an entity's key), NAMES edges to the entities' keys.
    header, rows = read_csv(out / "nodes_Name.csv")
    assert header == ["key:ID(name)", ":LABEL"] and {r[1] for r in rows} == {"Name"}
    assert len(rows) == loaded.read("MATCH (n:Name) RETURN count(n)").rows[0][0]
    assert {"russia", "روسيا", "state:ru", "organization:taliban"} <= {r[0] for r in rows}
    header, rows = read_csv(out / "rels_NAMES.csv")
    assert header == [":START_ID(name)", ":END_ID(kb)", ":TYPE"] and {r[2] for r in rows} == {"NAMES"}
    assert len(rows) == loaded.read("MATCH (:Name)-[r:NAMES]->(:Entity) RETURN count(r)").rows[0][0]
    assert ["russia", "state:RU"] in [r[:2] for r in rows] and ["state:ru", "state:RU"] in [r[:2] for r in rows]

    lines = [x for x in (out / "import.txt").read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    assert len(lines) == 1
    args = shlex.split(lines[0])
    assert args[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert {"--array-delimiter=;", "--multiline-fields=true", "--id-type=string"} <= set(args)
    named = sorted(a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships=")))
    assert named == sorted(f for f in files if f.endswith(".csv"))
    assert [a for a in args if a.startswith("--nodes=")][0] == "--nodes=nodes_Source.csv"  # nodes first


def test_csv_null_is_empty_and_strings_are_quoted(loaded, tmp_path):
    out = tmp_path / "csv"
    export_store(loaded, "csv", out)
    header, rows = read_csv(out / "nodes_Claim.csv")
    raw = (out / "nodes_Claim.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(raw) == len(rows)  # no claim field spans lines here, so raw lines and rows pair up
    fact = header.index("fact")
    hedged = [i for i, r in enumerate(rows) if r[header.index("polarity")] == "hedged"]
    assert len(hedged) == 2
    for i in hedged:
        # No fact: an empty field, which neo4j-admin reads as null, never "" (an empty string).
        assert rows[i][fact] == ""
        fields = next(csv.reader([raw[i]], quoting=csv.QUOTE_NONE))
        assert fields[fact] == ""
        assert fields[0] == f'"{rows[i][0]}"' and fields[header.index("start:int")].isdigit()


def test_awkward_values(store, tmp_path):
    """An alias holding the array delimiter, a form feed in a text: CSV and GraphML still hold them."""
    text = "Page one.\fThe Kabul office said it met the Doha office."
    claim = {"source": {"title": "Two offices", "text": text},
             "subject": {"name": "Kabul office", "kind": "Organization", "names": ["K;O"]},
             "predicate": "MET_WITH", "object": {"name": "Doha office", "kind": "Organization"},
             "quote": "The Kabul office said it met the Doha office"}
    (tmp_path / "odd.jsonl").write_text(json.dumps(claim) + "\n", encoding="utf-8")
    load_paths(store, [tmp_path / "odd.jsonl"])

    export_store(store, "csv", tmp_path / "csv")
    assert "'--array-delimiter=|'" in (tmp_path / "csv" / "import.txt").read_text(encoding="utf-8")
    header, rows = read_csv(tmp_path / "csv" / "nodes_Organization.csv")
    names = {r[header.index("name")]: r[header.index("names:string[]")].split("|") for r in rows}
    assert names["Kabul office"] == ["Kabul office", "K;O"]
    assert {r[1] for r in rows} == {"Entity|Organization"}

    export_store(store, "graphml", tmp_path / "odd.graphml")
    root = ET.parse(tmp_path / "odd.graphml").getroot()
    texts = [d.text for d in root.iter("{http://graphml.graphdrawing.org/xmlns}data") if d.get("key") == "n_text"]
    assert texts == [text.replace("\f", "\ufffd")]  # XML 1.0 cannot hold a form feed at all

    export_store(store, "jsonl", tmp_path / "back.jsonl")
    line = json.loads((tmp_path / "back.jsonl").read_text(encoding="utf-8"))
    assert line["source"]["text"] == text and line["subject"]["names"] == ["Kabul office", "K;O"]


def test_csv_needs_an_empty_directory(loaded, tmp_path):
    with pytest.raises(KbError, match="--output"):
        export_store(loaded, "csv", None)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(KbError, match="not empty"):
        export_store(loaded, "csv", tmp_path / "full")
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    (tmp_path / "file").write_text("x")
    with pytest.raises(KbError, match="not a directory"):
        export_store(loaded, "csv", tmp_path / "file")


# --- GraphML --------------------------------------------------------------------------------------

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def test_graphml_parses_and_counts_match(loaded, tmp_path):
    out = tmp_path / "kb.graphml"
    stats = store_stats(loaded)
    assert export_store(loaded, "graphml", out) == stats["claims"]
    root = ET.parse(out).getroot()
    keys = {k.get("id"): k for k in root.findall("g:key", NS)}
    assert all(k.get("attr.type") in {"string", "long", "double", "boolean"} for k in keys.values())
    nodes = root.findall("g:graph/g:node", NS)
    edges = root.findall("g:graph/g:edge", NS)
    assert len(nodes) == stats["sources"] + stats["claims"] + stats["entities"]
    assert len(edges) == 3 * stats["claims"] + stats["facts"] + stats["structure"]
    ids = {n.get("id") for n in nodes}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    for el in nodes + edges:
        for d in el.findall("g:data", NS):
            assert d.get("key") in keys  # every property is declared

    def data(el: ET.Element) -> dict[str, str]:
        return {keys[d.get("key")].get("attr.name"): d.text for d in el.findall("g:data", NS)}

    labels = [data(n)["labels"] for n in nodes]
    assert labels.count(":Source") == stats["sources"] and labels.count(":Claim") == stats["claims"]
    assert labels.count(":Entity:State") == stats["entities.State"]
    types = [data(e)["type"] for e in edges]
    assert types.count("IN_SOURCE") == stats["claims"] and types.count("MET_WITH") == stats["facts.MET_WITH"]
    assert keys["e_sources"].get("attr.type") == "long" and keys["n_confidence"].get("attr.type") == "double"
    delisted = next(data(e) for e in edges if data(e)["type"] == "DELISTED")
    assert len(json.loads(delisted["claims"])) == 3 and delisted["sources"] == "2"
    texts = [data(n).get("text") for n in nodes if data(n)["labels"] == ":Source"]
    assert any(t and "طالبان" in t for t in texts)


def test_graphml_to_stdout(loaded, capsys):
    export_store(loaded, "graphml", None)
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"


# --- errors and the command line ------------------------------------------------------------------

def test_unknown_format_and_unwritable_output(loaded, tmp_path):
    with pytest.raises(KbError, match="unknown export format 'xml'"):
        export_store(loaded, "xml", tmp_path / "x")
    with pytest.raises(KbError, match="cannot write"):
        export_store(loaded, "jsonl", tmp_path / "missing" / "x.jsonl")
    with pytest.raises(KbError, match="is a directory"):
        export_store(loaded, "graphml", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no half-written file left behind


def test_cli_export_then_load_gives_the_same_stats(backend_location, tmp_path):
    _, a, env = backend_location
    b, out = tmp_path / "b", tmp_path / "claims.jsonl"
    res = run_kb("load", str(EXAMPLE), str(SECOND), store=a, env=env)
    assert res.returncode == 0, res.stderr
    res = run_kb("export", "-o", str(out), store=a, env=env)
    assert res.returncode == 0, res.stderr
    assert res.stderr.strip() == f"exported 19 claims to {out}"
    res = run_kb("load", str(out), store=b)
    assert res.returncode == 0, res.stderr
    stats = [run_kb("stats", "--format", "json", store=a, env=env), run_kb("stats", "--format", "json", store=b)]
    assert all(s.returncode == 0 for s in stats), [s.stderr for s in stats]
    assert json.loads(stats[0].stdout) == json.loads(stats[1].stdout)
    assert {r["what"]: r["count"] for r in json.loads(stats[1].stdout)}["claims"] == 19


def test_cli_export_errors_are_one_line(tmp_path):
    res = run_kb("export", "--format", "csv", store=tmp_path / "s")
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == ["kb: error: --format csv writes a directory of files: "
                                               "give it with --output DIR"]
