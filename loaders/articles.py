"""Read news articles: text or Markdown with optional YAML front matter, HTML pages, JSON Lines records.

Every reader yields `Article`s whose `text` is exactly what extraction sees: quotes and spans of the
claims point into it. For .txt/.md that is the file's text after the front matter (not re-flowed); for
HTML it is the main text rebuilt from the page (paragraphs separated by blank lines).

Metadata precedence: the caller's overrides (CLI --published/--lang/--url), then what the file says
(front matter, record fields, HTML meta tags), then what the text shows (the dateline for `published`,
the script for `language`). Nothing falls back to today.

HTML is parsed with the standard library's html.parser: no dependency, tolerant of broken markup, and a
3 KB article page takes about a millisecond.
"""

from __future__ import annotations

import codecs
import json
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb.dates import check_day
from kb.errors import InputError
from loaders.files import decode_utf8, nul_at, read_bytes, reading
from loaders.streams import json_lines
from loaders.dates import find_dateline

__all__ = ["ARTICLE_SUFFIXES", "Article", "detect_language", "is_article", "read_articles"]

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
META_KEYS = ("url", "title", "outlet", "published", "language")
OVERRIDE_KEYS = frozenset({"published", "language", "url"})
# A long news article is well under 1 MB. A text of many megabytes is a book or a dump: its tens of
# thousands of claims are held at once, so it is refused before it is read (split it into articles).
MAX_ARTICLE_MB = 10
_HTML_PER_TEXT = 4  # a page's markup may outweigh its text


class Article(BaseModel):
    """One article as extraction sees it. `published` is an ISO day or None; `path` the file it came from."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: Literal["ar", "en"]
    path: str | None = None

    @field_validator("published")
    @classmethod
    def _day(cls, v: str | None) -> str | None:
        return None if v is None else check_day(v)


# ------------------------------------------------------------------------------------------ language

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str:
    """"ar" when Arabic-script letters are more than 30% of the letters (English quotes and names in an
    Arabic article stay well below 70%), else "en"."""
    letters = len(_LETTER.findall(text))
    return "ar" if letters and len(_ARABIC_LETTER.findall(text)) / letters > 0.3 else "en"


# ------------------------------------------------------------------------------------------ metadata

_ISO_DAY_PREFIX = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:$|[T ][0-9:.]+(?:Z|[+-][0-9:]+)?$)")


def _language(value: object) -> str:
    """"ar", "en", or their regional forms ("ar-EG", "en_US")."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"language {value!r} is not a language code")
    primary = re.split(r"[-_]", value.strip().lower())[0]
    if primary not in ("ar", "en"):
        raise ValueError(f"language {value!r} is not supported (ar or en)")
    return primary


