"""Big input files a piece at a time: the lines of a JSON Lines file, the items of a top-level JSON array and
of a top-level YAML sequence, each with the line it starts on. Memory is that of one item (and of a read
chunk), whatever the file's size; every problem is one InputError naming the file.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import IO, Iterator

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kb.errors import InputError
from loaders.files import decode_utf8, reading

CHUNK = 1 << 20
# A claim is a few dozen values; YAML aliases could make one stand for billions (the "billion laughs").
MAX_VALUES = 100_000


class Text:
    """A UTF-8 file decoded a chunk at a time (a BOM is dropped). A NUL byte means a binary file."""

    def __init__(self, path: Path, fh: IO[bytes]) -> None:
        self.path = path
        self._fh = fh
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._offset = 0  # bytes read so far

    def read(self, size: int) -> str:
        """Up to `size` bytes' worth of text (at least one character); "" at the end of the file."""
        while True:
            raw = self._fh.read(size)
            if b"\x00" in raw:
                raise InputError(self.path, "is a binary file, not text")
            try:
                text = self._decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as exc:
                raise InputError(self.path, f"is not valid UTF-8 (byte {max(0, self._offset + exc.start)})") from None
            self._offset += len(raw)
            if text or not raw:  # a chunk may end inside a character and so decode to nothing yet
                return text


def json_line(path: Path, line: str, n: int) -> object:
    """One line's JSON value; InputError names the file and line of bad JSON."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", n) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply", n) from None


def json_lines(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, value) for each non-blank line. Lines end at \\n only: U+2028 and the like are valid
    inside JSON strings."""
    with reading(path), path.open("rb") as fh:
        for n, raw in enumerate(fh, start=1):
            line = decode_utf8(path, raw, n)
            if line.strip():
                yield n, json_line(path, line, n)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class _JsonCursor:
    """A window on a file's text: `pos` walks forward, what lies behind it is dropped as more is read,
    and the line and column of any position ahead of it are known (counted once, incrementally)."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.dropped = 0  # characters dropped from the front of buf so far
        self._mark, self._line, self._col = 0, 1, 0  # buf[_mark] is at line _line, column _col (0-based)

    def more(self, at_least: int = 0) -> bool:
        """Read more text (dropping what is behind pos); False at the end of the file."""
        if self.eof:
            return False
        self.where(self.pos)
        self.dropped += self.pos
        self.buf, self._mark, self.pos = self.buf[self.pos:], 0, 0
        got = self.text.read(max(at_least, CHUNK))
        self.buf += got
        self.eof = not got
        return bool(got)

    def skip_space(self) -> str:
        """The next non-space character ("" at the end of the file), with pos on it."""
        while True:
            self.pos = _JSON_SPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self.more():
                return self.buf[self.pos:self.pos + 1]

    def where(self, p: int) -> tuple[int, int]:
        """(line, 1-based column) of buf[p], for p at or after the last position asked about."""
        newlines = self.buf.count("\n", self._mark, p)
        if newlines:
            self._line += newlines
            self._col = p - self.buf.rfind("\n", self._mark, p) - 1
        else:
            self._col += p - self._mark
        self._mark = p
        return self._line, self._col + 1

    def fail(self, problem: str, p: int) -> InputError:
        line, col = self.where(p)
        return InputError(self.text.path, f"invalid JSON: {problem} (column {col})", line)

    def value(self) -> object:
        """Decode the value at pos, reading more while the text ends inside it."""
        decoder = json.JSONDecoder()
        while True:
            dropped = self.dropped  # more() drops text before pos: positions found before it shift back
            try:
                value, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # A value cut off by the end of the window fails near that end, or as an unterminated
                # string; an error well inside the window is the file's own.
                cut = exc.msg.startswith("Unterminated string") or exc.pos >= len(self.buf) - 32
                if cut and self.more(2 * len(self.buf)):
                    continue
                raise self.fail(exc.msg, exc.pos - (self.dropped - dropped)) from None
            except RecursionError:
                raise InputError(self.text.path, "invalid JSON: nested too deeply", self.where(self.pos)[0]) from None
            if end >= len(self.buf) - 32 and self.more(2 * len(self.buf)):  # "10" may be "10.5" cut short
                continue
            self.pos = end - (self.dropped - dropped)
            return value


def json_array(path: Path, what: str) -> Iterator[tuple[int, object]]:
    """(line, item) for each item of the file's top-level JSON array; `what` names the items in errors."""
    with reading(path), path.open("rb") as fh:
        cur = _JsonCursor(Text(path, fh))
        first = cur.skip_space()
        if not first:
            raise InputError(path, "is empty")
        if first != "[":
            raise InputError(path, f"a .json file of {what} must hold a list of {what}", cur.where(cur.pos)[0])
        cur.pos += 1
        if cur.skip_space() == "]":
            cur.pos += 1
        else:
            while True:
                cur.skip_space()
                line = cur.where(cur.pos)[0]
                yield line, cur.value()
                sep = cur.skip_space()
                cur.pos += 1
                if sep == "]":
                    break
                if sep != ",":
                    raise cur.fail("Expecting ',' delimiter" if sep else "the list is not closed by ]", cur.pos - 1)
        if cur.skip_space():
            raise cur.fail("Extra data", cur.pos)


# ------------------------------------------------------------------------------------------ YAML

def _yaml_loader(text: Text) -> yaml.SafeLoader:
    """libyaml's event parser when PyYAML has it (ten times faster), else PyYAML's own; safe constructors
    only, so no tag can build an object."""
    return (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)(text)


