"""Latin names for people known only from Arabic text.

    latin_name("أوليغ نيفيدوف", country="RU") -> "Oleg Nefedov"-like spelling

kb names every entity in Latin script, so that a person first seen in Arabic and later in English can meet
on one key. Names the gazetteer knows never come here. We use `arabic-name-romanizer` (offline, MIT): it
answers from ~60k spellings attested in Wikidata first and falls back to a small ONNX model only for name
parts nobody has spelt, which is what news Arabic needs: real people's usual spellings ("Mohammed bin
Salman"), not a scholarly transliteration ("Muḥammad") that no English report would write. A country hint
(the state of the person's office) picks the regional convention (Abdelkader in Algeria, Abdulqadir in
the Gulf). Results are cached: one article names the same people many times.
"""

from __future__ import annotations

from functools import lru_cache

# Countries the romanizer has conventions for: Arab states (ISO alpha-2); others get no hint.
_ARAB = {"AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA", "SA", "SD", "SO",
         "SY", "TN", "YE", "DJ", "KM"}


@lru_cache(maxsize=1)
def _transliterator():
    from arabic_name_romanizer import Transliterator

    return Transliterator()


@lru_cache(maxsize=4096)
def latin_name(arabic: str, country: str | None = None) -> str:
    """The likely Latin spelling of an Arabic-script personal name; the name itself when it has no Arabic."""
    hint = country.upper() if country and country.upper() in _ARAB else None
    text = _transliterator().transliterate(arabic, country=hint)
    return " ".join(text.split()) or arabic
