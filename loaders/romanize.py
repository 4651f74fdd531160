"""Latin names for people known only from Arabic text.

    latin_name("وليد الخريجي") -> "Waleed Al-Kheriji"; None for words no one spells as a name

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


# Endings of common nouns and verbs (feminine ة, pronoun suffixes) that a man's name written in Arabic
# almost never has: words the model alone spelt, with these, are a phrase, not a name.
_NOT_NAME_END = ("ة", "ها", "هم", "هما", "كم")


@lru_cache(maxsize=4096)
def latin_name(arabic: str, country: str | None = None) -> str | None:
    """The likely Latin spelling of an Arabic-script personal name, or None when no word of it is a name
    anyone has spelt and one ends like a common noun ("خطوة لحماية", "a step to protect"): kb names
    nobody from such words."""
    hint = country.upper() if country and country.upper() in _ARAB else None
    best = _transliterator().transliterate(arabic, top_k=2, country=hint)  # top_k=1 gives a bare string
    if not best:
        return None
    cand = best[0]
    attested = cand.source == "dictionary" or any(u.source in ("dictionary", "user") for u in cand.units)
    if not attested and any(w.endswith(_NOT_NAME_END) for w in arabic.split()):
        return None
    words = [_english_ending(w, u.source) for w, u in zip(cand.text.split(), cand.units)] \
        if len(cand.units) == len(cand.text.split()) else cand.text.split()
    return " ".join(words) or None


def _english_ending(word: str, source: str) -> str:
    """The model spells Russian and Central Asian surnames the French way ("Ismatouf"); English news
    writes -ov, -ev, -ova."""
    if source == "model":
        for french, english in (("ouf", "ov"), ("ouva", "ova"), ("ieff", "iev"), ("ief", "iev")):
            if word.endswith(french):
                return word[: -len(french)] + english
    return word
