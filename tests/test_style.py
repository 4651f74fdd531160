"""The Neo4j Browser stylesheet: generated from the ontology, committed as neo4j/kb.grass."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, run_kb
from kb.errors import OntologyError
from kb.ontology import load_ontology
from kb.style import grass

GRASS_FILE = REPO / "neo4j" / "kb.grass"


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Read a sheet the way Neo4j Browser does: `selector { name: value; ... }`, where a single-quoted
    string may hold braces, and declarations are split on `;`, then on `:`."""
    rules: dict[str, dict[str, str]] = {}
    selector, body, in_body, in_string = "", "", False, False
    for c in text:
        if c == "'":
            in_string = not in_string
            continue
        if c == "{" and not in_string:
            in_body = True
        elif c == "}" and not in_string:
            assert selector not in rules, f"duplicate rule {selector}"
            rules[selector] = {}
            for decl in body.split(";"):
                parts = decl.split(":")
                if len(parts) == 2 and parts[0].strip():
                    rules[selector][parts[0].strip()] = parts[1].strip()
                else:
                    assert not decl.strip(), f"{selector}: declaration {decl!r} does not parse"
            selector, body, in_body = "", "", False
        elif in_body:
            body += c
        elif not c.isspace():
            selector += c
    assert not in_body and not in_string and not selector, "unterminated rule"
    return rules


def test_committed_stylesheet_is_current():
    assert GRASS_FILE.read_text(encoding="utf-8") == grass(load_ontology()), \
        "neo4j/kb.grass is stale: kb schema --style > neo4j/kb.grass"


def test_every_kind_and_predicate_is_styled():
    onto = load_ontology()
    rules = parse_grass(grass(onto))
    for kind in onto.kinds.values():
        rule = rules[f"node.{kind.name}"]
        assert rule["color"] == kind.color.upper() and rule["caption"] == "{name}"
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["border-color"])
    for prov, caption in (("Source", "{title}"), ("Claim", "{predicate}")):
        assert rules[f"node.{prov}"]["color"] == onto.provenance[prov].color.upper()
        assert rules[f"node.{prov}"]["caption"] == caption
    for pred in onto.predicates:
        assert rules[f"relationship.{pred}"]["caption"] == "<type>"  # Browser draws nothing richer
    for rtype in ("IN_SOURCE", "SUBJECT", "OBJECT", "NAMES"):
        assert rules[f"relationship.{rtype}"]["caption"] == "<type>"
    # the name index: small grey nodes captioned by their key
    assert rules["node.Name"]["caption"] == "{key}" and rules["node.Name"]["diameter"] == "20px"
    # Entity, every entity's second label, has a rule before the kinds' (Browser would append one over them)
    names = list(rules)
    assert rules["node.Entity"]["caption"] == "{name}"
    assert all(names.index("node.Entity") < names.index(f"node.{k}") for k in onto.kinds)
    expected = {"node", "relationship", *(f"node.{k}" for k in [*onto.kinds, *onto.provenance, "Name", "Entity"]),
                *(f"relationship.{t}" for t in [*onto.predicates, "IN_SOURCE", "SUBJECT", "OBJECT", "NAMES"])}
    assert set(rules) == expected


def test_text_stays_readable():
    rules = parse_grass(grass(load_ontology()))
    assert rules["node.State"]["text-color-internal"] == "#FFFFFF"  # dark blue fill
    assert rules["node.Resource"]["text-color-internal"] == "#2A2C34"  # yellow fill


def test_bad_colour_is_an_ontology_error():
    onto = load_ontology()
    state = onto.kinds["State"].model_copy(update={"color": "blue"})
    broken = onto.model_copy(update={"kinds": {**onto.kinds, "State": state}})
    with pytest.raises(OntologyError, match="State.*#RRGGBB"):
        grass(broken)


def test_cli_prints_the_committed_sheet():
    res = run_kb("schema", "--style")
    assert res.returncode == 0, res.stderr
    assert res.stdout == GRASS_FILE.read_text(encoding="utf-8")
