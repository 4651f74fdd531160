"""JSON Lines shared by the claims and article readers: line numbers in every error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from kb.errors import InputError


def json_lines(path: Path, text: str) -> Iterator[tuple[int, object]]:
    """(line number, value) for each non-blank line; InputError names the file and line of bad JSON.
    Lines end at \n only: U+2028 and the like are valid inside JSON strings."""
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield n, json_line(path, line, n)


def json_line(path: Path, line: str, n: int) -> object:
    """One line's JSON value; InputError names the file and line of bad JSON."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", n) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply", n) from None
