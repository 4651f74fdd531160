"""The claim interchange format: what `kb export --format jsonl` writes and `kb load` reads.

One claim per JSON line (or a YAML list of them). The JSON Schema shipped as
`kb/claim.schema.json` is generated from `Claim` (`python -m kb.claims > kb/claim.schema.json`);
a test fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from kb.dates import parse_partial

Polarity = Literal["asserted", "negated", "hedged"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


def _iso(value: object) -> object:
    """YAML reads `2024-10-06` as a date and `2021` as an int: both mean the ISO string."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class SourceRef(_Strict):
    """Where a claim was read. `path` is relative to the claims file; `text` may carry the text inline."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(default=None, description="ISO date, YYYY[-MM[-DD]]")
    language: str | None = Field(default=None, description="BCP 47 code such as ar or en")
    path: str | None = None
    text: str | None = None
    sha256: str | None = Field(default=None, pattern="^[0-9a-f]{64}$",
                               description="SHA-256 (hex) of the source's UTF-8 text: with `text`, it must be its "
                               "hash; without, the text is the one another claim of the input gives")

    @field_validator("url", "title", "outlet", "language", "path")
    @classmethod
    def _strip(cls, v: str | None) -> str | None:
        return _clean(v)

    @field_validator("published", mode="before")
    @classmethod
    def _published_iso(cls, v: object) -> object:
        return _iso(v)

    @field_validator("published")
    @classmethod
    def _published(cls, v: str | None) -> str | None:
        v = _clean(v)
        if v is not None:
            parse_partial(v)
        return v

    @model_validator(mode="after")
    def _identified(self) -> "SourceRef":
        if not (self.url or self.path or self.text or self.title or self.sha256):
            raise ValueError("a source needs a url, a path, a text, a sha256 or a title")
        if self.text is not None and self.sha256 is not None and \
                hashlib.sha256(self.text.encode("utf-8")).hexdigest() != self.sha256:
            raise ValueError("source.sha256 is not the SHA-256 of source.text")
        return self


class EntityRef(_Strict):
    """An entity as a claim names it: canonical English `name`, its kind, optional stable key and aliases."""

    name: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    key: str | None = None
    names: list[str] = Field(default_factory=list, description="aliases in any language")
    iso: str | None = None
    wikidata: str | None = None
    part_of: "EntityRef | None" = Field(default=None, description="the state or organization this organ belongs "
                                        "to (a ministry's state): structural, from the gazetteer, not a claim")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("name is empty")
        return v

    @field_validator("names")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        return [n.strip() for n in v if n and n.strip()]


class Claim(_Strict):
    """One statement a source makes about two entities."""

    source: SourceRef
    subject: EntityRef
    predicate: str = Field(min_length=1)
    object: EntityRef
    qualifiers: dict[str, str] = Field(default_factory=dict)
    date: str | None = Field(default=None, description="ISO date whose length is its precision, or null")
    date_text: str | None = None
    polarity: Polarity = "asserted"
    quote: str = Field(min_length=1, description="exact characters of the source text")
    span: tuple[int, int] | None = Field(default=None, description="[start, end) character offsets")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    extractor: str = Field(default="manual", min_length=1)

    @field_validator("qualifiers", mode="before")
    @classmethod
    def _qualifier_strings(cls, v: object) -> object:
        # YAML turns `acting: true` into a bool; the graph stores qualifiers as strings.
        if isinstance(v, dict):
            return {k: (str(x).lower() if isinstance(x, bool) else x) for k, x in v.items()}
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _date_iso(cls, v: object) -> object:
        return _iso(v)

    @field_validator("date")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        v = _clean(v)
        if v is not None:
            parse_partial(v)
        return v

    @field_validator("quote")
    @classmethod
    def _quote(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("quote is blank")
        return v

    @field_validator("span")
    @classmethod
    def _span(cls, v: tuple[int, int] | None) -> tuple[int, int] | None:
        if v is not None and not 0 <= v[0] < v[1]:
            raise ValueError("span must be [start, end) with 0 <= start < end")
        return v


# --- curation records: an analyst's decisions about claims and entities, kept as data -----------------

CURATION_VERSION = 1


class _Record(_Strict):
    curation_version: Literal[1] = Field(default=CURATION_VERSION, description="version of the curation "
                                         "record format, apart from the claim format's")
    at: str | None = Field(default=None, description="when the decision was made (ISO 8601, UTC)")


class Retraction(_Record):
    """A claim taken back: it stays in the store for audit, but no fact rests on it. It names the claim by
    what the claim is (source, subject, predicate, object, quote), so it holds when the claim comes back
    from a re-extraction or a re-load, whatever its date or confidence then."""

    curation: Literal["retract"]
    source: str = Field(min_length=1, description="source key (kb's, from the source's URL or text)")
    subject: str = Field(min_length=1, description="entity key of the subject as the claim named it")
    predicate: str = Field(min_length=1)
    object: str = Field(min_length=1, description="entity key of the object as the claim named it")
    quote: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    claim: str | None = Field(default=None, description="the claim's key when it was retracted (for reading)")

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("reason is blank")
        return v.strip()


class EntityCard(_Strict):
    """What a curation record keeps of an entity, to rebuild it (unmerge) or make it again (a load)."""

    name: str = Field(min_length=1)
    kind: str = Field(min_length=1)
    names: list[str] = Field(default_factory=list)
    iso: str | None = None
    wikidata: str | None = None


class Merge(_Record):
    """Two entities found to be one: `merged` is folded into `into`, now and in every later load."""

    curation: Literal["merge"]
    merged: str = Field(min_length=1, description="key of the entity merged away")
    into: str = Field(min_length=1, description="key of the entity that stays")
    merged_entity: EntityCard
    into_entity: EntityCard
    added_names: list[str] = Field(default_factory=list, description="names `into` did not have before")
    parents: list[str] = Field(default_factory=list, description="keys `merged` was PART_OF")
    organs: list[str] = Field(default_factory=list, description="keys that were PART_OF `merged`")


class Alias(_Record):
    """One more name of an entity: it finds the entity in queries, and claims naming it land on it."""

    curation: Literal["alias"]
    name: str = Field(min_length=1)
    to: str = Field(min_length=1, description="key of the entity the name belongs to")
    to_entity: EntityCard

    @field_validator("name")
    @classmethod
    def _alias(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("name is blank")
        return " ".join(v.split())


CurationRecord = Annotated[Union[Retraction, Merge, Alias], Field(discriminator="curation")]
_RECORD = TypeAdapter(CurationRecord)


def parse_record(data: dict) -> Retraction | Merge | Alias:
    """A curation record from its JSON object (raises pydantic's ValidationError)."""
    return _RECORD.validate_python(data)


def json_schema() -> dict:
    """The claim format: a line is a claim or (with a `curation` field) a curation record."""
    schema = Claim.model_json_schema(ref_template="#/$defs/{model}")
    defs = schema.pop("$defs", {})
    records = _RECORD.json_schema(ref_template="#/$defs/{model}")
    defs.update(records.pop("$defs", {}))
    defs["Claim"] = schema
    defs["CurationRecord"] = records
    schema = {"$defs": defs, "anyOf": [{"$ref": "#/$defs/Claim"}, {"$ref": "#/$defs/CurationRecord"}],
              "title": "kb claim or curation record"}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/kb-project/kb/claim.schema.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(json_schema_text(), end="")
