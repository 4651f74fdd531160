"""Actors the gazetteer does not know, found by the shape of their names in English text.

    find_open_names(text, language, taken) -> [Mention]   (via="open")

News names people and companies every day that no gazetteer lists ("Omar Jose Prieto Fernandez",
"Sepehr Energy", "Bank Rossiya"). A run of two to five capitalised words (with the particles names carry:
bin, al-, de, van ...) that no gazetteer mention or official already covers is taken as a name: an
Organization when it ends in a word organisations are named with (Bank, Energy, Shipping, Party, ...),
otherwise a Person. Runs that hold a title, a month or weekday, or a function word are not names, and a
run at the start of a sentence must not begin with a word that capitalises any sentence ("The", "Those").
These entities are new: their key is derived from the name as written, and `via="open"` lets the
extractor and an analyst tell them from the gazetteer's. Arabic has no capitals: there, new people come
from titles (loaders/officials.py).
"""

from __future__ import annotations

import re

from loaders.gazetteer import Entry, Mention

_WORD = r"(?=[A-ZÀ-ÖØ-Þ])[^\W\d_][^\W\d_A-Z]+(?:[-'’][^\W\d_][^\W\d_A-Z]+)*"
_PARTICLE = r"(?:bin|ibn|bint|al|el|al-|el-|de|da|del|della|der|van|von|la|le|du|dos|das|ul|ud)"
_CAPS = r"[A-Z]{2,5}"  # "Press TV", "Bank VTB": an acronym may continue a name, never start one
_RUN = re.compile(rf"(?<![\w'’-])(?:{_WORD})(?:\s+(?:{_PARTICLE}\s+)?(?:al-|el-)?(?:{_WORD}|{_CAPS})){{1,4}}(?![\w'’-])")

_ORG_END = {
    "Bank", "Banks", "Company", "Co", "Co.", "Corp", "Corp.", "Corporation", "Group", "Ltd", "Ltd.", "Limited",
    "LLC", "Inc", "Inc.", "Energy", "Oil", "Gas", "Petroleum", "Petrochemical", "Shipping", "Navigation", "Marine",
    "Airlines", "Airways", "Aviation", "Club", "Agency", "Council", "Committee", "Commission", "Party", "Front",
    "Movement", "Army", "Forces", "Guard", "Guards", "University", "Institute", "Foundation", "Fund", "Trust",
    "Holdings", "Holding", "Industries", "Industry", "International", "Trading", "Exchange", "TV", "News",
    "Service", "Services", "Ministry", "Court", "Organization", "Organisation", "Union", "Association",
    "Authority", "Office", "Brigade", "Brigades", "Battalion", "Network", "Mining", "Metals", "Steel",
    "Technologies", "Technology", "Systems", "Logistics", "Port", "Ports", "Airport", "Media", "Agency",
    "Assembly", "Parliament", "Senate", "Bureau", "Directorate", "Department", "Federation", "Alliance",
    "Coalition", "Partnership", "Initiative", "Programme", "Program", "Forum",
}
# Words that make a capitalised run something other than a name.
_NOT_NAME = {
    # function words and sentence openers
    "The", "A", "An", "In", "On", "At", "For", "But", "And", "Or", "Of", "To", "From", "By", "With", "As", "If",
    "Those", "This", "That", "These", "It", "Its", "He", "She", "They", "We", "I", "Our", "Their", "His", "Her",
    "After", "Before", "Earlier", "Later", "Another", "Other", "Some", "All", "No", "Not", "New", "Under",
    "When", "While", "Since", "During", "Over", "About", "Also", "Both", "Such", "Many", "More", "Most",
    "According", "Meanwhile", "However", "Read", "Photo", "Image", "Video", "File", "Advertisement",
    # months and weekdays
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    # titles and offices (officials.py reads them; a run holding one is a title phrase, not a name)
    "President", "Vice", "Prime", "Minister", "Ministers", "Secretary", "General", "Foreign", "Defence", "Defense",
    "Deputy", "Ambassador", "Envoy", "Special", "Representative", "King", "Queen", "Prince", "Crown", "Emir",
    "Sheikh", "Sultan", "Chairman", "Chief", "Director", "Governor", "Judge", "Justice", "Senator", "Speaker",
    "Spokesman", "Spokeswoman", "Spokesperson", "Commander", "Leader", "Mr", "Mrs", "Ms", "Dr", "Gen", "Gen.",
    "Lt", "Col", "Adm", "Sen", "Rep", "Mr.", "Mrs.", "Ms.", "Dr.", "CEO", "Head", "Treasury", "State", "Affairs",
    "Government", "Administration", "Republic", "Islamic", "Kingdom", "United", "Nations", "Security",
    # words that start headlines and captions
    "Sanctions", "Breaking", "Update", "Exclusive", "Analysis", "Opinion", "Live", "Watch", "Related",
}


def find_open_names(text: str, language: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Name-shaped runs of capitalised words outside the spans already `taken` (mentions, officials)."""
    if language != "en":
        return []
    out: list[Mention] = []
    for m in _RUN.finditer(text):
        toks = [(m.start() + t.start(), m.start() + t.end(), t.group()) for t in re.finditer(r"\S+", m.group())]
        while toks and toks[0][2].rstrip(".") in _NOT_NAME:  # "The Treasury", "Those ...": not the name
            toks = toks[1:]
        words = [w for _, _, w in toks]
        if len(words) < 2 or any(w.rstrip(".") in _NOT_NAME for w in words):
            continue
        start, end = toks[0][0], toks[-1][1]
        if any(not (end <= a or b <= start) for a, b in taken):
            continue
        name = " ".join(words)
        kind = "Organization" if words[-1] in _ORG_END else "Person"
        if kind == "Person" and len(words) > 4:
            continue
        out.append(Mention(start=start, end=end, entry=Entry(kind=kind, name=name, names={"en": [name]}), via="open"))
    return out


# --- state bodies no gazetteer lists: "Kyrgyzstan's State Commission for Religious Affairs" ---------------
_BODY = re.compile(
    r"(?P<body>(?:(?:State|National|Federal|Supreme|Central|Anti-Corruption|Security|Investigative|Special)\s+){0,2}"
    r"(?:Commission|Committee|Agency|Council|Service|Bureau|Directorate|Authority|Prosecutor(?:['’]s|-General['’]s|"
    r" General['’]s)?\s+Office|Inspectorate|Tribunal)"
    r"(?:\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*){0,4})?)")


def find_open_organs(text: str, language: str, mentions: list[Mention]) -> list[Mention]:
    """A state's body named right after the state ("Kyrgyzstan's State Commission for Religious Affairs",
    "the Kazakh Anti-Corruption Agency") that the gazetteer does not hold: an Organization named "<body>
    of <state>", part of that state. The state's mention is replaced by the body's."""
    if language != "en":
        return []
    out: list[Mention] = []
    for m in mentions:
        if m.entry.kind != "State" or m.via not in ("name", "demonym"):
            continue
        rest = text[m.end:m.end + 120]
        lead = re.match(r"['’]s\s+" if m.via == "name" else r"\s+", rest)
        if lead is None:
            continue
        body = _BODY.match(rest, lead.end())
        if body is None:
            continue
        words = body.group("body").split()
        while words and words[-1] in ("and", "of", "for", "on", "the"):
            words.pop()
        name = " ".join(words)
        end = m.end + body.start("body") + len(name)
        entry = Entry(kind="Organization", name=f"{name} of {m.entry.name}", names={"en": [text[m.start:end]]},
                      parent=m.entry.key)
        out.append(Mention(start=m.start, end=end, entry=entry, via="open"))
    return out
