"""Render query results: a table on a terminal, JSON or CSV for scripts."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, TextIO

from kb.errors import KbError
from kb.stores.base import Result

FORMATS = ("table", "json", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render(result: Result, fmt: str | None, out: TextIO = sys.stdout) -> None:
    fmt = fmt or ("table" if out.isatty() else "json")
    if fmt not in FORMATS:
        raise KbError(f"--format {fmt!r}: want one of {', '.join(FORMATS)}")
    if fmt == "json":
        json.dump(result.records(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_cell(v) for v in row] for row in result.rows])
        out.write(buf.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for col in result.columns:
            table.add_column(col, overflow="fold")
        for row in result.rows:
            table.add_row(*[_cell(v) for v in row])
        # Off a terminal rich assumes 80 columns; a table asked for explicitly gets room instead.
        console = Console(file=out, width=None if out.isatty() else 400)
        console.print(table)
        console.print(f"{len(result.rows)} row(s)", style="dim")
