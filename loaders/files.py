"""Reading input files: one place that turns OS errors into one-line InputErrors naming the file."""

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
