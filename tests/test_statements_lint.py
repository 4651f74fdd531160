"""kb's library Cypher (kb/statements.py, the writes behind load and unload) must also run on Neo4j 5:
lint every statement a load and an unload produce with Neo4j's own linter, as the canned queries are."""

from __future__ import annotations

import re
from pathlib import Path

from kb.claims import Claim
from kb.ontology import load_ontology
from kb.statements import load_source, unload_source
from kb.stores.schema import neo4j_schema
from kb.validate import Located, build_batches
from loaders.claims_file import read_claims_file
from test_cypher_lint import REPO, _lint

_PARAM = re.compile(r"\$(\w+)")


def _type(value: object) -> str:
    return "list" if isinstance(value, list) else "map" if isinstance(value, dict) else "string"


def statement_files(tmp: Path) -> list[Path]:
    onto = load_ontology()
    items: list[Located] = list(read_claims_file(REPO / "examples" / "example-claims.yaml"))
    # an organ with its state, so that the structural PART_OF statements are linted too
    text = "Russia's Supreme Court suspended the ban on the Taliban."
    items.append(Located(Claim.model_validate({
        "source": {"url": "https://example.org/court", "text": text}, "predicate": "DELISTED",
        "subject": {"name": "Supreme Court of Russia", "kind": "Organization",
                    "part_of": {"name": "Russia", "kind": "State"}},
        "object": {"name": "Taliban", "kind": "Organization"}, "quote": text}), REPO / "organ.yaml", 1))
    statements = []
    for batch in build_batches(items, onto):
        statements += load_source(batch, onto, "2024-10-07T00:00:00+00:00") + unload_source(batch.key, onto)
    files, seen = [], set()
    for st in statements:
        if st.cypher in seen:
            continue
        seen.add(st.cypher)
        names = sorted(set(_PARAM.findall(st.cypher)))
        assert set(names) == set(st.params), f"parameters used and given differ: {st.cypher}"
        header = "".join(f"// param: {n} {_type(st.params[n])} required | library parameter\n" for n in names)
        path = tmp / f"statement-{len(files):02d}.cypher"
        path.write_text(header + st.cypher.strip() + "\n", encoding="utf-8")
        files.append(path)
    return files


# Keys of the `$rows` maps, which the linter takes for graph property keys it does not know.
ROW_KEYS = {"a", "b"}


def test_library_statements_lint_clean(tmp_path):
    files = statement_files(tmp_path)
    assert len(files) >= 10  # load (source, entities per kind, claims, facts per type) and unload
    code, diagnostics, stderr = _lint(files, tmp_path)
    unexpected = [(Path(d["file"]).read_text(encoding="utf-8").splitlines()[d["line"] - 1], d["message"])
                  for d in diagnostics
                  if not (d["severity"] == "warning" and d["message"].split(" ")[0] in ROW_KEYS
                          and "is not present in the database" in d["message"])]
    assert (code, unexpected) == (0, []), stderr


def test_neo4j_schema_statements_lint_clean(tmp_path):
    files = []
    for i, st in enumerate(neo4j_schema()):
        path = tmp_path / f"schema-{i}.cypher"
        path.write_text(st + "\n", encoding="utf-8")
        files.append(path)
    code, diagnostics, stderr = _lint(files, tmp_path, "--strict")
    assert (code, diagnostics) == (0, []), stderr