def _published(value: object) -> str:
    """An ISO day from YAML dates, "YYYY-MM-DD" or an ISO timestamp (its date part, as the outlet wrote it)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        m = _ISO_DAY_PREFIX.match(value.strip())
        if m:
            try:
                return check_day(m.group(1))
            except ValueError:
                pass
    raise ValueError(f"published {value!r} is not a date (YYYY-MM-DD)")


def _text_field(key: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{key} must be a string, not {type(value).__name__}")
    return str(value).strip() or None


def _meta(given: dict) -> dict:
    """Validate and normalise the metadata a file gives (front matter, record fields, HTML meta)."""
    out: dict = {}
    for key, value in given.items():
        if value is None:
            continue
        if key == "published":
            out[key] = _published(value)
        elif key == "language":
            out[key] = _language(value)
        else:
            out[key] = _text_field(key, value)
    return out


def _article(path: Path, text: str, meta: dict, overrides: dict, line: int | None = None) -> Article:
    if not text.strip():
        raise InputError(path, "has no article text", line)
    size = len(text.encode("utf-8")) if len(text) > MAX_ARTICLE_MB << 18 else 0  # 4 bytes a char at most
    if size > MAX_ARTICLE_MB << 20:
        raise InputError(path, f"an article text of {size / 2**20:.0f} MB is more than one article can be "
                               f"({MAX_ARTICLE_MB} MB); split it into articles", line)
    nul = nul_at({"text": text, **meta})
    if nul is not None:
        raise InputError(path, f"{nul}: contains a NUL character (U+0000), which kb does not store", line)
    try:
        fields = {**_meta(meta), **_meta(overrides)}
    except ValueError as exc:
        raise InputError(path, str(exc), line) from None
    fields.setdefault("language", detect_language(text))
    if fields.get("published") is None:
        fields["published"] = find_dateline(text)
    try:
        return Article(text=text, path=str(path), **fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(path, f"{'.'.join(map(str, err['loc']))}: {err['msg']}", line) from None


# ------------------------------------------------------------------------------------------ reading

_FRONT_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)


def _front_matter(path: Path, text: str) -> tuple[dict, str]:
    """(metadata, body) of a text file: YAML between a first line "---" and the next "---" line."""
    opening = _FRONT_OPEN.match(text)
    if not opening:
        return {}, text
    closing = _FRONT_CLOSE.search(text, opening.end())
    if not closing:
        raise InputError(path, "front matter opened by --- on line 1 is not closed by a --- line", 1)
    block = text[opening.end():closing.start()]
    try:
        root = yaml.compose(block, Loader=yaml.SafeLoader)  # node marks give the line of a bad key
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, f"invalid YAML front matter: {problem}", mark.line + 2 if mark else 1) from None
    except (ValueError, RecursionError) as exc:  # an unquoted impossible date (2024-13-45), or nesting
        raise InputError(path, f"invalid YAML front matter: {' '.join(str(exc).split()) or 'nested too deeply'}",
                         1) from None
    if data is None and root is None:  # "---\n---": empty front matter
        return {}, text[closing.end():]
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        raise InputError(path, "front matter must be a mapping of url, title, outlet, published, language", 2)
    for key_node, _ in root.value:
        if key_node.value not in META_KEYS:
            raise InputError(path, f"unknown front matter key {key_node.value!r} (allowed: {', '.join(META_KEYS)})",
                             key_node.start_mark.line + 2)
    return data, text[closing.end():]


def _read_whole(path: Path, limit_mb: int) -> bytes:
    """The file's bytes, unless it is too big to be one article (then it is not read at all)."""
    with reading(path):
        size = path.stat().st_size
    if size > limit_mb << 20:
        raise InputError(path, f"is {size / 2**20:.0f} MB, more than one article can be ({limit_mb} MB); "
                               "split it into articles")
    return read_bytes(path)


def _read_text_file(path: Path, overrides: dict) -> list[Article]:
    text = decode_utf8(path, _read_whole(path, MAX_ARTICLE_MB))
    meta, body = _front_matter(path, text)
    return [_article(path, body, meta, overrides)]


def _read_jsonl(path: Path, overrides: dict) -> list[Article]:
    out = []
    for n, record in json_lines(path):
        if not isinstance(record, dict):
            raise InputError(path, f"an article record must be an object, not {type(record).__name__}", n)
        unknown = sorted(set(record) - {"text", *META_KEYS})
        if unknown:
            raise InputError(path, f"unknown field {unknown[0]!r} (allowed: text, {', '.join(META_KEYS)})", n)
        body = record.get("text")
        if not isinstance(body, str):
            raise InputError(path, "an article record needs a \"text\" string", n)
        out.append(_article(path, body, {k: record.get(k) for k in META_KEYS}, overrides, n))
    if not out:
        raise InputError(path, "holds no article records")
    return out


# ------------------------------------------------------------------------------------------ HTML

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer", "aside",
                        "form", "iframe", "button", "select", "textarea", "menu", "dialog", "canvas", "object"})
# Regions whose dates belong to other articles (lists, comments): their <time> is not this page's date.
_FOREIGN_TAGS = frozenset({"nav", "aside", "footer"})
_NOISE_TOKENS = frozenset({"menu", "menus", "nav", "navbar", "navigation", "footer", "header", "masthead", "share",
                           "sharing", "sharebar", "social", "related", "comment", "comments", "sidebar", "breadcrumb",
                           "breadcrumbs", "newsletter", "subscribe", "subscription", "cookie", "cookies", "ad", "ads",
                           "advert", "adverts", "advertisement", "promo", "popup", "modal", "toolbar", "tags",
                           "recommended", "trending", "popular", "outbrain", "taboola"})
