"""The ontology is data: kinds.yaml and predicates.yaml, validated into frozen pydantic objects.

Everything that names a label or a relationship type (validation, Cypher, the Browser
stylesheet, `kb schema`) derives from the `Ontology` returned by `load_ontology()`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from kb.errors import OntologyError

_IDENT = re.compile(r"^[A-Z][A-Za-z]*$")
_PREDICATE = re.compile(r"^[A-Z][A-Z_]*$")
_QUALIFIER = re.compile(r"^[a-z][a-z_]*$")
# Claim and fact properties that qualifiers may not shadow.
RESERVED_PROPERTIES = frozenset({
    "key", "predicate", "date", "date_from", "date_to", "precision", "date_text", "polarity", "quote",
    "start", "end", "confidence", "extractor", "fact", "identity", "pair", "claims", "sources", "first_reported",
    "last_reported", "subject", "object", "source", "name", "names",
    # a claim's curation (kb/curation.py): its retraction key, the ends it named before a merge, its retraction
    "ref", "named_subject", "named_object", "retracted", "retracted_at",
})


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(_Frozen):
    name: str
    definition: str
    label_en: str
    label_ar: str
    color: str


class ProvenanceKind(_Frozen):
    name: str
    definition: str
    color: str


class Qualifier(_Frozen):
    name: str
    definition: str
    identifying: bool = False
    values: tuple[str, ...] | None = None
    # Values for which one subject at a time holds the predicate with a given object (a state has one
    # president): two subjects said to hold it as of the same day contradict each other.
    single_holder: tuple[str, ...] = ()


class Predicate(_Frozen):
    name: str
    definition: str
    label_en: str
    label_ar: str
    domain: frozenset[str]  # concrete kinds, groups expanded
    range: frozenset[str]
    symmetric: bool = False
    qualifiers: dict[str, Qualifier]
    # How often it happens (the `contradictions` query reads these): `recurring` predicates happen again
    # and again, each occurrence a separate fact by date (meetings, visits, attacks, statements); `once`
    # predicates happen once per subject, object and identifying qualifiers (a formal recognition), so two
    # dates that cannot both be true contradict each other; neither: a state or a change of state
    # (designations, offices, memberships), true over a time. `ends` names the state this predicate ends
    # (DELISTED ends DESIGNATED): both as of the same day contradict each other.
    recurring: bool = False
    once: bool = False
    ends: str | None = None

    @property
    def identifying(self) -> tuple[str, ...]:
        return tuple(sorted(q for q, spec in self.qualifiers.items() if spec.identifying))


class Structure(_Frozen):
    """A structural relation between entities (an organ PART_OF its state): taken from the gazetteer, not
    from claims, so it has no qualifiers, dates or provenance of its own but the `source` it names."""

    name: str
    definition: str
    label_en: str
    label_ar: str
    domain: frozenset[str]
    range: frozenset[str]


class Ontology(_Frozen):
    version: int
    kinds: dict[str, Kind]
    groups: dict[str, tuple[str, ...]]
    provenance: dict[str, ProvenanceKind]
    predicates: dict[str, Predicate]
    structure: dict[str, Structure] = {}

    def kind(self, name: str) -> Kind:
        return self.kinds[name]

    def predicate(self, name: str) -> Predicate:
        return self.predicates[name]


# --- raw YAML shapes -------------------------------------------------------------------------

class _RawKind(_Frozen):
    definition: str
    label_en: str
    label_ar: str
    color: str


class _RawProvenance(_Frozen):
    definition: str
    color: str


class _RawKinds(_Frozen):
    version: int
    kinds: dict[str, _RawKind]
    groups: dict[str, list[str]]
    provenance: dict[str, _RawProvenance]


class _RawQualifier(_Frozen):
    definition: str
    identifying: bool = False
    values: list[str] | None = None
    single_holder: list[str] = []


class _RawPredicate(_Frozen):
    definition: str
    label_en: str
    label_ar: str
    domain: list[str]
    range: list[str]
    symmetric: bool = False
    recurring: bool = False
    once: bool = False
    ends: str | None = None
    qualifiers: dict[str, _RawQualifier] = {}

    @field_validator("domain", "range")
    @classmethod
    def _non_empty(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("must name at least one kind")
        return v


class _RawStructure(_Frozen):
    definition: str
    label_en: str
    label_ar: str
    domain: list[str]
    range: list[str]


class _RawPredicates(_Frozen):
    version: int
    predicates: dict[str, _RawPredicate]
    structure: dict[str, _RawStructure] = {}


def _read_yaml(path: Path | object, label: str) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    except (OSError, yaml.YAMLError) as exc:
        raise OntologyError(f"{label}: cannot read ontology file: {str(exc).splitlines()[0]}") from None


def _first_error(label: str, exc: ValidationError) -> OntologyError:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return OntologyError(f"{label}: {where}: {err['msg']}")


def build_ontology(kinds_doc: object, predicates_doc: object, label: str = "ontology") -> Ontology:
    """Validate the two YAML documents and expand groups; raise OntologyError on the first problem."""
    try:
        raw_k = _RawKinds.model_validate(kinds_doc)
        raw_p = _RawPredicates.model_validate(predicates_doc)
    except ValidationError as exc:
        raise _first_error(label, exc) from None
    kinds = {}
    for name, k in raw_k.kinds.items():
        if not _IDENT.match(name):
            raise OntologyError(f"{label}: kind {name!r} is not a CamelCase identifier")
        kinds[name] = Kind(name=name, **k.model_dump())
    groups: dict[str, tuple[str, ...]] = {}
    for name, members in raw_k.groups.items():
        if name in kinds or not _IDENT.match(name):
            raise OntologyError(f"{label}: group {name!r} clashes with a kind or is not CamelCase")
        unknown = [m for m in members if m not in kinds]
        if unknown:
            raise OntologyError(f"{label}: group {name} names unknown kinds {unknown}")
        groups[name] = tuple(members)
    provenance = {}
    for name, p in raw_k.provenance.items():
        if name in kinds or not _IDENT.match(name):
            raise OntologyError(f"{label}: provenance kind {name!r} clashes with a kind or is not CamelCase")
        provenance[name] = ProvenanceKind(name=name, **p.model_dump())

    def expand(names: list[str], pred: str, side: str) -> frozenset[str]:
        out: set[str] = set()
        for n in names:
            if n in kinds:
                out.add(n)
            elif n in groups:
                out.update(groups[n])
            else:
                raise OntologyError(f"{label}: predicate {pred} {side} names unknown kind {n!r}")
        return frozenset(out)

    predicates = {}
    for name, p in raw_p.predicates.items():
        if not _PREDICATE.match(name):
            raise OntologyError(f"{label}: predicate {name!r} is not UPPER_SNAKE_CASE")
        quals = {}
        for qn, q in p.qualifiers.items():
            if not _QUALIFIER.match(qn) or qn in RESERVED_PROPERTIES:
                raise OntologyError(f"{label}: predicate {name} qualifier {qn!r} is reserved or not snake_case")
            if q.single_holder:
                if not q.identifying:
                    raise OntologyError(f"{label}: predicate {name} qualifier {qn}: single_holder needs an "
                                        f"identifying qualifier")
                unknown_values = [v for v in q.single_holder if q.values is not None and v not in q.values]
                if unknown_values or len(set(q.single_holder)) != len(q.single_holder) or "" in q.single_holder:
                    raise OntologyError(f"{label}: predicate {name} qualifier {qn}: single_holder values must be "
                                        f"distinct, non-empty and among its values")
            quals[qn] = Qualifier(name=qn, definition=q.definition, identifying=q.identifying,
                                  values=tuple(q.values) if q.values is not None else None,
                                  single_holder=tuple(q.single_holder))
        if p.symmetric and expand(p.domain, name, "domain") != expand(p.range, name, "range"):
            raise OntologyError(f"{label}: symmetric predicate {name} needs the same domain and range")
        if p.recurring and p.once:
            raise OntologyError(f"{label}: predicate {name} cannot be both recurring and once")
        if (p.recurring or p.once or p.symmetric) and any(q.single_holder for q in p.qualifiers.values()):
            raise OntologyError(f"{label}: predicate {name}: single_holder is for states held by one subject "
                                f"at a time, not for a recurring, once-only or symmetric predicate")
        predicates[name] = Predicate(
            name=name, definition=p.definition, label_en=p.label_en, label_ar=p.label_ar,
            domain=expand(p.domain, name, "domain"), range=expand(p.range, name, "range"),
            symmetric=p.symmetric, qualifiers=quals, recurring=p.recurring, once=p.once, ends=p.ends,
        )
    _check_ends(predicates, label)
    structure = {}
    for name, r in raw_p.structure.items():
        if not _PREDICATE.match(name) or name in predicates:
            raise OntologyError(f"{label}: structural relation {name!r} clashes with a predicate or is not UPPER_SNAKE_CASE")
        structure[name] = Structure(name=name, definition=r.definition, label_en=r.label_en, label_ar=r.label_ar,
                                    domain=expand(r.domain, name, "domain"), range=expand(r.range, name, "range"))
    reserved_types = {"IN_SOURCE", "SUBJECT", "OBJECT"}
    if reserved_types & (predicates.keys() | structure.keys()):
        raise OntologyError(f"{label}: predicates may not be named {sorted(reserved_types)}")
    if raw_k.version != raw_p.version:
        raise OntologyError(f"{label}: kinds version {raw_k.version} != predicates version {raw_p.version}")
    return Ontology(version=raw_k.version, kinds=kinds, groups=groups, provenance=provenance,
                    predicates=predicates, structure=structure)


def _check_ends(predicates: dict[str, Predicate], label: str) -> None:
    """`ends: STATE`: STATE is another predicate that ends nothing itself, is a state (neither recurring nor
    once, like the ender), has the same identifying qualifiers, and neither is symmetric (the query pairs
    them by subject and object in that order)."""
    for name, p in predicates.items():
        if p.ends is None:
            continue
        target = predicates.get(p.ends)
        if target is None or target.name == name:
            raise OntologyError(f"{label}: predicate {name} ends {p.ends!r}, which is no other predicate")
        if target.ends is not None:
            raise OntologyError(f"{label}: predicate {name} ends {target.name}, which itself ends {target.ends}")
        if p.symmetric or target.symmetric:
            raise OntologyError(f"{label}: predicate {name} ends {target.name}: neither may be symmetric")
        if p.recurring or p.once or target.recurring or target.once:
            raise OntologyError(f"{label}: predicate {name} ends {target.name}: both must be states, neither "
                                f"recurring nor once")
        if p.identifying != target.identifying:
            raise OntologyError(f"{label}: predicate {name} ends {target.name}: their identifying qualifiers "
                                f"differ ({list(p.identifying)} vs {list(target.identifying)})")


def load_ontology_from(directory: Path) -> Ontology:
    return build_ontology(_read_yaml(directory / "kinds.yaml", str(directory / "kinds.yaml")),
                          _read_yaml(directory / "predicates.yaml", str(directory / "predicates.yaml")),
                          label=str(directory))


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The ontology shipped with kb (package data)."""
    here = files("kb.ontology")
    return build_ontology(_read_yaml(here / "kinds.yaml", "kb/ontology/kinds.yaml"),
                          _read_yaml(here / "predicates.yaml", "kb/ontology/predicates.yaml"),
                          label="kb/ontology")


__all__ = ["Kind", "Ontology", "Predicate", "Qualifier", "Structure", "build_ontology", "load_ontology",
           "load_ontology_from", "RESERVED_PROPERTIES"]
