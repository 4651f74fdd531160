"""Read claims files: JSON Lines (`.jsonl`), a JSON list (`.json`) or a YAML list (`.yaml`, `.yml`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import yaml
from pydantic import ValidationError

from kb.claims import Claim
from kb.errors import InputError
from kb.validate import Located
from loaders.files import read_bytes, reading
from loaders.jsonl import json_line

CLAIM_SUFFIXES = (".jsonl", ".json", ".yaml", ".yml")


def _problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def _nul_at(value: object, where: str = "") -> str | None:
    """Where a string holds U+0000 (a JSON "\\u0000"), if anywhere."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        found = _nul_at(v, f"{where}.{k}" if where else str(k))
        if found is not None:
            return found
    return None


def _claim(path: Path, line: int | None, data: object) -> Located:
    if not isinstance(data, dict):
        raise InputError(path, f"a claim must be an object, not {type(data).__name__}", line)
    nul = _nul_at(data)
    if nul is not None:  # FalkorDB keeps strings as C strings: it would cut them short, or refuse mid-load
        raise InputError(path, f"{nul}: contains a NUL character (U+0000), which kb does not store", line)
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


def _stream_jsonl(path: Path) -> Iterator[Located]:
    """A JSON Lines file a line at a time, so a file of any size takes the memory of its longest line
    (and of the claims it holds, which a load keeps until it writes them)."""
    seen = False
    with reading(path), path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if b"\x00" in raw:
                raise InputError(path, "is a binary file, not claims text")
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(path, f"is not valid UTF-8 (byte {exc.start} of the line)", n) from None
            if not line.strip():
                continue
            seen = True
            yield _claim(path, n, json_line(path, line, n))
    if not seen:
        raise InputError(path, "is empty")


def read_claims_file(path: Path) -> Iterator[Located]:
    """The file's claims, checked one by one; a JSON Lines file is read a line at a time."""
    suffix = path.suffix.lower()
    if suffix not in CLAIM_SUFFIXES:
        raise InputError(path, f"unknown file type {suffix or '(none)'}; kb loads {', '.join(CLAIM_SUFFIXES)}")
    if suffix == ".jsonl":
        return _stream_jsonl(path)
    text = _read_text(path)
    if not text.strip():
        raise InputError(path, "is empty")
    return iter(read_json(path, text) if suffix == ".json" else read_yaml(path, text))
