"""The Neo4j Browser stylesheet (GraSS) for kb's graph, generated from the ontology.

`kb schema --style` prints it; neo4j/kb.grass is the committed copy (a test fails when it is stale).
Load it in Neo4j Browser with `:style` and paste, or drag the file onto the style panel.

GraSS is parsed by Neo4j Browser, not by a CSS engine: rules are `node`, `node.<Label>`, `relationship`
and `relationship.<TYPE>`; a caption is a quoted template in which `{prop}` is a property and `<type>` the
relationship type. The Browser parser splits declarations on `;` and `:` and knows no comments, so the
sheet carries none and captions contain neither character.
"""

from __future__ import annotations

import re

from kb.errors import OntologyError
from kb.ontology import Ontology
from kb.stores.schema import NAME_LABEL, NAMES_TYPE

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Neo4j Browser's own defaults for unlabelled nodes and for relationships.
_NODE_DEFAULT = {"diameter": "50px", "color": "#A5ABB6", "border-color": "#9AA1AC", "border-width": "2px",
                 "text-color-internal": "#FFFFFF", "font-size": "10px"}
_REL_DEFAULT = {"color": "#A5ABB6", "shaft-width": "1px", "font-size": "8px", "padding": "3px",
                "text-color-external": "#000000", "text-color-internal": "#FFFFFF", "caption": "<type>"}
_DARK_TEXT = "#2A2C34"
# Provenance edges stay thin and grey; facts, the point of the graph, are drawn thicker.
_PROVENANCE_TYPES = ("IN_SOURCE", "SUBJECT", "OBJECT")
_CAPTIONS = {"Source": "{title}", "Claim": "{predicate}"}
# The name index (kb/stores/schema.py): one small, pale grey node per lower-cased name, captioned by it, with
# thin NAMES edges to its entities. It shows when an entity is expanded in Browser; it is no part of the story.
_NAME_COLOR = "#DDDEE2"


def _rgb(color: str, what: str) -> tuple[int, int, int]:
    if not _HEX.match(color):
        raise OntologyError(f"{what}: colour {color!r} is not #RRGGBB")
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _border(rgb: tuple[int, int, int]) -> str:
    """A darker shade of the fill, as the Browser's own palette pairs them."""
    return "#" + "".join(f"{round(c * 0.8):02X}" for c in rgb)


def _text_color(rgb: tuple[int, int, int]) -> str:
    """White on dark fills, dark grey on light ones (WCAG relative luminance)."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return _DARK_TEXT if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "#FFFFFF"


def _rule(selector: str, props: dict[str, str]) -> str:
    lines = [f"{selector} {{"]
    for name, value in props.items():
        if name == "caption":
            if any(c in value for c in ";:'"):
                raise OntologyError(f"{selector}: caption {value!r} would break the GraSS parser")
            value = f"'{value}'"
        lines.append(f"  {name}: {value};")
    lines.append("}")
    return "\n".join(lines)


def _node(selector: str, color: str, caption: str, what: str, diameter: str | None = None) -> str:
    rgb = _rgb(color, what)
    props = {"color": color.upper(), "border-color": _border(rgb), "text-color-internal": _text_color(rgb)}
    if diameter:
        props["diameter"] = diameter
    props["caption"] = caption
    return _rule(selector, props)


def grass(ontology: Ontology) -> str:
    """The stylesheet: a colour and `{name}` caption per entity kind, Source and Claim from `provenance`,
    small grey Name nodes, and a `<type>` caption on every fact relationship type, drawn thicker."""
    rules = [_rule("node", _NODE_DEFAULT), _rule("relationship", _REL_DEFAULT),
             # Every entity also carries the label Entity. Without a rule of its own, Browser makes one up with
             # a palette colour and appends it, after (so over) the kinds' rules; in sheet order, the kinds win.
             _rule("node.Entity", {**_NODE_DEFAULT, "caption": "{name}"})]
    for kind in ontology.kinds.values():
        rules.append(_node(f"node.{kind.name}", kind.color, "{name}", f"kind {kind.name}"))
    for prov in ontology.provenance.values():
        diameter = "30px" if prov.name == "Claim" else None  # many claims per fact: keep them small
        rules.append(_node(f"node.{prov.name}", prov.color, _CAPTIONS.get(prov.name, "{key}"),
                           f"provenance {prov.name}", diameter))
    rules.append(_node(f"node.{NAME_LABEL}", _NAME_COLOR, "{key}", f"node {NAME_LABEL}", "20px"))
    for rtype in (*_PROVENANCE_TYPES, NAMES_TYPE):
        rules.append(_rule(f"relationship.{rtype}", {"shaft-width": "1px", "caption": "<type>"}))
    for pred in ontology.predicates.values():
        # Browser 5 replaces <type> only in a caption that is nothing else ("<type> {date}" draws "<type>"
        # literally), so a fact is captioned by its type; its date is one click away.
        rules.append(_rule(f"relationship.{pred.name}", {"shaft-width": "3px", "caption": "<type>"}))
    return "\n\n".join(rules) + "\n"


__all__ = ["grass"]