_FOREIGN_TOKENS = frozenset({"related", "comment", "comments", "sidebar", "recommended", "trending", "popular", "menu",
                             "nav", "navbar", "navigation", "footer", "outbrain", "taboola"})
_NOISE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
                         "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "figure",
                         "figcaption", "hr", "address", "center"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                        "track", "wbr"})
_MAIN_TAGS = frozenset({"article", "main"})
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_PUBLISHED_META = frozenset({"article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
                             "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
                             "dcterms.created", "sailthru.date", "parsely-pub-date"})


class _Page(HTMLParser):
    """One pass over the page: main-text paragraphs plus the metadata the head and markup carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, bool]] = []  # (tag, skip, foreign, main)
        self.paragraphs: list[tuple[str, bool]] = []  # (text, inside <article>/<main>)
        self.current: list[str] = []
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.canonical: str | None = None
        self.times: list[str] = []  # <time datetime> outside foreign regions, in order
        self.time_text: list[str] = []
        self.ld_json: list[str] = []
        self._in = ""  # "title", "ld", "time": collecting this element's text

    # state of the innermost open element
    def _state(self) -> tuple[bool, bool, bool]:
        return self.stack[-1][1:] if self.stack else (False, False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        skip, foreign, main = self._state()
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a:
                self.meta.setdefault(key, a["content"])
            return
        if tag == "link":
            if "canonical" in a.get("rel", "").lower().split() and a.get("href"):
                self.canonical = self.canonical or a["href"]
            return
        if tag == "title" and not self.stack_has("svg"):
            self._in = "title"
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in = "ld"
        if tag == "time" and not foreign:
            stamp = a.get("datetime", "")
            if "pubdate" in a or a.get("itemprop", "").lower() == "datepublished":
                self.meta.setdefault("datepublished", stamp or "")
            if stamp:
                self.times.append(stamp)
            self._in = self._in or "time"
        if tag in _BLOCK_TAGS or tag == "br":
            self._flush(newline=tag == "br")
        if tag in _VOID_TAGS:
            return
        tokens = set(_TOKEN_SPLIT.split(f"{a.get('class', '')} {a.get('id', '')}".lower()))
        noisy = tag in _SKIP_TAGS or bool(tokens & _NOISE_TOKENS) or a.get("role", "").lower() in _NOISE_ROLES
        self.stack.append((tag, skip or noisy, foreign or tag in _FOREIGN_TAGS or bool(tokens & _FOREIGN_TOKENS),
                           main or tag in _MAIN_TAGS or a.get("itemprop", "").lower() == "articlebody"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def stack_has(self, tag: str) -> bool:
        return any(t == tag for t, *_ in self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "script", "time"):
            self._in = ""
        if tag in _BLOCK_TAGS:
            self._flush()
        # Close up to the matching open tag; a stray end tag changes nothing (browsers do the same).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title_parts.append(data)
        elif self._in == "ld":
            self.ld_json.append(data)
        elif self._in == "time":
            self.time_text.append(data)
        skip, _, _ = self._state()
        if not skip and self._in != "title":
            self.current.append(_WS.sub(" ", data))  # source line breaks are spaces; <br> adds "\n" itself

    def _flush(self, newline: bool = False) -> None:
        if newline:
            self.current.append("\n")
            return
        lines = [_WS.sub(" ", part).strip() for part in "".join(self.current).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            self.paragraphs.append((text, self._state()[2]))
        self.current = []

    def close(self) -> None:
        super().close()
        self._flush()


def _decode_html(path: Path, raw: bytes) -> str:
    """UTF-8, or the charset the page declares (Arabic sites still serve windows-1256)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", raw[:4096])
        if m:
            try:
                return raw.decode(codecs.lookup(m.group(1).decode("ascii")).name)
            except (LookupError, UnicodeDecodeError):
                pass
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError(path, f"is not valid UTF-8 (byte {exc.start}) and declares no charset that decodes it",
                         line) from None


