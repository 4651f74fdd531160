"""Article -> claims in the interchange format (kb.claims.Claim), with no hand work.

`extract_article` runs the gazetteer, the officials and dates modules and the predicate rules over one
article; `kb extract` writes the result for review, `kb load ARTICLE` loads it directly.
"""

from __future__ import annotations

from pathlib import Path

from kb.claims import Claim, SourceRef
from loaders.extract.dateline import dateline_spans, outside
from loaders.extract.engine import EXTRACTOR, Document, extract_document

__all__ = ["EXTRACTOR", "extract_article"]


def extract_article(article, gazetteer=None) -> list[Claim]:
    """Claims of one loaders.articles.Article. Quotes and spans point into `article.text`."""
    from loaders.dates import find_dates
    from loaders.gazetteer import load_gazetteer
    from loaders.officials import find_officials
    from loaders.open_names import find_open_names, find_open_organs

    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    source = SourceRef(url=article.url, title=article.title, outlet=article.outlet, published=article.published,
                       language=article.language, text=article.text)
    doc = Document(text=article.text, language=article.language, published=article.published, source=source)
    mentions = gaz.find(article.text, article.language)
    organs = find_open_organs(article.text, article.language, mentions)  # bodies of a state nobody listed
    if organs:
        mentions = sorted([m for m in mentions if not any(o.start <= m.start and m.end <= o.end for o in organs)]
                          + organs, key=lambda m: m.start)
    datelines = dateline_spans(article.text, article.language, mentions)  # the report's place and date
    doc.mentions = outside(mentions, datelines)
    doc.officials = find_officials(article.text, article.language, doc.mentions, gaz)
    taken = [(m.start, m.end) for m in doc.mentions] + [(o.start, o.end) for o in doc.officials]
    new = outside(find_open_names(article.text, article.language, taken), datelines)  # names no gazetteer has
    doc.mentions = sorted(doc.mentions + new, key=lambda m: m.start)
    doc.dates = outside(find_dates(article.text, article.language, article.published), datelines)
    return extract_document(doc, gaz)


def claims_file_name(article, index: int) -> str:
    """Where `kb extract -o DIR` writes an article's claims: named like the article file."""
    if article.path:
        return Path(article.path).stem + ".jsonl"
    return f"article-{index:05d}.jsonl"