class _Composer:
    """Nodes from parser events: one top-level item at a time for yaml_sequence (PyYAML composes a whole
    document at once), or a whole document for yaml_document. Anchors hold across items, as in one
    document. Each node counts the values it stands for (its `weight`), aliases included, so that a few
    lines cannot stand for billions of values; a node without a weight is still being composed, and an
    alias to it would build a value that contains itself."""

    def __init__(self, loader: yaml.SafeLoader, max_values: int = MAX_VALUES) -> None:
        self.loader = loader
        self.max_values = max_values
        self.anchors: dict[str, Node] = {}

    def node(self) -> Node:
        event = self.loader.get_event()
        if isinstance(event, AliasEvent):
            if event.anchor not in self.anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                                  event.start_mark)
            target = self.anchors[event.anchor]
            if not hasattr(target, "weight"):  # still being composed: the alias is inside its own anchor
                raise yaml.composer.ComposerError(None, None, f"alias {event.anchor!r} refers to a node that "
                                                  "contains it", event.start_mark)
            return target
        resolve = self.loader.resolve
        if isinstance(event, ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else resolve(ScalarNode, event.value, event.implicit)
            node: Node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            node.weight = 1
        elif isinstance(event, SequenceStartEvent):
            tag = event.tag if event.tag not in (None, "!") else resolve(SequenceNode, None, event.implicit)
            node = SequenceNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
            self._anchor(event.anchor, node)
            while not self.loader.check_event(SequenceEndEvent):
                node.value.append(self.node())
            node.end_mark = self.loader.get_event().end_mark
            node.weight = 1 + sum(n.weight for n in node.value)
        elif isinstance(event, MappingStartEvent):
            tag = event.tag if event.tag not in (None, "!") else resolve(MappingNode, None, event.implicit)
            node = MappingNode(tag, [], event.start_mark, None, flow_style=event.flow_style)
            self._anchor(event.anchor, node)
            while not self.loader.check_event(MappingEndEvent):
                node.value.append((self.node(), self.node()))
            node.end_mark = self.loader.get_event().end_mark
            node.weight = 1 + sum(k.weight + v.weight for k, v in node.value)
        else:
            raise yaml.composer.ComposerError(None, None, f"unexpected {type(event).__name__}", event.start_mark)
        if isinstance(node, ScalarNode):
            self._anchor(event.anchor, node)
        if node.weight > self.max_values:
            raise yaml.composer.ComposerError(None, None, f"a value here stands for over {self.max_values:,} "
                                              "values (through aliases, perhaps)", event.start_mark)
        return node

    def _anchor(self, anchor: str | None, node: Node) -> None:
        if anchor is None:
            return
        if anchor in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found duplicate anchor {anchor!r}", node.start_mark)
        self.anchors[anchor] = node


def _yaml_error(path: Path, exc: Exception) -> InputError:
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return InputError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None)
    # ValueError: an unquoted impossible date (2024-13-45) built by the date constructor; or nesting
    return InputError(path, f"invalid YAML: {' '.join(str(exc).split()) or 'nested too deeply'}")


def yaml_document(path: Path, max_values: int) -> object:
    """The file's one YAML document, whole (None when it holds none), read as safely as yaml_sequence
    reads items: no tag builds an object, and aliases cannot make it stand for over `max_values` values."""
    with reading(path), path.open("rb") as fh:
        loader = _yaml_loader(Text(path, fh))
        try:
            loader.get_event()  # StreamStart
            if loader.check_event(StreamEndEvent):
                return None
            loader.get_event()  # DocumentStart
            node = _Composer(loader, max_values).node()
            loader.get_event()  # DocumentEnd
            if loader.check_event(DocumentStartEvent):
                raise InputError(path, "holds more than one YAML document", loader.peek_event().start_mark.line + 1)
            return loader.construct_document(node)
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            raise _yaml_error(path, exc) from None
        finally:
            loader.dispose()


def yaml_sequence(path: Path, what: str) -> Iterator[tuple[int, object]]:
    """(line, item) for each item of the file's top-level YAML sequence; `what` names the items in errors."""
    with reading(path), path.open("rb") as fh:
        loader = _yaml_loader(Text(path, fh))
        try:
            yield from _yaml_items(path, what, loader)
        except (yaml.YAMLError, ValueError, RecursionError) as exc:
            raise _yaml_error(path, exc) from None
        finally:
            loader.dispose()


def _yaml_items(path: Path, what: str, loader: yaml.SafeLoader) -> Iterator[tuple[int, object]]:
    loader.get_event()  # StreamStart
    if loader.check_event(StreamEndEvent):
        raise InputError(path, "is empty")
    loader.get_event()  # DocumentStart
    if not loader.check_event(SequenceStartEvent):
        start = loader.peek_event().start_mark
        raise InputError(path, f"a YAML file of {what} must hold a list of {what}", start.line + 1)
    composer = _Composer(loader)
    top = loader.get_event()
    composer._anchor(top.anchor, SequenceNode("tag:yaml.org,2002:seq", [], top.start_mark, None))
    while not loader.check_event(SequenceEndEvent):
        node = composer.node()
        yield node.start_mark.line + 1, loader.construct_document(node)
    loader.get_event()  # SequenceEnd
    loader.get_event()  # DocumentEnd
    if loader.check_event(DocumentStartEvent):
        raise InputError(path, f"holds more than one YAML document; put all the {what} in one list",
                         loader.peek_event().start_mark.line + 1)
