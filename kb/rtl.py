"""Arabic (right-to-left) text in terminal tables: each cell from logical to visual order.

Text is stored and exchanged in logical order (the order it is read). A terminal that does no bidi of its own
shows characters left to right as they come, so an Arabic quote would read backwards. A table cell is laid out
here as a bidi-aware program would: its text is wrapped into lines in logical order, then each line is reordered
for display by the Unicode Bidirectional Algorithm (UAX #9), with the cell's paragraph direction taken from its
first strong character (so an Arabic quote reads right to left, right-aligned in its cell, and an English name
with an Arabic alias stays left to right).

The embedding levels come from python-bidi (the Rust crate unicode-bidi, current UAX #9 with bracket pairs and
isolates). The last rules, which a terminal needs and python-bidi's `get_display` does not apply, are done here
from those levels: L2 reverses each run at its level, L3 keeps combining marks (tashkeel: fatha, shadda,
tanween...) after the letter they sit on, so the terminal draws them on the right letter, and L4 mirrors
brackets in right-to-left runs, so "(رويترز)" keeps its parentheses facing the right way. Explicit directional
formatting characters (LRM, RLM, ALM, embeddings, isolates) are dropped from the visual text: they have done
their work and some terminals draw them. Widths do not change: marks and these controls are zero width, and
reordering moves characters without adding any.

When to do it (KB_BIDI=auto|on|off, default auto): see `bidi_mode`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

from kb.errors import ConfigError

# Characters whose presence makes a string need reordering: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan,
# Mandaic and the Arabic extensions and presentation forms, the right-to-left marks and controls, and the
# historic right-to-left scripts of the SMP. Anything else is shown as it is.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067"
                  "\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Explicit directional formatting characters: dropped from visual text (UAX #9 X9 removes most of them).
_FORMATTING = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Classes UAX #9 L1 resets to the paragraph level at the end of a line: whitespace and isolate controls
# (and what X9 removed, which sits at the level of its neighbours).
_TRAILING = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})
_LEVEL = re.compile(r"Level\(\s*(\d+)")


def needs_bidi(text: str) -> bool:
    return _RTL.search(text) is not None


def base_level(paragraph: str) -> int:
    """0 (left to right) or 1 (right to left): the direction of the first strong character (UAX #9 P2, P3)."""
    from bidi import get_base_level

    return get_base_level(paragraph) if paragraph else 0


def _levels(line: str, base: int) -> list[int] | None:
    """The resolved embedding level of each character of `line` in a paragraph of direction `base`.

    python-bidi returns its levels only in the debug print of unicode-bidi's BidiInfo, one per UTF-8 byte; the
    levels list is the last one in it (the text, which comes first, may contain anything)."""
    from bidi import get_display

    info = get_display(line, base_dir="R" if base else "L", debug=True)
    at = info.rfind("levels: [")
    end = info.find("]", at)
    per_byte = [int(x) for x in _LEVEL.findall(info, at, end)] if at >= 0 and end > at else []
    data = line.encode("utf-8")
    if len(per_byte) != len(data):
        return None  # another python-bidi than the one this was written for (pinned <0.7)
    out, i = [], 0
    for ch in line:
        out.append(per_byte[i])
        i += len(ch.encode("utf-8"))
    return out


@lru_cache(maxsize=4096)
def visual_line(line: str, base: int | None = None) -> str:
    """One line (no line breaks) from logical to visual order, in a paragraph of direction `base` (0 left to
    right, 1 right to left; None: from the line's first strong character)."""
    if not needs_bidi(line):
        return line
    if base is None:
        base = base_level(line)
    levels = _levels(line, base)
    if levels is None:  # python-bidi's own reordering, without L3 and L4
        from bidi import get_display

        return "".join(ch for ch in get_display(line, base_dir="R" if base else "L") if ch not in _FORMATTING)
    classes = [unicodedata.bidirectional(ch) for ch in line]
    # L1: whitespace before a tab and at the end of the line takes the paragraph level.
    trailing = True
    for i in range(len(line) - 1, -1, -1):
        if classes[i] == "S":
            levels[i], trailing = base, True
        elif trailing and classes[i] in _TRAILING:
            levels[i] = base
        else:
            trailing = False
    # Clusters: a character and the combining marks after it travel together (L3), at the character's level.
    clusters: list[list[str]] = []
    cluster_levels: list[int] = []
    for ch, level in zip(line, levels):
        if clusters and unicodedata.category(ch) in ("Mn", "Me") and clusters[-1][0] not in _FORMATTING:
            clusters[-1].append(ch)
            continue
        clusters.append([ch])
        cluster_levels.append(level)
    # L4: a mirrored character in a right-to-left run is shown as its mirror image.
    from bidi.mirror import MIRRORED

    for cluster, level in zip(clusters, cluster_levels):
        if level % 2:
            cluster[0] = MIRRORED.get(cluster[0], cluster[0])
    # L2: from the highest level down to the lowest odd one, reverse every run at that level or higher.
    order = list(range(len(clusters)))
    top = max(cluster_levels, default=0)
    lowest_odd = min((lv for lv in cluster_levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if cluster_levels[order[i]] >= level:
                j = i
                while j < len(order) and cluster_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return "".join(ch for k in order for ch in clusters[k] if ch not in _FORMATTING)


@dataclass(frozen=True)
class Mode:
    """What table output does with right-to-left text: reorder it, and whether to switch the terminal's own
    bidi off around the table (ECMA-48 BDSM: CSI 8 l, explicit mode; CSI 8 h back to implicit)."""

    reorder: bool
    explicit: bool = False


# Terminals that reorder right-to-left text themselves (implicit bidi) and honour BDSM, so that kb can switch
# their bidi off around a table and lay each cell out itself: VTE >= 0.58 (GNOME Terminal, Tilix, Terminator
# ...), after the Terminal Working Group's BiDi recommendation, and mintty. Their own bidi works on whole lines,
# which in a table would carry Arabic text across the cell borders.
# Terminals that reorder by themselves and have no such switch: Konsole, mlterm, Apple's Terminal. kb leaves
# the text in logical order there, as a second reordering would turn it back.
def _terminal(env: dict[str, str]) -> str:
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= 5800:
        return "explicit"
    if env.get("TERM_PROGRAM") == "mintty":
        return "explicit"
    if env.get("KONSOLE_VERSION") or env.get("MLTERM") or env.get("TERM_PROGRAM") == "Apple_Terminal":
        return "reorders"
    return "plain"


def bidi_mode(out: TextIO, env: dict[str, str] | None = None) -> Mode:
    """KB_BIDI=auto (default): reorder in tables written to a terminal, unless the terminal is one that
    reorders by itself without a way to switch that off; on: reorder in every table (e.g. for a pager);
    off: never. JSON and CSV always keep logical order."""
    env = dict(os.environ) if env is None else env
    setting = (env.get("KB_BIDI") or "auto").strip().lower()
    if setting not in ("auto", "on", "off"):
        raise ConfigError(f"KB_BIDI={setting!r}: want auto, on or off")
    if setting == "off":
        return Mode(False)
    try:
        tty = out.isatty()
    except (AttributeError, ValueError):
        tty = False
    terminal = _terminal(env) if tty else "plain"
    if setting == "auto" and (not tty or terminal == "reorders"):
        return Mode(False)
    return Mode(True, explicit=terminal == "explicit")


class BidiCell:
    """A table cell whose right-to-left text is shown in visual order: rich measures and wraps it as the
    logical text (the widths are the same), and each wrapped line is reordered on its own, in the direction of
    its paragraph; right-to-left paragraphs are right-aligned."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_measure__(self, console, options):
        from rich.text import Text

        return Text(self.text).__rich_measure__(console, options)

    def __rich_console__(self, console, options):
        from rich.text import Text

        width = max(options.max_width, 1)
        for paragraph in self.text.split("\n"):
            base = base_level(paragraph)
            lines = Text(paragraph).wrap(console, width, overflow="fold") if paragraph else [Text("")]
            visual = "\n".join(visual_line(line.plain.rstrip(), base) for line in lines)
            yield Text(visual, justify="right" if base else "left", overflow="fold", no_wrap=False)
