"""Reading articles: text/Markdown with front matter, HTML main text and metadata, JSON Lines records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEED_ARTICLE
from kb.errors import InputError
from loaders.articles import Article, detect_language, is_article, parse_html, read_articles

EN_BODY = "Russia removed the Taliban from its list of banned organisations on Friday.\n\nTalks continue.\n"
AR_BODY = "ودعت موسكو، الجمعة، الغرب إلى رفع العقوبات المفروضة على أفغانستان.\n"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


# ------------------------------------------------------------------------------------------ text files

TEXT_CASES = [
    # (file name, content, overrides, expected fields; "text" is compared exactly)
    ("plain.txt", EN_BODY, {},
     {"text": EN_BODY, "language": "en", "published": None, "url": None, "title": None, "outlet": None}),
    ("plain-ar.txt", AR_BODY, {}, {"text": AR_BODY, "language": "ar", "published": None}),
    ("full.txt", "---\nurl: https://example.org/a\ntitle: Russia and the Taliban\noutlet: Example News\n"
     "published: 2024-10-06\nlanguage: en\n---\n" + EN_BODY, {},
     {"text": EN_BODY, "url": "https://example.org/a", "title": "Russia and the Taliban", "outlet": "Example News",
      "published": "2024-10-06", "language": "en"}),
    ("stamp.txt", "---\npublished: '2024-10-06T12:28:00+03:00'\n---\n" + EN_BODY, {}, {"published": "2024-10-06"}),
    ("regional.md", "---\nlanguage: ar-EG\n---\n" + AR_BODY, {}, {"language": "ar", "text": AR_BODY}),
    ("empty-front.md", "---\n---\n" + EN_BODY, {}, {"text": EN_BODY, "language": "en"}),
    ("numeric-title.txt", "---\ntitle: 1984\n---\n" + EN_BODY, {}, {"title": "1984"}),
    ("override.txt", "---\nurl: https://example.org/a\npublished: 2024-10-06\nlanguage: en\n---\n" + EN_BODY,
     {"published": "2024-10-08", "language": "ar", "url": "https://example.org/b"},
     {"published": "2024-10-08", "language": "ar", "url": "https://example.org/b"}),
    ("dateline.txt", "Russia and the Taliban\nPublished: October 6, 2024\n\n" + EN_BODY, {},
     {"published": "2024-10-06"}),
    ("dateline-ar.txt", "عنوان الخبر\n06 أكتوبر 2024، 12:28 م\n\n" + AR_BODY, {},
     {"published": "2024-10-06", "language": "ar"}),
    ("front-beats-dateline.txt", "---\npublished: 2024-10-07\n---\nHeadline\nPublished: October 6, 2024\n\nBody.\n",
     {}, {"published": "2024-10-07"}),
    ("override-none.txt", EN_BODY, {"published": None}, {"published": None}),
    ("crlf.txt", "---\r\ntitle: Windows\r\n---\r\nLine one.\r\n", {}, {"title": "Windows", "text": "Line one.\r\n"}),
    ("bom.txt", "\ufeff" + EN_BODY, {}, {"text": EN_BODY}),
    ("mixed-ar.txt", "قال لافروف في مؤتمر صحفي إن موسكو (Moscow) مستعدة للتعاون مع كابل.\n", {}, {"language": "ar"}),
    ("mixed-en.txt", "The banner read «لا للحرب» as Lavrov spoke in Moscow about the Taliban delisting.\n", {},
     {"language": "en"}),
]


@pytest.mark.parametrize(("name", "content", "overrides", "expected"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_read_text_files(tmp_path, name, content, overrides, expected):
    path = write(tmp_path, name, content.encode("utf-8"))
    [article] = read_articles(path, overrides)
    assert isinstance(article, Article)
    assert article.path == str(path)
    for key, value in expected.items():
        assert getattr(article, key) == value, key


ERROR_CASES = [
    # (file name, content, overrides, message fragment, line)
    ("bad-utf8.txt", b"Line one.\nLine \xff two.\n", {}, "is not valid UTF-8 (byte 15)", 2),
    ("binary.txt", b"abc\x00def", {}, "is a binary file", None),
    ("empty.txt", "", {}, "has no article text", None),
    ("blank.txt", "  \n\n\t\n", {}, "has no article text", None),
    ("front-only.txt", "---\ntitle: Nothing\n---\n", {}, "has no article text", None),
    ("unclosed.txt", "---\ntitle: Open\n" + EN_BODY, {}, "is not closed by a --- line", 1),
    ("bad-yaml.txt", "---\ntitle: Fine\nurl: [unclosed\n---\n" + EN_BODY, {}, "invalid YAML front matter", 4),
    ("list-front.txt", "---\n- a\n- b\n---\n" + EN_BODY, {}, "front matter must be a mapping", 2),
    ("unknown-key.txt", "---\ntitle: T\nauthor: Someone\n---\n" + EN_BODY, {}, "unknown front matter key 'author'", 3),
    ("python-tag.txt", "---\ntitle: !!python/object/apply:os.system ['true']\n---\n" + EN_BODY, {},
     "invalid YAML front matter", 2),
    ("bad-published.txt", "---\npublished: yesterday\n---\n" + EN_BODY, {}, "published 'yesterday' is not a date", None),
    ("impossible-day.txt", "---\npublished: '2024-02-30'\n---\n" + EN_BODY, {}, "is not a date", None),
    ("month-only.txt", "---\npublished: 2024-10\n---\n" + EN_BODY, {}, "is not a date", None),
    ("year-only.txt", "---\npublished: 2024\n---\n" + EN_BODY, {}, "is not a date", None),
    ("bad-language.txt", "---\nlanguage: fr\n---\n" + EN_BODY, {}, "language 'fr' is not supported", None),
    ("list-title.txt", "---\ntitle: [a, b]\n---\n" + EN_BODY, {}, "title must be a string", None),
    ("bad-override.txt", EN_BODY, {"published": "2024-13-01"}, "is not a date", None),
    ("bad-lang-override.txt", EN_BODY, {"language": "de"}, "not supported", None),
    ("report.pdf", "x", {}, "unknown article type .pdf", None),
]


@pytest.mark.parametrize(("name", "content", "overrides", "message", "line"), ERROR_CASES,
                         ids=[c[0] for c in ERROR_CASES])
def test_read_errors(tmp_path, name, content, overrides, message, line):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as err:
        read_articles(path, overrides)
    assert message in err.value.problem
    assert err.value.line == line
    assert err.value.path == str(path)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_articles(tmp_path / "absent.txt", {})


def test_unknown_override_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="unknown article overrides: title"):
        read_articles(write(tmp_path, "a.txt", EN_BODY), {"title": "x"})


def test_offsets_point_into_the_body_after_front_matter(tmp_path):
    path = write(tmp_path, "a.txt", "---\ntitle: T\n---\n" + AR_BODY)
    [article] = read_articles(path, {})
    i = article.text.index("الجمعة")
    assert AR_BODY[i:i + 6] == "الجمعة"


@pytest.mark.parametrize(("text", "language"), [
    ("Moscow and Kabul", "en"),
    ("موسكو وكابل", "ar"),
    ("2024 — 100", "en"),  # no letters at all
    ("روسيا Russia Russia", "en"),  # 5 of 17 letters Arabic: 29%
    ("روسيا Russia", "ar"),  # 5 of 11
    ("روس Russia Russia Russia Russia", "en"),  # 3 of 27: below
])
def test_detect_language(text, language):
    assert detect_language(text) == language


# ------------------------------------------------------------------------------------------ JSON Lines

def _jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def test_jsonl_records(tmp_path):
    path = write(tmp_path, "batch.jsonl", _jsonl(
        {"url": "https://example.org/1", "title": "One", "outlet": "Example", "published": "2024-10-06",
         "language": "en", "text": EN_BODY},
        "",
        {"text": "عنوان\n06 أكتوبر 2024، 12:28 م\n\n" + AR_BODY},
        {"text": EN_BODY, "published": None, "title": None},
    ))
    a, b, c = read_articles(path, {})
    assert (a.url, a.title, a.outlet, a.published, a.language, a.text) == (
        "https://example.org/1", "One", "Example", "2024-10-06", "en", EN_BODY)
    assert (b.language, b.published, b.url) == ("ar", "2024-10-06", None)  # detected, from the dateline
    assert (c.language, c.published) == ("en", None)
    assert {a.path, b.path, c.path} == {str(path)}


def test_jsonl_overrides_apply_to_every_record(tmp_path):
    path = write(tmp_path, "batch.jsonl", _jsonl({"text": EN_BODY, "published": "2024-10-06"}, {"text": AR_BODY}))
    arts = read_articles(path, {"published": "2024-10-01", "url": "https://example.org/x"})
    assert [(x.published, x.url) for x in arts] == [("2024-10-01", "https://example.org/x")] * 2


JSONL_ERRORS = [
    (_jsonl({"text": EN_BODY}, "{not json"), "invalid JSON", 2),
    (_jsonl({"text": EN_BODY}, {"title": "no text"}), 'needs a "text" string', 2),
    (_jsonl({"text": EN_BODY}, {"text": ["a"]}), 'needs a "text" string', 2),
    (_jsonl({"text": EN_BODY}, "", {"text": EN_BODY, "author": "x"}), "unknown field 'author'", 3),
    (_jsonl({"text": EN_BODY}, {"text": EN_BODY}, {"text": EN_BODY, "published": "last week"}), "is not a date", 3),
    (_jsonl({"text": EN_BODY}, {"text": "   "}), "has no article text", 2),
    (_jsonl({"text": EN_BODY}, "[1, 2]"), "must be an object", 2),
    (_jsonl({"text": EN_BODY, "language": "tr"}), "not supported", 1),
]


@pytest.mark.parametrize(("content", "message", "line"), JSONL_ERRORS, ids=[f"jsonl-err-{i}" for i in range(len(JSONL_ERRORS))])
def test_jsonl_errors(tmp_path, content, message, line):
    path = write(tmp_path, "bad.jsonl", content)
    with pytest.raises(InputError) as err:
        read_articles(path, {})
    assert message in err.value.problem
    assert err.value.line == line


def test_jsonl_claims_file_is_not_articles(tmp_path):
    path = write(tmp_path, "claims.jsonl", _jsonl({"predicate": "MET_WITH", "text": "x"}))
    with pytest.raises(InputError, match="not a file of article records"):
        read_articles(path, {})


IS_ARTICLE = [
    ("a.txt", "anything", True),
    ("a.md", "anything", True),
    ("a.html", "<p>x</p>", True),
    ("a.HTM", "<p>x</p>", True),
    ("records.jsonl", _jsonl({"text": "x", "url": "u"}), True),
    ("padded.jsonl", "\n\n" + _jsonl({"text": "x"}), True),
    ("claims.jsonl", _jsonl({"subject": {"name": "Russia"}, "predicate": "DELISTED", "text": "x"}), False),
    ("claims2.jsonl", _jsonl({"subject": {"name": "Russia"}, "predicate": "DELISTED"}), False),
    ("empty.jsonl", "", False),
    ("broken.jsonl", "{nope\n", False),
    ("list.jsonl", "[1]\n", False),
    ("claims.yaml", "- a\n", False),
    ("claims.json", "[]", False),
]


@pytest.mark.parametrize(("name", "content", "expected"), IS_ARTICLE, ids=[c[0] for c in IS_ARTICLE])
def test_is_article(tmp_path, name, content, expected):
    assert is_article(write(tmp_path, name, content)) is expected


# ------------------------------------------------------------------------------------------ HTML

EN_PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Russia delists Taliban | Example News</title>
<meta property="og:title" content="Russia removes the Taliban from its terrorist list">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.org/og-url">
<link rel="canonical" href="https://example.org/world/russia-taliban">
<meta property="article:published_time" content="2024-10-06T09:28:00Z">
<style>p { color: red; }</style>
<script>var tracking = "Moscow called on Friday";</script>
</head><body>
<header class="site-header"><a href="/">Example News</a><nav><ul><li>World</li><li>Business</li></ul></nav></header>
<div id="cookie-banner">We use cookies.</div>
<main>
<article>
<h1>Russia removes the Taliban from its terrorist list</h1>
<div class="share-buttons"><a>Share on X</a></div>
<p>Russia removed the Taliban from its list of banned organisations on Friday,
   after two decades.</p>
<p>Foreign Minister Sergei Lavrov met   acting Afghan foreign minister Amir Khan Muttaqi &amp; his delegation.<br>
The talks were held in Moscow.</p>
<figure><img src="x.jpg"><figcaption>Lavrov and Muttaqi in Moscow.</figcaption></figure>
<form><input name="email"><button>Subscribe</button></form>
<aside class="related"><h2>Related</h2><article><time datetime="2023-01-01">1 Jan 2023</time><p>Old story</p></article></aside>
<section class="comments"><p>First!</p></section>
</article>
</main>
<footer><p>© 2024 Example News</p></footer>
<script>console.log("footer script")</script>
</body></html>
"""
EN_TEXT = ("Russia removes the Taliban from its terrorist list\n\n"
           "Russia removed the Taliban from its list of banned organisations on Friday, after two decades.\n\n"
           "Foreign Minister Sergei Lavrov met acting Afghan foreign minister Amir Khan Muttaqi & his delegation.\n"
           "The talks were held in Moscow.\n\n"
           "Lavrov and Muttaqi in Moscow.")

