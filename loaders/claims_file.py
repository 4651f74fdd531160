"""Read claims files: JSON Lines (`.jsonl`), a JSON list (`.json`) or a YAML list (`.yaml`, `.yml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pydantic import ValidationError

from kb.claims import Claim, parse_record
from kb.errors import InputError
from kb.validate import Located, LocatedRecord
from loaders.files import decode_utf8, nul_at, reading
from loaders.streams import json_array, json_line, yaml_sequence

CLAIM_SUFFIXES = (".jsonl", ".json", ".yaml", ".yml")


def _problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def _claim(path: Path, line: int | None, data: object, may_hold_nul: bool = True) -> Located | LocatedRecord:
    if not isinstance(data, dict):
        raise InputError(path, f"a claim must be an object, not {type(data).__name__}", line)
    nul = nul_at(data) if may_hold_nul else None
    if nul is not None:  # FalkorDB keeps strings as C strings: it would cut them short, or refuse mid-load
        raise InputError(path, f"{nul}: contains a NUL character (U+0000), which kb does not store", line)
    try:
        if "curation" in data:  # a curation record (kb/curation.py), as `kb export` writes them
            return LocatedRecord(parse_record(data), path, line)
        return Located(Claim.model_validate(data), path, line)
    except ValidationError as exc:
        raise InputError(path, _problem(exc), line) from None


def read_claims_file(path: Path) -> Iterator[Located | LocatedRecord]:
    """The file's claims, checked one by one as the file is read: a file of any size takes the memory of
    one claim at a time (and of the claims kept, which a load holds until it writes them)."""
    suffix = path.suffix.lower()
    if suffix not in CLAIM_SUFFIXES:
        raise InputError(path, f"unknown file type {suffix or '(none)'}; kb loads {', '.join(CLAIM_SUFFIXES)}")
    if suffix == ".jsonl":
        return _jsonl_claims(path)
    items = json_array(path, "claims") if suffix == ".json" else yaml_sequence(path, "claims")
    return (_claim(path, line, item) for line, item in items)


def _jsonl_claims(path: Path) -> Iterator[Located]:
    seen = False
    with reading(path), path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            line = decode_utf8(path, raw, n)  # (as json_lines)
            if line.strip():
                seen = True
                # A JSON line holds U+0000 only as the escape \u0000 (a NUL byte makes it binary): lines
                # without one need no walk through their values (a tenth of reading a large file), and are read
                # by pydantic's own JSON parser (a quarter of reading a claim less). Any line it refuses is read
                # again as every other input is, which names the problem.
                nul, fast = "\\u0000" in line, None
                if not nul:
                    try:
                        fast = Located(Claim.model_validate_json(line), path, n)
                    except ValidationError:
                        pass
                yield fast or _claim(path, n, json_line(path, line, n), nul)
    if not seen:
        raise InputError(path, "is empty")
