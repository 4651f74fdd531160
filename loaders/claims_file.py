"""Read claims files: JSON Lines (`.jsonl`), a JSON list (`.json`) or a YAML list (`.yaml`, `.yml`)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from kb.claims import Claim
from kb.errors import InputError
from kb.validate import Located
from loaders.files import read_bytes
from loaders.jsonl import json_lines

CLAIM_SUFFIXES = (".jsonl", ".json", ".yaml", ".yml")


def _problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def _claim(path: Path, line: int | None, data: object) -> Located:
    if not isinstance(data, dict):
        raise InputError(path, f"a claim must be an object, not {type(data).__name__}", line)
    try:
        return Located(Claim.model_validate(data), path, line)
    except ValidationError as exc:
        raise InputError(path, _problem(exc), line) from None


def _read_text(path: Path) -> str:
    raw = read_bytes(path)
    if b"\x00" in raw:
        raise InputError(path, "is a binary file, not claims text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not valid UTF-8 (byte {exc.start})") from None


def read_jsonl(path: Path, text: str) -> list[Located]:
    return [_claim(path, n, data) for n, data in json_lines(path, text)]


def read_json(path: Path, text: str) -> list[Located]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None
    if not isinstance(data, list):
        raise InputError(path, "a .json claims file must hold a list of claims")
    return [_claim(path, None, item) for item in data]


def read_yaml(path: Path, text: str) -> list[Located]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # SafeLoader: no tags that build objects
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    except (ValueError, RecursionError) as exc:  # an unquoted impossible date (2024-13-45), or nesting
        raise InputError(path, f"invalid YAML: {' '.join(str(exc).split()) or 'nested too deeply'}") from None
    if data is None:
        return []
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise InputError(path, "a YAML claims file must hold a list of claims")
    return [_claim(path, node.start_mark.line + 1, item) for node, item in zip(root.value, data)]


def read_claims_file(path: Path) -> list[Located]:
    suffix = path.suffix.lower()
    if suffix not in CLAIM_SUFFIXES:
        raise InputError(path, f"unknown file type {suffix or '(none)'}; kb loads {', '.join(CLAIM_SUFFIXES)}")
    text = _read_text(path)
    if not text.strip():
        raise InputError(path, "is empty")
    if suffix == ".jsonl":
        return read_jsonl(path, text)
    if suffix == ".json":
        return read_json(path, text)
    return read_yaml(path, text)