def _ld_published(blobs: list[str]) -> str | None:
    """datePublished from JSON-LD (NewsArticle and friends, possibly inside @graph or a list)."""
    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("datePublished"), str):
                return node["datePublished"]
            for v in node.values():
                found = walk(v)
                if found:
                    return found
        elif isinstance(node, list):
            for v in node:
                found = walk(v)
                if found:
                    return found
        return None

    for blob in blobs:
        try:
            found = walk(json.loads(blob))
        except ValueError:
            continue
        if found:
            return found
    return None


def _day_of(stamp: str | None) -> str | None:
    """The day in a meta/time value: ISO timestamps, or a written date ("Sun, 06 Oct 2024 12:28 GMT")."""
    if not stamp:
        return None
    try:
        return _published(stamp)
    except ValueError:
        return find_dateline(stamp)


def parse_html(html: str) -> dict:
    """Main text and metadata of an HTML page: {"text", "title", "url", "outlet", "published"}."""
    page = _Page()
    page.feed(html)
    page.close()
    main = [t for t, in_main in page.paragraphs if in_main]
    text = "\n\n".join(main or [t for t, _ in page.paragraphs])
    meta = page.meta
    title = meta.get("og:title") or meta.get("twitter:title") or _WS.sub(" ", "".join(page.title_parts)).strip()
    published = None
    for stamp in [*(meta.get(k) for k in _PUBLISHED_META if meta.get(k)), _ld_published(page.ld_json), *page.times]:
        published = _day_of(stamp)
        if published:
            break
    if published is None:
        published = find_dateline(text) or find_dateline("\n".join(page.time_text))
    return {"text": text, "title": title or None, "url": page.canonical or meta.get("og:url") or None,
            "outlet": meta.get("og:site_name") or None, "published": published}


def _read_html(path: Path, overrides: dict) -> list[Article]:
    page = parse_html(_decode_html(path, _read_whole(path, MAX_ARTICLE_MB * _HTML_PER_TEXT)))
    text = page.pop("text")
    if not text.strip():
        raise InputError(path, "has no article text outside navigation, headers, footers and scripts")
    return [_article(path, text, page, overrides)]


# ------------------------------------------------------------------------------------------ entry points

def _first_record(path: Path) -> dict | None:
    try:
        with path.open("rb") as fh:
            for raw in fh:
                if raw.strip():
                    data = json.loads(raw.decode("utf-8-sig"))
                    return data if isinstance(data, dict) else None
    except (OSError, ValueError, RecursionError):
        return None  # not a record of an article: the claims reader reports what is wrong with it
    return None


def is_article(path: Path) -> bool:
    """Articles: .txt/.md/.html/.htm files, and .jsonl files whose first record has "text" but no
    "predicate" (claims are JSON Lines too, and carry a predicate)."""
    suffix = path.suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return True
    if suffix != ".jsonl":
        return False
    record = _first_record(path)
    return record is not None and "text" in record and "predicate" not in record


def read_articles(path: Path, overrides: dict | None = None) -> list[Article]:
    """The articles in one file. `overrides` ({"published", "language", "url"}, from CLI flags) win over
    what the file says; published then falls back to the dateline in the text, else None."""
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    unknown = set(overrides) - OVERRIDE_KEYS
    if unknown:
        raise ValueError(f"unknown article overrides: {', '.join(sorted(unknown))}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_text_file(path, overrides)
    if suffix in HTML_SUFFIXES:
        return _read_html(path, overrides)
    if suffix == ".jsonl":
        if not is_article(path):
            raise InputError(path, "is not a file of article records (its first record needs \"text\" and no "
                                   "\"predicate\")")
        return _read_jsonl(path, overrides)
    raise InputError(path, f"unknown article type {suffix or '(none)'}; kb reads "
                           f"{', '.join(ARTICLE_SUFFIXES + ('.jsonl',))}")