AR_PAGE = """<html dir="rtl"><head><title>روسيا وطالبان</title>
<meta property="og:url" content="https://example.org/ar/1">
</head><body>
<div class="main-menu"><a>الرئيسية</a><a>العالم</a></div>
<div class="content">
<h1>&quot;دفء العلاقات&quot; بين روسيا وطالبان</h1>
<time datetime="2024-10-06T12:28:00+03:00">06 أكتوبر 2024، 12:28 م</time>
<p>ودعت موسكو، الجمعة، الغرب إلى رفع العقوبات المفروضة على أفغانستان.</p>
<p>وقبل يومين، التقى وزير الخارجية الروسي سيرغي لافروف نظيره الأفغاني في موسكو.</p>
</div>
<div id="footer">جميع الحقوق محفوظة</div>
</body></html>
"""
AR_TEXT = ("\"دفء العلاقات\" بين روسيا وطالبان\n\n06 أكتوبر 2024، 12:28 م\n\n"
           "ودعت موسكو، الجمعة، الغرب إلى رفع العقوبات المفروضة على أفغانستان.\n\n"
           "وقبل يومين، التقى وزير الخارجية الروسي سيرغي لافروف نظيره الأفغاني في موسكو.")


def test_html_english_page(tmp_path):
    [a] = read_articles(write(tmp_path, "page.html", EN_PAGE), {})
    assert a.text == EN_TEXT
    assert (a.title, a.url, a.outlet, a.published, a.language) == (
        "Russia removes the Taliban from its terrorist list", "https://example.org/world/russia-taliban",
        "Example News", "2024-10-06", "en")


