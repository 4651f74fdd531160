"""Neo4j's own Cypher linter (@neo4j-cypher/language-support, Cypher 5) over every canned query.

tests/lint_cypher.mjs runs the linter; it needs node and `npm ci` in the checkout (package-lock.json pins
the exact version). The canned queries must come out with no diagnostic at all, warnings included, but for
the one warning in ALLOWED. The second half proves that the linter as we call it
does catch things (syntax, undeclared parameters, unknown variables, non-portable functions, misspelled
labels, types and properties), so an empty result above means something.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kb.claims import EntityRef, SourceRef
from kb.ontology import RESERVED_PROPERTIES, load_ontology

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "tests" / "lint_cypher.mjs"
PACKAGE = REPO / "node_modules" / "@neo4j-cypher" / "language-support"
QUERY_FILES = sorted((REPO / "cypher").glob("*.cypher"))


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: install Node.js 20 or later, then run `npm ci` in the checkout")
    if not PACKAGE.is_dir():
        pytest.fail(f"{PACKAGE} is missing: run `npm ci` in {REPO} to install the Cypher linter")
    return node


def _graph_schema() -> dict:
    """What kb writes (kb/statements.py): labels, relationship types and property keys from the ontology."""
    onto = load_ontology()
    qualifiers = {q for p in onto.predicates.values() for q in p.qualifiers}
    source_props = (set(SourceRef.model_fields) - {"path"}) | {"key", "sha256", "loaded_at"}
    # No `lookup`: actors are found through (:Name {key})-[:NAMES]->(:Entity), never a list property.
    entity_props = (set(EntityRef.model_fields) - {"kind", "part_of"}) | {"key"}
    return {
        # KbPruneCheck, KbNameCheck, KbDrop: the removal's own housekeeping labels (kb/statements.py
        # _PRUNE_PARENTS, _PRUNE_NAMES, and _MARK_CLAIMS / _MARK_SOURCES: claims an unload or a load removes)
        "labels": sorted({"Entity", "Source", "Claim", "Name", "Curation", "KbPruneCheck", "KbNameCheck", "KbDrop",
                          *onto.kinds}),
        "relationshipTypes": sorted({"IN_SOURCE", "SUBJECT", "OBJECT", "NAMES", *onto.predicates,
                                     *onto.structure}),
        "propertyKeys": sorted(RESERVED_PROPERTIES | qualifiers | source_props | entity_props),
    }


def _lint(files: list[Path], tmp: Path, *extra: str) -> tuple[int, list[dict], str]:
    schema = tmp / "schema.json"
    schema.write_text(json.dumps(_graph_schema()), encoding="utf-8")
    proc = subprocess.run([_node(), str(SCRIPT), "--schema", str(schema), *extra, *map(str, files)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    try:
        diagnostics = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"lint_cypher.mjs exited {proc.returncode} without JSON output:\n{proc.stdout}{proc.stderr}")
    return proc.returncode, diagnostics, proc.stderr


# Warnings the canned queries may carry, each with why. Cypher 5.23 deprecated `CALL { WITH a ... }` for
# `CALL (a) { ... }`, which FalkorDB (4.16) cannot parse; the queries that choose one way into the graph by
# their parameters (a UNION ALL of ways inside CALL) must run on both stores, so they keep the older form.
ALLOWED = [("warning", "CALL subquery without a variable scope clause is deprecated")]


def _allowed(d: dict) -> bool:
    return any(d["severity"] == sev and d["message"].startswith(text) for sev, text in ALLOWED)


@pytest.fixture(scope="module")
def canned_diagnostics(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[dict]]:
    _, diagnostics, _ = _lint(QUERY_FILES, tmp_path_factory.mktemp("lint"))
    kept = [d for d in diagnostics if not _allowed(d)]
    return (1 if kept else 0), kept


def test_there_are_queries_to_lint() -> None:
    assert len(QUERY_FILES) >= 15


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.name for p in QUERY_FILES])
def test_canned_query_lints_clean(canned_diagnostics: tuple[int, list[dict]], path: Path) -> None:
    _, diagnostics = canned_diagnostics
    mine = [d for d in diagnostics if Path(d["file"]).name == path.name]
    assert mine == [], "\n".join(f"{path.name}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}"
                                 for d in mine)


def test_linter_run_succeeds(canned_diagnostics: tuple[int, list[dict]]) -> None:
    code, diagnostics = canned_diagnostics
    assert (code, diagnostics) == (0, [])


# Each broken query and what the linter must say about it (severity, a piece of the message).
BROKEN = {
    "syntax": ("MATCH (n:Entity) RETRN n.name", "error", "Invalid input 'RETRN'"),
    "undeclared-parameter": ("MATCH (n:Entity) WHERE n.key = $actor RETURN n.name", "error",
                             "Parameter $actor is not defined"),
    "unknown-variable": ("MATCH (n:Entity) RETURN m.name", "error", "Variable `m` not defined"),
    "non-portable-function": ("MATCH (n:Entity) RETURN elementId(n)", "error", "Function elementId is not present"),
    "apoc": ("RETURN apoc.text.join(['a', 'b'], ',')", "error", "Function apoc.text.join is not present"),
    "aggregate-in-where": ("MATCH (n:Entity) WHERE count(n) > 1 RETURN n.name", "error", "Invalid use of aggregating"),
    "misspelled-label": ("MATCH (n:Entitty) RETURN n.name", "warning", "Label Entitty is not present"),
    "misspelled-type": ("MATCH (a:Entity)-[f:DELISTD]->(b:Entity) RETURN a.name", "warning",
                        "Relationship type DELISTD is not present"),
    "misspelled-property": ("MATCH (n:Entity) RETURN n.nmae", "warning", "nmae is not present"),
}
# A header-declared parameter is known to the linter, so this one is clean.
DECLARED = ("// name: declared\n// title: t\n// description: d\n"
            "// param: actor string required example=Russia | an actor\n"
            "MATCH (n:Entity) WHERE n.key = $actor RETURN n.name\n")


def test_linter_catches_broken_queries(tmp_path: Path) -> None:
    files = []
    for name, (cypher, _, _) in BROKEN.items():
        files.append(tmp_path / f"{name}.cypher")
        files[-1].write_text(cypher + "\n", encoding="utf-8")
    declared = tmp_path / "declared.cypher"
    declared.write_text(DECLARED, encoding="utf-8")
    code, diagnostics, stderr = _lint([*files, declared], tmp_path)
    assert code == 1, stderr  # errors make the script fail
    by_file: dict[str, list[tuple[str, str]]] = {}
    for d in diagnostics:
        by_file.setdefault(Path(d["file"]).stem, []).append((d["severity"], d["message"]))
    for name, (_, severity, message) in BROKEN.items():
        found = by_file.get(name, [])
        assert any(sev == severity and message in msg for sev, msg in found), f"{name}: {found}"
    assert "declared" not in by_file
