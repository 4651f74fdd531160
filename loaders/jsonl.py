"""JSON Lines shared by the claims and article readers: line numbers in every error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from kb.errors import InputError


def json_lines(path: Path, text: str) -> Iterator[tuple[int, object]]:
    """(line number, value) for each non-blank line; InputError names the file and line of bad JSON."""
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", n) from None
        except RecursionError:
            raise InputError(path, "invalid JSON: nested too deeply", n) from None
