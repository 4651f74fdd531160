"""The ontology is data: the shipped YAML validates, and invalid ontologies are rejected with a clear error."""

from __future__ import annotations

import copy
from importlib.resources import files

import pytest
import yaml

from kb.errors import OntologyError
from kb.ontology import build_ontology, load_ontology

KINDS = yaml.safe_load((files("kb.ontology") / "kinds.yaml").read_text(encoding="utf-8"))
PREDICATES = yaml.safe_load((files("kb.ontology") / "predicates.yaml").read_text(encoding="utf-8"))


def test_shipped_ontology_has_version_1_contents():
    onto = load_ontology()
    assert set(onto.kinds) == {"State", "Organization", "Person", "Group", "Place", "Resource", "Event"}
    assert set(onto.provenance) == {"Source", "Claim"}
    assert len(onto.predicates) == 27
    assert onto.predicates["MET_WITH"].symmetric
    assert not onto.predicates["DELISTED"].symmetric
    assert onto.predicates["HOLDS_OFFICE"].domain == {"Person"}
    assert onto.predicates["CALLED_FOR"].qualifiers["demand"].values == (
        "lift_sanctions", "unfreeze_assets", "recognition", "withdrawal", "ceasefire", "negotiations", "aid", "other")
    assert onto.predicates["DELISTED"].identifying == ("list",)
    for p in onto.predicates.values():
        assert p.label_en and p.label_ar and p.definition


def test_ontology_objects_are_frozen():
    onto = load_ontology()
    with pytest.raises(Exception):
        onto.predicates["DELISTED"].symmetric = True  # type: ignore[misc]


def _broken(kinds_edit=None, preds_edit=None):
    k, p = copy.deepcopy(KINDS), copy.deepcopy(PREDICATES)
    if kinds_edit:
        kinds_edit(k)
    if preds_edit:
        preds_edit(p)
    return k, p


@pytest.mark.parametrize("kinds_edit,preds_edit,message", [
    (None, lambda p: p["predicates"]["DELISTED"].update(domain=["Planet"]), "unknown kind 'Planet'"),
    (None, lambda p: p["predicates"]["DELISTED"].update(colour="red"), "Extra inputs"),
    (None, lambda p: p["predicates"].update(bad_name=p["predicates"]["DELISTED"]), "UPPER_SNAKE_CASE"),
    (None, lambda p: p["predicates"]["DELISTED"]["qualifiers"].update(date={"definition": "x"}), "reserved"),
    (None, lambda p: p["predicates"]["DELISTED"].update(domain=[]), "at least one kind"),
    (None, lambda p: p["predicates"]["MET_WITH"].update(range=["Person"]), "same domain and range"),
    (None, lambda p: p["predicates"].update(SUBJECT=p["predicates"]["DELISTED"]), "may not be named"),
    (lambda k: k["groups"].update(Actor=["State", "Alien"]), None, "unknown kinds"),
    (lambda k: k["kinds"]["State"].pop("label_ar"), None, "Field required"),
    (lambda k: k.update(version=2), None, "version"),
])
def test_invalid_ontologies_are_rejected(kinds_edit, preds_edit, message):
    k, p = _broken(kinds_edit, preds_edit)
    with pytest.raises(OntologyError, match=message):
        build_ontology(k, p)
