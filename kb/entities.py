"""Entity resolution at load time: every entity reference gets a stable key.

States resolve by any of their CLDR names (babel ships them for every locale) or ISO code to
one node keyed `state:<ISO alpha-2>`, whose canonical name is the English CLDR name and whose
`names` hold the names in the languages below, so "Russia", "روسيا" and "Россия" meet on one node.
Other kinds are keyed by kind and a normalised form of their canonical English name, unless the
claim gives a `key`. The extraction issue grows this into a full gazetteer under loaders/.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kb.claims import EntityRef

# Languages whose CLDR territory names are stored on State nodes and matched at load time.
CLDR_LANGUAGES = ("en", "ar", "ru", "fr", "es", "de", "zh", "fa", "ps", "ur", "tr", "uk", "he", "hi", "pt", "it")
# Alpha-2 codes in CLDR that are not territories (EU, UN, pseudo-regions, unknown).
_NOT_TERRITORIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
# Common English forms CLDR does not list as a territory's name.
_EXTRA_ALIASES = {
    "US": ["USA", "U.S.", "US", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russian Federation"],
    "KP": ["North Korea", "DPRK"],
    "KR": ["South Korea"],
    "CN": ["People's Republic of China", "PRC"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "AE": ["UAE"],
}
_KEY_CHARS = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Case- and width-insensitive comparison form of a name."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def slug(text: str) -> str:
    return _KEY_CHARS.sub("-", fold(text)).strip("-") or "unnamed"


@dataclass(frozen=True)
class StateNames:
    by_name: dict[str, str]  # folded name -> ISO code
    english: dict[str, str]  # ISO code -> canonical English name
    all_names: dict[str, tuple[str, ...]]  # ISO code -> names in CLDR_LANGUAGES, English first


# Canonical English names where CLDR's differ from what English-language news and analysts write
# ("Congo - Kinshasa", "Myanmar (Burma)", "Palestinian Territories"): CLDR's stay as aliases.
_WIRE_NAMES = {
    "TR": "Turkey", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo", "MM": "Myanmar",
    "PS": "Palestine", "CI": "Ivory Coast", "BA": "Bosnia and Herzegovina", "HK": "Hong Kong", "MO": "Macau",
    "AG": "Antigua and Barbuda", "KN": "Saint Kitts and Nevis", "LC": "Saint Lucia",
    "VC": "Saint Vincent and the Grenadines", "TT": "Trinidad and Tobago", "ST": "São Tomé and Príncipe",
}


@lru_cache(maxsize=1)
def state_names() -> StateNames:
    from babel import Locale

    by_name: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for lang in CLDR_LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_TERRITORIES:
                continue
            names.setdefault(code, [])
            if name not in names[code]:
                names[code].append(name)
            by_name.setdefault(fold(name), code)
    for code, aliases in _EXTRA_ALIASES.items():
        for alias in aliases:
            by_name.setdefault(fold(alias), code)
            if alias not in names[code]:
                names[code].append(alias)
    for code, name in _WIRE_NAMES.items():  # the name news writes, first: "Turkey", not "Türkiye"
        by_name.setdefault(fold(name), code)
        names[code] = [name] + [n for n in names[code] if n != name]
    english = {code: ns[0] for code, ns in names.items()}
    return StateNames(by_name, english, {c: tuple(ns) for c, ns in names.items()})


@lru_cache(maxsize=1)
def all_cldr_names() -> dict[str, str]:
    """Folded territory name -> ISO code in every CLDR locale babel ships (about a second to build,
    so it is only consulted for a name the languages above do not know)."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    known = state_names().english
    out: dict[str, str] = {}
    for ident in sorted(locale_identifiers()):
        try:
            territories = Locale.parse(ident).territories
        except (ValueError, LookupError):
            continue
        for code, name in territories.items():
            if code in known:
                out.setdefault(fold(name), code)
    return out


def state_code(ref: EntityRef) -> str | None:
    """The ISO code a State reference names, from `iso`, its name, or any alias; None if unknown."""
    table = state_names()
    if ref.iso and ref.iso.upper() in table.english:
        return ref.iso.upper()
    candidates = (ref.name, *ref.names)
    for candidate in candidates:
        code = table.by_name.get(fold(candidate))
        if code:
            return code
        if len(candidate) == 2 and candidate.upper() in table.english and candidate.isupper():
            return candidate.upper()
    for candidate in candidates:
        code = all_cldr_names().get(fold(candidate))
        if code:
            return code
    return None


@dataclass(frozen=True)
class Entity:
    key: str
    kind: str
    name: str
    names: tuple[str, ...]
    iso: str | None = None
    wikidata: str | None = None
    part_of: str | None = None  # the key of the state or organization this organ belongs to

    def row(self) -> tuple:
        """kb.rows.ENTITY_FIELDS"""
        return (self.key, self.name, list(self.names), self.iso, self.wikidata, lookup_forms(self.key, self.names))


def lookup_forms(key: str, names: tuple[str, ...] | list[str]) -> list[str]:
    """The keys of the entity's Name nodes: its key and names in lower case, each once. Each is one
    `(:Name {key})-[:NAMES]->(entity)` in the graph, and canned queries find an actor with
    `MATCH (:Name {key: toLower($actor)})-[:NAMES]->(a:Entity)`, from the unique index on Name.key on both
    stores, instead of lower-casing every name of every entity."""
    out: list[str] = []
    for form in (key, *names):
        form = form.lower()
        if form not in out:
            out.append(form)
    return out


def _unique(names: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return tuple(out)


def resolve(ref: EntityRef) -> Entity:
    """The stable entity a reference denotes (a pure function of the reference: no store look-ups)."""
    if ref.kind == "State":
        code = state_code(ref)
        if code is not None:
            table = state_names()
            name = table.english[code]
            return Entity(key=ref.key or f"state:{code}", kind="State", name=name,
                          names=_unique([name, ref.name, *ref.names, *table.all_names[code]]),
                          iso=code, wikidata=ref.wikidata)
    key = ref.key or f"{ref.kind.lower()}:{slug(ref.name)}"
    return Entity(key=key, kind=ref.kind, name=ref.name, names=_unique([ref.name, *ref.names]),
                  iso=ref.iso, wikidata=ref.wikidata, part_of=resolve(ref.part_of).key if ref.part_of else None)
