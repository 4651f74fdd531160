"""A deterministic, seeded generator of synthetic corpora: claims in the interchange format, and articles.

    python -m bench.corpus --claims 100000 --out DIR [--seed 1] [--per-file 10000] [--articles 200]

What it models, so that the benchmark meets what real news does to a graph:
- entities of every kind with English and Arabic names; states are the real ones (CLDR names), the rest
  are invented from syllables. Mentions are Zipf-distributed: a few actors are in most claims;
- hubs as in real news: the head of each Zipf pool is the states, organisations and people that dominate
  geopolitical news (the United States, Russia, China, Israel, Ukraine, Iran, Afghanistan...; the UN, the
  EU, the Taliban, NATO...; Putin, Trump...), taken from the gazetteer (loaders/gazetteer), and the organs
  of the hub states (ministries, courts, central banks, the Kremlin, OFAC) follow the hub organisations.
  An organ's claims carry `part_of` its state, as kb extract writes them, so the graph links the organ to
  its state by PART_OF and the actor queries roll it up. The busiest actor (the United States) has about
  as many facts as the busiest one had before hubs were named (87,674 of 640,558 at 1M claims);
- every predicate, with subject and object kinds its domain and range allow, and its qualifiers;
- dates of every precision (day, month, year, none) before the source's publication date;
- about a quarter of the asserted claims repeat an earlier fact from another source, and some claims
  are negated or hedged;
- sources of 4 to 16 claims whose text holds every quote at its span, half Arabic and half English.

Claims files are JSON Lines in the layout `kb export` writes: the first claim of a source carries its
text, the others its URL. Files are cut between sources, so each holds whole sources. The same seed
gives the same bytes.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
from collections import deque
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from kb.entities import state_names
from kb.ontology import Ontology, load_ontology

# Bumped whenever the generator makes other claims for the same seed: corpora cached by `python -m bench`
# carry it in their directory name, so a run never reuses one made by an older generator.
CORPUS_VERSION = 2

# The head of each pool, most mentioned first: the actors that dominate geopolitical news (gazetteer keys;
# the states by ISO code). Ranks follow a rough order of prominence in Arabic and English wire news.
HUB_STATES = ("US", "RU", "CN", "IL", "UA", "IR", "AF", "TR", "SA", "SY", "PS", "QA", "GB", "FR", "DE", "IN",
              "PK", "EG", "IQ", "LB", "YE", "KP", "AE", "JP")
HUB_ORGANIZATIONS = ("united-nations", "european-union", "taliban", "nato", "hamas", "hezbollah",
                     "united-nations-security-council", "houthis", "international-atomic-energy-agency",
                     "islamic-state", "arab-league", "african-union", "international-criminal-court",
                     "shanghai-cooperation-organisation", "brics", "gulf-cooperation-council",
                     "world-health-organization", "organisation-of-islamic-cooperation", "international-monetary-fund",
                     "palestinian-authority", "al-qaeda", "wagner-group", "unrwa", "opec")
HUB_PEOPLE = ("vladimir-putin", "donald-trump", "joe-biden", "xi-jinping", "benjamin-netanyahu",
              "volodymyr-zelensky", "sergei-lavrov", "antony-blinken", "ali-khamenei", "recep-tayyip-erdogan",
              "amir-khan-muttaqi", "emmanuel-macron", "marco-rubio", "wang-yi", "abbas-araghchi",
              "mohammed-bin-salman", "bashar-al-assad", "keir-starmer", "narendra-modi", "olaf-scholz")

# Syllables with an Arabic rendering each, for invented names that read the same in both languages.
_SYLLABLES = [("ka", "كا"), ("ri", "ري"), ("mo", "مو"), ("sa", "سا"), ("lu", "لو"), ("da", "دا"), ("fi", "في"),
              ("ha", "ها"), ("no", "نو"), ("ta", "تا"), ("zu", "زو"), ("be", "بي"), ("ra", "را"), ("mi", "مي"),
              ("wa", "وا"), ("jo", "جو"), ("ba", "با"), ("ne", "ني"), ("qa", "قا"), ("shi", "شي")]
_KIND_WORDS = {  # (English pattern, Arabic pattern) per invented kind
    "Organization": [("{} Front", "جبهة {}"), ("{} Council", "مجلس {}"), ("{} Movement", "حركة {}"),
                     ("{} Bank", "بنك {}")],
    "Group": [("the {} bloc", "تكتل {}"), ("the {} alliance", "تحالف {}")],
    "Place": [("{} Province", "ولاية {}"), ("{} City", "مدينة {}"), ("{} Valley", "وادي {}")],
    "Resource": [("{}ite", "{}يت")],
    "Event": [("{} Forum", "منتدى {}"), ("{} Summit", "قمة {}"), ("{} Format", "صيغة {}")],
}
# How many invented entities of each kind per claim (at least the floor).
_PER_CLAIM = {"Person": (1 / 40, 200), "Organization": (1 / 100, 100), "Place": (1 / 200, 60),
              "Group": (1 / 2000, 20), "Resource": (1 / 5000, 40), "Event": (1 / 2000, 30)}
# How often a kind is picked where a predicate allows several.
_KIND_WEIGHT = {"State": 8, "Organization": 5, "Person": 5, "Group": 1, "Place": 3, "Resource": 3, "Event": 3}
_QUALIFIER_VALUES = {
    "list": ["terrorist organizations", "sanctions list", "watch list", "banned groups"],
    "measure": ["asset freeze", "travel ban", "arms embargo", "export controls"],
    "issue": ["elections", "the border", "refugees", "the blockade", "women's education", "drone strikes"],
    "role": ["foreign minister", "president", "prime minister", "envoy", "defence minister", "spokesman"],
    "place": ["the capital", "Doha", "Geneva", "the border crossing"],
    "topic": ["trade", "transit", "energy", "security"],
    "domain": ["security", "energy", "trade", "economic", "military"],
    "means": ["airstrike", "drone", "shelling"],
    "location": ["the north", "the south", "the border region"],
    "commodity": ["wheat", "oil", "gas", "coal"],
}
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
_MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
              "نوفمبر", "ديسمبر"]
_OUTLETS = [("Bench Daily", "en"), ("The Synthetic Times", "en"), ("Wire Example", "en"),
            ("صحيفة المثال", "ar"), ("وكالة الاختبار", "ar"), ("نشرة القياس", "ar")]
_FILLER = {
    "en": ["Officials gave no further details.", "The talks took place behind closed doors.",
           "Analysts said the move had been expected for months.", "Neither side commented on the report."],
    "ar": ["ولم يقدم المسؤولون تفاصيل إضافية.", "وجرت المحادثات خلف أبواب مغلقة.",
           "وقال محللون إن الخطوة كانت متوقعة منذ أشهر.", "ولم يعلق أي من الطرفين على التقرير."],
}
_FIRST_DAY = date(2015, 1, 1)
_DAYS = (date(2025, 12, 31) - _FIRST_DAY).days


@dataclass(frozen=True)
class Ent:
    name: str  # canonical English
    arabic: str
    kind: str
    key: str | None = None  # a gazetteer entity's key (as kb extract gives it); invented ones have none
    part_of: "Ent | None" = None  # an organ's state (the gazetteer's parent)

    def ref(self, language: str) -> dict:
        if self.kind == "State":  # resolved by its CLDR name in either language, as extracted claims are
            return {"name": self.arabic if language == "ar" else self.name, "kind": "State"}
        out = {"name": self.name, "kind": self.kind, "names": [self.arabic]}
        if self.key:
            out["key"] = self.key
        if self.part_of is not None:
            out["part_of"] = self.part_of.ref(language)
        return out

    def said(self, language: str) -> str:
        return self.arabic if language == "ar" else self.name


class _Zipf:
    """Picks items with probability proportional to 1 / rank^s."""

    def __init__(self, items: list[Ent], s: float = 1.07) -> None:
        self.items = items
        self.cum: list[float] = []
        total = 0.0
        for rank in range(1, len(items) + 1):
            total += 1.0 / rank ** s
            self.cum.append(total)

    def pick(self, rng: random.Random) -> Ent:
        return self.items[min(bisect.bisect_left(self.cum, rng.random() * self.cum[-1]), len(self.items) - 1)]


def _invented(kind: str, count: int, rng: random.Random) -> list[Ent]:
    out: list[Ent] = []
    seen: set[str] = set()
    while len(out) < count:
        parts = [rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))]
        en, ar = "".join(p[0] for p in parts).capitalize(), "".join(p[1] for p in parts)
        if kind == "Person":
            last = [rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))]
            en, ar = f"{en} {''.join(p[0] for p in last).capitalize()}", f"{ar} {''.join(p[1] for p in last)}"
        else:
            pat_en, pat_ar = rng.choice(_KIND_WORDS[kind])
            en, ar = pat_en.format(en), pat_ar.format(ar)
        if en.casefold() not in seen:
            seen.add(en.casefold())
            out.append(Ent(en, ar, kind))
    return out


def _states(rng: random.Random) -> list[Ent]:
    """Every state with an Arabic name that resolves back to it: the hubs first, in HUB_STATES order, then
    the others in a seeded shuffle."""
    names = state_names()
    by_iso = {}
    for iso in sorted(names.english):
        arabic = next((n for n in names.all_names[iso] if any("\u0600" <= ch <= "\u06ff" for ch in n)), None)
        if arabic and names.by_name.get(" ".join(arabic.casefold().split())) == iso:
            by_iso[iso] = Ent(names.english[iso], arabic, "State")
    missing = [iso for iso in HUB_STATES if iso not in by_iso]
    if missing:
        raise ValueError(f"hub states without a usable Arabic name: {missing}")
    rest = [e for iso, e in by_iso.items() if iso not in HUB_STATES]
    rng.shuffle(rest)
    return [by_iso[iso] for iso in HUB_STATES] + rest


def _arabic(entry) -> str | None:
    forms = entry.names.get("ar") or []
    return forms[0] if forms else None


def _gazetteer_heads(states: list[Ent]) -> dict[str, list[Ent]]:
    """The gazetteer's hub organisations, the organs of the hub states (each `part_of` its state, the hub
    states' organs taken in turn so that every hub has some near the top) and the hub people."""
    from loaders.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    state_by_key = {f"state:{iso}": e for iso, e in zip(HUB_STATES, states)}

    def ent(key: str, kind: str) -> Ent:
        entry = gaz.get(key)
        if entry is None or entry.kind != kind or not _arabic(entry):
            raise ValueError(f"the gazetteer has no {kind} {key!r} with an Arabic name")
        return Ent(entry.name, _arabic(entry), kind, key)

    orgs = [ent(f"organization:{slug}", "Organization") for slug in HUB_ORGANIZATIONS]
    organs: dict[str, list[Ent]] = {k: [] for k in state_by_key}
    for entry in gaz:  # gazetteer order: hand-written organs (the Kremlin, OFAC) before generated ministries
        if entry.kind == "Organization" and entry.parent in organs and _arabic(entry):
            organs[entry.parent].append(Ent(entry.name, _arabic(entry), "Organization", entry.key,
                                            state_by_key[entry.parent]))
    turns = max(len(v) for v in organs.values())
    orgs += [lst[i] for i in range(turns) for lst in organs.values() if i < len(lst)]
    people = [ent(f"person:{slug}", "Person") for slug in HUB_PEOPLE]
    return {"Organization": orgs, "Person": people}


