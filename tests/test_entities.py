"""Entity resolution: states meet on one ISO-keyed node whatever language names them; keys are stable."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kb.claims import EntityRef
from kb.entities import fold, resolve, slug


@pytest.mark.parametrize("name,iso,expected_key,expected_name", [
    ("Russia", None, "state:RU", "Russia"),
    ("روسيا", None, "state:RU", "Russia"),
    ("Россия", None, "state:RU", "Russia"),
    ("russian federation", None, "state:RU", "Russia"),
    ("Moscow", "RU", "state:RU", "Russia"),  # a capital standing for its state, told by iso
    ("أفغانستان", None, "state:AF", "Afghanistan"),
    ("USA", None, "state:US", "United States"),
    ("الولايات المتحدة", None, "state:US", "United States"),
    ("Afghanistan", None, "state:AF", "Afghanistan"),
    ("Rusia", None, "state:RU", "Russia"),  # Spanish
    ("Rwsia", None, "state:RU", "Russia"),  # Welsh: not among the stored languages, found in all of CLDR
    ("ロシア", None, "state:RU", "Russia"),  # Japanese
])
def test_states_resolve_to_iso_keys(name, iso, expected_key, expected_name):
    ent = resolve(EntityRef(name=name, kind="State", iso=iso))
    assert (ent.key, ent.name) == (expected_key, expected_name)
    assert name in ent.names
    assert ent.iso == expected_key.split(":")[1]


def test_state_nodes_carry_names_in_several_languages():
    names = resolve(EntityRef(name="Russia", kind="State")).names
    assert {"Russia", "روسيا", "Россия"} <= set(names)
    assert names[0] == "Russia"


def test_unknown_state_gets_a_slug_key():
    ent = resolve(EntityRef(name="Soviet Union", kind="State"))
    assert ent.key == "state:soviet-union" and ent.iso is None


@pytest.mark.parametrize("ref,key", [
    (EntityRef(name="Taliban", kind="Organization"), "organization:taliban"),
    (EntityRef(name="  Sergei   Lavrov ", kind="Person"), "person:sergei-lavrov"),
    (EntityRef(name="Sergei Lavrov", kind="Person", key="Q1234"), "Q1234"),
    (EntityRef(name="iron ore", kind="Resource"), "resource:iron-ore"),
    (EntityRef(name="طالبان", kind="Organization"), "organization:طالبان"),
])
def test_other_kinds_key_by_kind_and_name(ref, key):
    assert resolve(ref).key == key


def test_aliases_are_kept_once_in_order():
    ent = resolve(EntityRef(name="Taliban", kind="Organization", names=["طالبان", "Taliban", "طالبان"]))
    assert ent.names == ("Taliban", "طالبان")


@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_slug_is_a_clean_key_whatever_the_padding(text):
    key = slug(text)
    assert key and "--" not in key and not key.startswith("-") and not key.endswith("-")
    assert slug(f"  {text}\t") == key
    assert slug(fold(text)) == slug(fold(fold(text)))
