"""The streamed readers give what reading the whole file gives: the JSON array reader agrees with json.loads
and the YAML sequence reader with yaml.safe_load, item for item, even when every read returns only a few
bytes (so items, strings, numbers and UTF-8 characters are cut at every place); what they refuse, the
whole-file parsers refuse too. Each item comes with the line it starts on."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loaders.streams
from conftest import alias_bomb
from kb.errors import InputError
from loaders.streams import json_array, json_lines, yaml_sequence

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(alphabet=string.ascii_letters + " \"\\/\n\t{}[],:é€𝄞روسيا\u2028", max_size=12)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(string.ascii_letters + "é ", max_size=6), inner, max_size=4),
                      max_leaves=12)


def parse_all(reader, path: Path, chunk: int, monkeypatch) -> list:
    monkeypatch.setattr(loaders.streams, "CHUNK", chunk)
    return [item for _, item in reader(path, "claims")]


@SETTINGS
@given(items=st.lists(values, max_size=6), indent=st.sampled_from([None, 0, 2]),
       ascii=st.booleans(), chunk=st.integers(1, 64))
def test_json_array_agrees_with_json_loads(tmp_path, monkeypatch, items, indent, ascii, chunk) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps(items, indent=indent, ensure_ascii=ascii), encoding="utf-8")
    assert parse_all(json_array, path, chunk, monkeypatch) == items


@SETTINGS
@given(text=st.text(alphabet='[]{},:"\\ \n0123456789.-+eEtrufalsn\u00e9', max_size=40), chunk=st.integers(1, 16))
def test_json_array_refuses_what_json_loads_refuses(tmp_path, monkeypatch, text, chunk) -> None:
    path = tmp_path / "c.json"
    path.write_text(text, encoding="utf-8")
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, list):
        assert parse_all(json_array, path, chunk, monkeypatch) == whole
    else:
        with pytest.raises(InputError, match=r"c\.json"):
            parse_all(json_array, path, chunk, monkeypatch)


yaml_keys = st.text(string.ascii_letters, min_size=1, max_size=6)
yaml_values = st.recursive(st.none() | st.booleans() | st.integers(-10**9, 10**9)
                           | st.text(string.ascii_letters + " :#-'\"é€روسيا", max_size=12),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(yaml_keys, inner, max_size=3),
                           max_leaves=10)


@SETTINGS
@given(items=st.lists(yaml_values, max_size=6), flow=st.sampled_from([None, True, False]), chunk=st.integers(1, 64))
def test_yaml_sequence_agrees_with_safe_load(tmp_path, monkeypatch, items, flow, chunk) -> None:
    path = tmp_path / "c.yaml"
    text = yaml.safe_dump(items, default_flow_style=flow, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    assert parse_all(yaml_sequence, path, chunk, monkeypatch) == yaml.safe_load(text) == items


@pytest.mark.parametrize("text", ['[10.5, 1e5, -0.25, 100, "x\\"y", true, null, {"a": [1.5]}]',
                                  '[\n  {"k": "موسكو 𝄞"},\n  12345678901234567890\n]'])
def test_every_cut_of_the_text_reads_the_same(tmp_path, monkeypatch, text) -> None:
    # Numbers, escapes and multi-byte characters cut at every byte: "10" must not pass for "10.5".
    path = tmp_path / "c.json"
    path.write_text(text, encoding="utf-8")
    for chunk in range(1, len(text.encode()) + 2):
        assert parse_all(json_array, path, chunk, monkeypatch) == json.loads(text), chunk


def test_items_come_with_their_lines(tmp_path) -> None:
    path = tmp_path / "c.json"
    path.write_text('\ufeff[\n  {"a": 1},\n\n  {"b": "x\\ny"}, {"c": 3}\n]\n', encoding="utf-8")
    assert list(json_array(path, "claims")) == [(2, {"a": 1}), (4, {"b": "x\ny"}), (4, {"c": 3})]
    path = tmp_path / "c.yaml"
    path.write_text("# claims\n- a: 1\n  b: [x]\n- &k {c: 3}\n- *k\n", encoding="utf-8")
    assert list(yaml_sequence(path, "claims")) == [(2, {"a": 1, "b": ["x"]}), (4, {"c": 3}), (4, {"c": 3})]
    path = tmp_path / "c.jsonl"
    path.write_text('{"a": 1}\n\n{"b": "\u2028"}\n', encoding="utf-8")
    assert list(json_lines(path)) == [(1, {"a": 1}), (3, {"b": "\u2028"})]


@pytest.mark.parametrize("name,content,message", [
    ("c.json", b"", "c.json: is empty"),
    ("c.json", b"  \n ", "c.json: is empty"),
    ("c.json", b'{"a": 1}', "c.json:1: a .json file of claims must hold a list of claims"),
    ("c.json", b"[1, 2", "c.json:1: invalid JSON: the list is not closed by ]"),
    ("c.json", b"[1,]", "c.json:1: invalid JSON: Expecting value (column 4)"),
    ("c.json", b"[1 2]", "c.json:1: invalid JSON: Expecting ',' delimiter (column 4)"),
    ("c.json", b"[1]\n[2]", "c.json:2: invalid JSON: Extra data (column 1)"),
    ("c.json", b'[\n\n  {"a": tru}]', "c.json:3: invalid JSON: Expecting value (column 9)"),
    ("c.json", b'["caf\xe9"]', "c.json: is not valid UTF-8 (byte 5)"),
    ("c.json", b'[1]\x00', "c.json: is a binary file"),
    ("c.json", b"[" * 100_000 + b"]" * 100_000, "c.json:1: invalid JSON: nested too deeply"),
    ("c.yaml", b"", "c.yaml: is empty"),
    ("c.yaml", b"# only a comment\n", "c.yaml: is empty"),
    ("c.yaml", b"a: 1\n", "c.yaml:1: a YAML file of claims must hold a list of claims"),
    ("c.yaml", b"- 1\n---\n- 2\n", "c.yaml:2: holds more than one YAML document"),
    ("c.yaml", b"- &a {x: 1}\n- &a {y: 2}\n", "found duplicate anchor 'a'"),
    ("c.yaml", b"- *nowhere\n", "found undefined alias 'nowhere'"),
    ("c.yaml", b"- &a {x: *a}\n", "alias 'a' refers to a node that contains it"),
    ("c.yaml", b"- &a [*a]\n", "alias 'a' refers to a node that contains it"),
    ("c.yaml", b"- caf\xe9\n", "c.yaml: is not valid UTF-8"),
    ("c.yaml", b"- a\x00\n", "c.yaml: is a binary file"),
    ("c.yaml", b"- !!python/object/apply:os.system ['true']\n", "invalid YAML"),
    ("c.yaml", b"- 2024-13-45\n", "invalid YAML: month must be in 1..12"),
])
def test_broken_files_are_one_input_error(tmp_path, name, content, message) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    reader = json_array if name.endswith(".json") else yaml_sequence
    with pytest.raises(InputError) as err:
        list(reader(path, "claims"))
    assert message in str(err.value) and str(err.value).startswith(str(path)), str(err.value)


def test_yaml_aliases_cannot_stand_for_billions_of_values(tmp_path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("- bomb:\n" + alias_bomb("    "), encoding="utf-8")
    with pytest.raises(InputError, match="stands for over 100,000 values"):
        list(yaml_sequence(path, "claims"))
