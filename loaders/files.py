"""Reading input files: one place that turns OS errors and undecodable bytes into one-line InputErrors
naming the file."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kb.errors import InputError


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """OS errors while `path` is opened or read become one InputError naming it (a file may also vanish
    between the listing of its folder and its reading)."""
    try:
        yield
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def read_bytes(path: Path) -> bytes:
    with reading(path):
        return path.read_bytes()


def decode_utf8(path: Path, raw: bytes, line: int | None = None) -> str:
    """The text of `raw`: the whole file, or its line `line` (a BOM at the file's start is dropped). A NUL
    byte means a binary file; bad UTF-8 is reported at its byte, and the line it is on."""
    if b"\x00" in raw:
        raise InputError(path, "is a binary file, not text")
    try:
        return raw.decode("utf-8-sig" if line in (None, 1) else "utf-8")
    except UnicodeDecodeError as exc:
        if line is None:
            raise InputError(path, f"is not valid UTF-8 (byte {exc.start})", raw[:exc.start].count(b"\n") + 1) from None
        raise InputError(path, f"is not valid UTF-8 (byte {exc.start} of the line)", line) from None


def nul_at(value: object, where: str = "") -> str | None:
    """Where a string inside `value` holds U+0000 (a JSON "\\u0000", a YAML "\\0"), if anywhere: FalkorDB
    keeps strings as C strings, so it would cut them short."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        found = nul_at(v, f"{where}.{k}" if where else str(k))
        if found is not None:
            return found
    return None