def test_html_arabic_page(tmp_path):
    [a] = read_articles(write(tmp_path, "page.htm", AR_PAGE), {})
    assert a.text == AR_TEXT
    assert (a.title, a.url, a.outlet, a.published, a.language) == (
        "روسيا وطالبان", "https://example.org/ar/1", None, "2024-10-06", "ar")


def test_html_windows_1256(tmp_path):
    page = AR_PAGE.replace("<head>", '<head><meta charset="windows-1256">')
    [a] = read_articles(write(tmp_path, "legacy.html", page.encode("cp1256")), {})
    assert a.text == AR_TEXT


def test_html_overrides(tmp_path):
    [a] = read_articles(write(tmp_path, "page.html", EN_PAGE), {"published": "2024-10-07", "url": "u", "language": "ar"})
    assert (a.published, a.url, a.language) == ("2024-10-07", "u", "ar")


HTML_PUBLISHED = [
    # (page, published): where the publication day comes from, in order of trust
    ('<head><meta itemprop="datePublished" content="2024-10-06"></head><body><p>Body text.</p></body>', "2024-10-06"),
    ('<head><meta name="pubdate" content="Sun, 06 Oct 2024 12:28:00 GMT"></head><body><p>Body.</p></body>',
     "2024-10-06"),
    ('<head><script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle",'
     ' "datePublished": "2024-10-06T12:28:00+03:00"}]}</script></head><body><p>Body.</p></body>', "2024-10-06"),
    ('<body><article><time pubdate datetime="2024-10-06">6 Oct</time><p>Body.</p></article></body>', "2024-10-06"),
    ('<body><p>Headline</p><p>Published: October 6, 2024</p><p>Body.</p></body>', "2024-10-06"),  # dateline
    ('<body><header><span>6 Oct 2024 12:28 GMT</span></header><p>Body.</p></body>', None),  # header text is dropped
    ('<body><header><time>6 Oct 2024 12:28 GMT</time></header><p>Body.</p></body>', "2024-10-06"),  # but <time> is read
    ('<body><p>Body.</p><aside><time datetime="2023-01-01">x</time></aside></body>', None),  # another story's date
    ('<body><p>Body.</p><div class="related-stories"><time datetime="2023-01-01">x</time></div></body>', None),
    ('<body><p>Moscow acted yesterday.</p></body>', None),
]


