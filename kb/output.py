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
# Columns holding an entity's other names (aliases, in every language): a State has a dozen. Tables show each
# entity by its one name; `kb query --aliases` adds these, without the name the row already shows.
ALIAS_COLUMNS = frozenset({"names"})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table_cell(value: Any) -> str:
    """A value as a table shows it: a list of plain values as `a, b`, not as JSON."""
    if isinstance(value, list) and all(v is None or isinstance(v, (str, int, float, bool)) for v in value):
        return ", ".join(_cell(v) for v in value)
    return _cell(value)


def table_rows(result: Result, aliases: bool) -> tuple[list[str], list[list[str]], bool]:
    """Columns and cells a table shows, and whether alias columns were left out: without `aliases`, no
    alias column; with them, each row's aliases less the names its other cells already show."""
    keep = [i for i, col in enumerate(result.columns) if aliases or col not in ALIAS_COLUMNS]
    rows = []
    for row in result.rows:
        shown = {v for i, v in enumerate(row) if isinstance(v, str) and result.columns[i] not in ALIAS_COLUMNS}
        cells = []
        for i in keep:
            value = row[i]
            if result.columns[i] in ALIAS_COLUMNS and isinstance(value, list):
                value = [v for v in value if v not in shown]
            cells.append(_table_cell(value))
        rows.append(cells)
    return [result.columns[i] for i in keep], rows, len(keep) < len(result.columns)


def render(result: Result, fmt: str | None, out: TextIO = sys.stdout, *, aliases: bool = True) -> None:
    """Write `result` as a table (a terminal's default), JSON (otherwise) or CSV. JSON and CSV carry every
    column as the query returned it; a table leaves out alias columns unless `aliases`, and shows
    right-to-left text in visual order where KB_BIDI says so (kb/rtl.py)."""
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
        _table(result, out, aliases)


def page_footer(result: Result, page: int) -> str | None:
    """One line for a page of a paged query: which rows it shows of how many, and how to see the next
    ("rows 1-100 of 5,497; 5,397 more: --page 2"); None when the answer fits on its first page."""
    if result.total is None or result.offset is None or (page == 1 and not result.remaining):
        return None
    if not result.rows:
        return f"page {page} is past the end: {result.total:,} row(s) in all"
    shown = f"rows {result.offset + 1:,}-{result.offset + len(result.rows):,} of {result.total:,}"
    if result.remaining:
        return f"{shown}; {result.remaining:,} more: --page {page + 1}"
    return f"{shown}; the last page"


def _table(result: Result, out: TextIO, aliases: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from kb.rtl import BidiCell, bidi_mode, needs_bidi

    mode = bidi_mode(out)
    columns, rows, hidden = table_rows(result, aliases)
    table = Table(show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for cells in rows:
        table.add_row(*[BidiCell(c) if mode.reorder and needs_bidi(c) else c for c in cells])
    # Off a terminal rich assumes 80 columns; a table asked for explicitly gets room instead.
    console = Console(file=out, width=None if out.isatty() else 400)
    note = f"{len(rows)} row(s)" + ("; other names left out (--aliases shows them)" if hidden else "")
    if mode.explicit and out.isatty():
        out.write("\x1b[8l")  # BDSM reset: the terminal's own bidi off, the cells are laid out already
        out.flush()
    try:
        console.print(table)
        console.print(note, style="dim")
    finally:
        if mode.explicit and out.isatty():
            out.write("\x1b[8h")  # back to the terminal's default, implicit bidi
            out.flush()
