"""Reading input files: one place that turns OS errors into one-line InputErrors naming the file."""

from __future__ import annotations

from pathlib import Path

from kb.errors import InputError


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