@pytest.mark.parametrize(("page", "published"), HTML_PUBLISHED, ids=[f"html-pub-{i}" for i in range(len(HTML_PUBLISHED))])
def test_html_published(page, published):
    assert parse_html(page)["published"] == published


HTML_TEXT = [
    # no <article>/<main>: the whole body minus navigation and noise
    ('<body><nav>Home | World</nav><div class="content"><p>One.</p><p>Two&nbsp;words.</p></div>'
     '<div class="footer">Footer</div></body>', "One.\n\nTwo words."),
    # unclosed paragraphs and list items still split into blocks
    ("<body><p>One<p>Two<ul><li>a<li>b</ul></body>", "One\n\nTwo\n\na\n\nb"),
    # role attributes mark navigation and page chrome too
    ('<body><div role="navigation">Menu</div><div role="main"><p>Kept.</p></div></body>', "Kept."),
    # the main article wins over teasers outside it
    ("<body><div><p>Teaser one</p></div><main><p>Main text.</p></main></body>", "Main text."),
    # a stray end tag does not end a skipped region early
    ("<body><nav><div>Menu</span>More menu</div></nav><p>Body.</p></body>", "Body."),
    # <title> inside an inline svg is neither the page title nor text
    ('<body><p>Text <svg><title>icon</title></svg>here.</p></body>', "Text here."),
]


@pytest.mark.parametrize(("page", "text"), HTML_TEXT, ids=[f"html-text-{i}" for i in range(len(HTML_TEXT))])
def test_html_text(page, text):
    assert parse_html(page)["text"] == text


def test_html_title_falls_back_to_title_tag():
    assert parse_html("<head><title> Plain   title </title></head><body><p>x</p></body>")["title"] == "Plain title"


def test_html_without_text_is_an_error(tmp_path):
    path = write(tmp_path, "nav.html", "<body><nav><p>Home</p></nav><footer>x</footer></body>")
    with pytest.raises(InputError, match="has no article text"):
        read_articles(path, {})


# ------------------------------------------------------------------------------------------ the seed

def test_seed_article():
    if not SEED_ARTICLE.exists():
        pytest.skip(f"seed article {SEED_ARTICLE} is absent")
    [a] = read_articles(SEED_ARTICLE, {})
    assert (a.language, a.published, a.path) == ("ar", "2024-10-06", str(SEED_ARTICLE))
    assert a.text == SEED_ARTICLE.read_text(encoding="utf-8")