def _date_phrase(d: str | None, language: str) -> tuple[str, str]:
    """(phrase for the quote, date_text)"""
    if d is None:
        return "", ""
    parts = [int(p) for p in d.split("-")]
    months = _MONTHS_AR if language == "ar" else _MONTHS_EN
    if len(parts) == 3:
        text = f"{parts[2]} {months[parts[1] - 1]} {parts[0]}"
    elif len(parts) == 2:
        text = f"{months[parts[1] - 1]} {parts[0]}"
    else:
        text = f"العام {parts[0]}" if language == "ar" else str(parts[0])
    text = ("في " if language == "ar" else ("on " if len(parts) == 3 else "in ")) + text
    return " " + text, text


class Generator:
    """Yields sources (metadata, text, claims) in a fixed order for a seed and a size."""

    def __init__(self, claims: int, seed: int = 1, ontology: Ontology | None = None) -> None:
        self.total = claims
        self.rng = random.Random(seed)
        self.ontology = ontology or load_ontology()
        pools = {"State": _states(self.rng)}
        heads = _gazetteer_heads(pools["State"])
        for kind, (rate, floor) in _PER_CLAIM.items():
            head = heads.get(kind, [])
            taken = {e.name.casefold() for e in head}
            invented = [e for e in _invented(kind, max(floor, int(claims * rate)), self.rng)
                        if e.name.casefold() not in taken]
            pools[kind] = head + invented
        self.pools = {kind: _Zipf(items) for kind, items in pools.items()}
        self.predicates = sorted(self.ontology.predicates.values(), key=lambda p: p.name)
        self.recent_facts: deque[tuple] = deque(maxlen=5000)  # for repeats across sources

    def _kind(self, allowed: frozenset[str]) -> str:
        kinds = sorted(allowed)
        return self.rng.choices(kinds, weights=[_KIND_WEIGHT[k] for k in kinds])[0]

    def _date(self, published: date) -> str | None:
        r = self.rng.random()
        d = published - timedelta(days=self.rng.randint(0, 720))
        if r < 0.4:
            return d.isoformat()
        if r < 0.65:
            return d.isoformat()[:7]
        if r < 0.8:
            return d.isoformat()[:4]
        return None

    def _fact(self, published: date) -> tuple:
        rng = self.rng
        if self.recent_facts and rng.random() < 0.25:
            return rng.choice(self.recent_facts)
        pred = rng.choice(self.predicates)
        subject = self.pools[self._kind(pred.domain)].pick(rng)
        obj = subject
        while obj == subject:
            obj = self.pools[self._kind(pred.range)].pick(rng)
        quals = {}
        for name, spec in sorted(pred.qualifiers.items()):
            if spec.values is not None:
                quals[name] = rng.choice(spec.values)
            elif rng.random() < 0.6:
                quals[name] = rng.choice(_QUALIFIER_VALUES.get(name, ["other"]))
        fact = (subject, pred, obj, quals, self._date(published))
        self.recent_facts.append(fact)
        return fact

    def _sentence(self, fact: tuple, polarity: str, language: str) -> tuple[str, str]:
        subject, pred, obj, quals, d = fact
        phrase, date_text = _date_phrase(d, language)
        s, o = subject.said(language), obj.said(language)
        qual = "".join(f" ({v})" for v in quals.values())
        if language == "ar":
            verb = pred.label_ar
            lead = {"asserted": f"{verb} {s} {o}", "negated": f"نفى {s} أنه {verb} {o}",
                    "hedged": f"ربما {verb} {s} {o}"}[polarity]
            return f"{lead}{qual}{phrase}.", date_text
        verb = pred.label_en
        lead = {"asserted": f"{s} {verb} {o}", "negated": f"{s} denied that it {verb} {o}",
                "hedged": f"{s} may have {verb} {o}"}[polarity]
        return f"{lead}{qual}{phrase}.", date_text

    def sources(self) -> Iterator[tuple[dict, str, list[dict]]]:
        rng = self.rng
        made = n = 0
        while made < self.total:
            n += 1
            language = "ar" if n % 2 else "en"
            published = _FIRST_DAY + timedelta(days=rng.randint(0, _DAYS))
            outlet = rng.choice([o for o, lang in _OUTLETS if lang == language])
            meta = {"url": f"https://news.bench.example/{language}/{n:07d}",
                    "title": (f"تقرير رقم {n}" if language == "ar" else f"Report number {n}"),
                    "outlet": outlet, "published": published.isoformat(), "language": language}
            parts: list[str] = []
            claims: list[dict] = []
            pos = 0
            for _ in range(min(rng.randint(4, 16), self.total - made)):
                if rng.random() < 0.5:
                    filler = rng.choice(_FILLER[language]) + " "
                    parts.append(filler)
                    pos += len(filler)
                fact = self._fact(published)
                r = rng.random()
                polarity = "negated" if r < 0.09 else "hedged" if r < 0.15 else "asserted"
                quote, date_text = self._sentence(fact, polarity, language)
                subject, pred, obj, quals, d = fact
                claims.append({"subject": subject.ref(language), "predicate": pred.name, "object": obj.ref(language),
                               "qualifiers": quals, "date": d, "date_text": date_text or None,
                               "polarity": polarity, "quote": quote, "span": [pos, pos + len(quote)],
                               "confidence": round(0.6 + 0.4 * rng.random(), 2), "extractor": "bench-synthetic/1"})
                parts.append(quote + " ")
                pos += len(quote) + 1
            made += len(claims)
            yield meta, "".join(parts).rstrip(" ") + "\n", claims


def write_corpus(out: Path, claims: int, seed: int = 1, per_file: int = 10_000, articles: int = 0) -> list[Path]:
    """Write claims files (and the first `articles` source texts as .txt articles); returns the claims files."""
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    fh = None
    in_file = 0
    art_dir = out / "articles"
    for i, (meta, text, claims_) in enumerate(Generator(claims, seed).sources()):
        if fh is None or in_file >= per_file:
            if fh:
                fh.close()
            files.append(out / f"claims-{len(files):05d}.jsonl")
            fh = files[-1].open("w", encoding="utf-8")
            in_file = 0
        for j, c in enumerate(claims_):
            source = {**meta, "text": text} if j == 0 else {"url": meta["url"]}
            fh.write(json.dumps({"source": source, **c}, ensure_ascii=False, separators=(",", ":")) + "\n")
        in_file += len(claims_)
        if i < articles:
            art_dir.mkdir(exist_ok=True)
            front = "".join(f"{k}: {json.dumps(meta[k], ensure_ascii=False)}\n"
                            for k in ("url", "title", "outlet", "published", "language"))
            (art_dir / f"article-{i:06d}.txt").write_text(f"---\n{front}---\n{text}", encoding="utf-8")
    if fh:
        fh.close()
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=0, help="also write this many sources as .txt articles")
    args = parser.parse_args()
    files = write_corpus(args.out, args.claims, args.seed, args.per_file, args.articles)
    print(f"wrote {args.claims} claims in {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
