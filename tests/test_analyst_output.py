"""Output analysts read (issue 14, point 7): tables name each entity once, Arabic reads right to left in a
terminal table, `kb extract` writes each source text once per file, listing-status says "unknown" when kb
knows nothing, and long loads and extractions show a progress bar on a terminal only."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import re
import select
import shutil
import signal
import time
from pathlib import Path

import jsonschema
import pytest
from rich.cells import cell_len

from conftest import KB, REPO, run_kb, start_holder, stop_holder
from kb.errors import ConfigError
from kb.output import render, table_rows
from kb.rtl import Mode, bidi_mode, needs_bidi, visual_line
from kb.stores.base import Result

EXAMPLES = REPO / "examples"
QUERIES = REPO / "tests" / "data" / "queries"  # the canned queries' corpus (tests/test_canned_queries.py)
GVM = "Green Valley Movement"
B_URL = "https://example.org/kb-tests/doha-ar"
QA_WHEAT = "قطر إنها مهتمة بالقمح في أفغانستان"  # a quote of the Arabic source B


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """An embedded store holding the canned queries' corpus, loaded by the kb command. A holder keeps its
    server up between the many commands of this module."""
    store = tmp_path_factory.mktemp("analyst") / "kb"
    holder = start_holder(store)
    try:
        res = run_kb("load", str(QUERIES), store=store)
        assert res.returncode == 0, res.stderr
        yield store
    finally:
        stop_holder(holder)


def kb_json(*args: str, store: Path, env: dict | None = None):
    res = run_kb(*args, "-f", "json", store=store, env=env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


# --- 1. each entity's name once -------------------------------------------------------------------------

def test_table_names_each_entity_once_and_aliases_on_request(corpus):
    plain = run_kb("query", "actor-profile", "-p", "actor=Kazakhstan", "-f", "table", store=corpus)
    assert plain.returncode == 0, plain.stderr
    assert "Kazakhstan" in plain.stdout
    for alias in ("كازاخستان", "Казахстан", "Kasachstan"):  # a State has a dozen names: none in the table
        assert alias not in plain.stdout
    assert "names" not in plain.stdout.splitlines()[1]  # the header row has no names column
    assert "--aliases" in plain.stdout  # and says how to get them
    asked = run_kb("query", "actor-profile", "-p", "actor=Kazakhstan", "-f", "table", "--aliases", store=corpus)
    assert asked.returncode == 0, asked.stderr
    assert "Казахстан" in asked.stdout and "names" in asked.stdout.splitlines()[1]
    # JSON (and CSV) are unchanged: every name, the canonical one included.
    rows = kb_json("query", "actor-profile", "-p", "actor=Kazakhstan", store=corpus)
    assert "Kazakhstan" in rows[0]["names"] and "Казахстан" in rows[0]["names"]
    csv_out = run_kb("query", "actor-profile", "-p", "actor=Kazakhstan", "-f", "csv", store=corpus).stdout
    assert csv_out.splitlines()[0] == "key,actor,kind,names,direction,predicate,facts,counterparts"


def test_aliases_leave_out_the_name_the_row_shows():
    result = Result(["actor", "names", "counterparts"],
                    [["Kazakhstan", ["Kazakhstan", "كازاخستان", "Казахстан"], ["Russia", "Qatar"]]])
    assert table_rows(result, aliases=False) == (["actor", "counterparts"], [["Kazakhstan", "Russia, Qatar"]], True)
    assert table_rows(result, aliases=True) == (["actor", "names", "counterparts"],
                                                [["Kazakhstan", "كازاخستان, Казахстан", "Russia, Qatar"]], False)


# --- 2. Arabic in a terminal table -----------------------------------------------------------------------

MEEM, DAMMA, HAH, FATHA, SHADDA, DAL = "\u0645", "\u064f", "\u062d", "\u064e", "\u0651", "\u062f"

# (logical text, what a terminal without bidi must be sent). Visual strings are written left to right as the
# terminal draws them.
BIDI_CASES = [
    ("روسيا", "ايسور"),  # Arabic only
    ("رفعت روسيا الحظر", "رظحلا ايسور تعفر"),
    ("في 17 أبريل 2025", "2025 ليربأ 17 يف"),  # numbers keep their own order
    ("عام ٢٠٢٤", "٢٠٢٤ ماع"),  # Arabic-Indic digits too
    ("قال Sergei Lavrov إن", "نإ Sergei Lavrov لاق"),  # a Latin name inside Arabic stays readable
    ("Taliban (طالبان)", "Taliban (نابلاط)"),  # a Latin cell with an Arabic alias stays left to right
    ("Russia said: روسيا 3 أ", "Russia said: أ 3 ايسور"),
    ("(رويترز) قال", "لاق (زرتيور)"),  # brackets mirrored in a right-to-left run (L4)
    ("قال «لافروف»", "«فورفال» لاق"),
    # tashkeel: each mark stays after the letter it sits on (L3), or a terminal would draw it on the wrong one
    (MEEM + DAMMA + HAH + FATHA + MEEM + SHADDA + FATHA + DAL, DAL + MEEM + SHADDA + FATHA + HAH + FATHA + MEEM + DAMMA),
    ("\u062f\u0639\u0645\u0627\u064b", "\u0627\u064b\u0645\u0639\u062f"),  # tanween after its alef, at the far left
    ("\u200fروسيا\u200f", "ايسور"),  # directional marks have done their work: dropped
    ("Russia", "Russia"),  # nothing right to left: untouched
]


@pytest.mark.parametrize("logical, visual", BIDI_CASES, ids=range(len(BIDI_CASES)))
def test_cell_text_in_visual_order(logical, visual):
    assert visual_line(logical) == visual
    # The same width as the logical text: marks and controls are zero width, reordering adds nothing.
    assert cell_len(visual) == cell_len(logical.replace("\u200f", ""))


@pytest.mark.parametrize("line, base, visual", [
    # A wrapped line keeps its paragraph's direction, whatever it starts with.
    ("Sergei Lavrov قال", 1, "لاق Sergei Lavrov"),
    ("Sergei Lavrov قال", 0, "Sergei Lavrov لاق"),
    ("قال 2024.", 1, ".2024 لاق"),
])
def test_a_line_in_its_paragraphs_direction(line, base, visual):
    assert visual_line(line, base) == visual


@pytest.mark.parametrize("text, width", [
    ("مُحَمَّد", 4),  # four letters, three marks
    ("دعماً اقتصادياً", 13),
    ("الرئيسُ Putin", 12),
])
def test_tashkeel_is_zero_width(text, width):
    assert cell_len(text) == width == cell_len(visual_line(text))


def test_needs_bidi():
    assert needs_bidi("قطر") and needs_bidi("x \u200f") and not needs_bidi("Qatar 2024 (Doha)")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("env, tty, mode", [
    ({}, True, Mode(True)),  # a terminal that does no bidi itself (xterm, Windows Terminal, tmux ...)
    ({}, False, Mode(False)),  # a pipe or file: logical order, as JSON and CSV
    ({"KB_BIDI": "on"}, False, Mode(True)),  # e.g. for a pager
    ({"KB_BIDI": "off"}, True, Mode(False)),
    ({"KB_BIDI": "AUTO"}, True, Mode(True)),
    ({"VTE_VERSION": "7600"}, True, Mode(True, explicit=True)),  # GNOME Terminal: its own bidi off meanwhile
    ({"VTE_VERSION": "5200"}, True, Mode(True)),  # VTE before 0.58 did no bidi
    ({"TERM_PROGRAM": "mintty"}, True, Mode(True, explicit=True)),
    ({"KONSOLE_VERSION": "230804"}, True, Mode(False)),  # reorders by itself, no switch: leave it the text
    ({"TERM_PROGRAM": "Apple_Terminal"}, True, Mode(False)),
    ({"KONSOLE_VERSION": "230804", "KB_BIDI": "on"}, True, Mode(True)),
])
def test_bidi_mode(env, tty, mode):
    out = _Terminal() if tty else io.StringIO()
    assert bidi_mode(out, env) == mode


def test_bidi_mode_refuses_a_bad_setting():
    with pytest.raises(ConfigError, match="KB_BIDI"):
        bidi_mode(_Terminal(), {"KB_BIDI": "yes"})


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _lines(text: str) -> list[str]:
    """The lines shown, without colours and cursor movements."""
    return [line for line in ANSI.sub("", text).replace("\r", "").splitlines() if line.strip()]


def test_a_wrapped_arabic_cell_breaks_lines_before_reordering(monkeypatch):
    words = ["وقال", "وزير", "الخارجية", "الروسي", "إن", "بلاده", "رفعت", "الحظر", "عن", "الحركة", "يوم", "الاثنين"]
    quote = " ".join(words)
    out = _Terminal()
    monkeypatch.setenv("KB_BIDI", "on")
    monkeypatch.setenv("COLUMNS", "40")
    render(Result(["actor", "quote"], [["Russia", quote]]), "table", out)
    body = [line for line in _lines(out.getvalue()) if line.startswith("│")]
    widths = {cell_len(line) for line in _lines(out.getvalue())[:-1]}
    assert len(widths) == 1, out.getvalue()  # every line of the table is as wide as the others
    assert len(body) >= 2
    cells = [line.split("│")[2] for line in body]
    # The first line holds the first words, read from its right end, right-aligned (a cell has one space of
    # padding each side); the last line the last words.
    assert cells[0].endswith(" " + visual_line(words[0]) + " ")
    assert cells[-1].lstrip().startswith(visual_line(words[-1]) + " ") or cells[-1].strip() == visual_line(words[-1])
    assert " ".join(reversed([visual_line(w) for w in words])) not in out.getvalue()  # not reordered whole


def test_terminal_with_its_own_bidi_is_switched_to_explicit_mode_around_the_table(monkeypatch):
    out = _Terminal()
    monkeypatch.delenv("KB_BIDI", raising=False)
    monkeypatch.setenv("VTE_VERSION", "7600")
    render(Result(["quote"], [[QA_WHEAT]]), "table", out)
    text = out.getvalue()
    assert text.startswith("\x1b[8l") and text.endswith("\x1b[8h")
    assert visual_line(QA_WHEAT) in text


def test_tables_through_kb(corpus):
    args = ("query", "source-claims", "-p", f"source={B_URL}")
    # A table on a terminal that does no bidi (KB_BIDI=on stands for the terminal here: the output is a pipe).
    shown = run_kb(*args, "-f", "table", store=corpus, env={"KB_BIDI": "on", "COLUMNS": "300"})
    assert shown.returncode == 0, shown.stderr
    assert visual_line(QA_WHEAT) in shown.stdout and QA_WHEAT not in shown.stdout
    assert len({cell_len(line) for line in _lines(shown.stdout)[:-1]}) == 1  # the borders line up
    # Off a terminal a table keeps logical order (auto), and JSON and CSV always do.
    piped = run_kb(*args, "-f", "table", store=corpus)
    assert QA_WHEAT in piped.stdout
    assert QA_WHEAT in [r["quote"] for r in kb_json(*args, store=corpus, env={"KB_BIDI": "on"})]
    assert QA_WHEAT in run_kb(*args, "-f", "csv", store=corpus, env={"KB_BIDI": "on"}).stdout


# --- a real terminal ---------------------------------------------------------------------------------------

def on_terminal(args: list[str], env: dict, timeout: float = 240, stdout: Path | None = None) -> tuple[int, str]:
    """Run kb on a pseudo-terminal (stdin, stdout and stderr; stdout to a file if given): its exit code and
    everything it showed."""
    pid, fd = pty.fork()
    if pid == 0:
        if stdout is not None:
            os.dup2(os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
        os.execve(KB, [KB, *args], env)
    seen = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), bytes(seen).decode("utf-8", "replace")


def terminal_env(store: Path | None = None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "VTE_", "KONSOLE_", "TERM_PROGRAM"))
           and k not in ("CI", "MLTERM")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "400"}, **extra)
    if store is not None:
        env["KB_STORE"] = str(store)
    return env


def test_arabic_table_on_a_terminal(corpus):
    code, shown = on_terminal(["query", "source-claims", "-p", f"source={B_URL}"], terminal_env(corpus))
    assert code == 0, shown
    assert visual_line(QA_WHEAT) in shown and "\x1b[8l" not in shown
    code, shown = on_terminal(["query", "source-claims", "-p", f"source={B_URL}"],
                              terminal_env(corpus, VTE_VERSION="7600"))
    assert code == 0, shown
    assert "\x1b[8l" in shown and visual_line(QA_WHEAT) in shown and "\x1b[8h" in shown
    code, shown = on_terminal(["query", "source-claims", "-p", f"source={B_URL}"],
                              terminal_env(corpus, KONSOLE_VERSION="230804"))
    assert code == 0, shown
    assert QA_WHEAT in shown  # Konsole reorders by itself


# --- 3. kb extract: each source text once per file -------------------------------------------------------

@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """Two articles extracted into one file: the English example (with a URL) and the same text without
    front matter (no URL: its text is its key)."""
    work = tmp_path_factory.mktemp("extract")
    article = (EXAMPLES / "kabul-moscow-en.txt").read_text(encoding="utf-8")
    (work / "articles").mkdir()
    shutil.copy(EXAMPLES / "kabul-moscow-en.txt", work / "articles" / "a-with-url.txt")
    body = article.split("---\n", 2)[2].replace("Moscow and Kabul draw closer", "Kabul and Moscow, closer still")
    (work / "articles" / "b-without-url.txt").write_text(body, encoding="utf-8")
    res = run_kb("extract", str(work / "articles"), "-o", str(work / "claims.jsonl"), "--published", "2024-10-08")
    assert res.returncode == 0, res.stderr
    return work / "claims.jsonl"


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_extract_writes_each_text_once(extracted):
    lines = read_lines(extracted)
    texts = [c["source"]["text"] for c in lines if "text" in c["source"]]
    assert len(texts) == 2 and texts[0] != texts[1]  # one per article
    shas = {hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts}
    assert {c["source"]["sha256"] for c in lines} == shas  # every claim names its text
    with_url = [c for c in lines if c["source"]["url"]]
    assert with_url and len([c for c in lines if not c["source"]["url"]]) >= 2
    schema = json.loads((REPO / "kb" / "claim.schema.json").read_text(encoding="utf-8"))
    for c in lines:
        jsonschema.validate(c, schema)


def with_text_on_every_line(path: Path, out: Path) -> Path:
    """The claims file as `kb extract` wrote it before: the source text on every claim, no sha256."""
    lines = read_lines(path)
    by_sha = {c["source"]["sha256"]: c["source"]["text"] for c in lines if "text" in c["source"]}
    with out.open("w", encoding="utf-8") as fh:
        for c in lines:
            c["source"]["text"] = by_sha[c["source"].pop("sha256")]
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    return out


def graph(store: Path) -> tuple:
    exported = run_kb("export", "--format", "jsonl", store=store)
    assert exported.returncode == 0, exported.stderr
    sources = kb_json("cypher", "MATCH (s:Source) RETURN s.key AS key, s.url AS url, s.title AS title, s.sha256 "
                      "AS sha256, s.text AS text, s.published AS published ORDER BY key", store=store)
    stats = {r["what"]: r["count"] for r in kb_json("stats", store=store)}
    return exported.stdout, sources, stats


def test_loading_an_extract_file_gives_the_graph_of_the_old_format(extracted, tmp_path):
    old = with_text_on_every_line(extracted, tmp_path / "old.jsonl")
    assert old.stat().st_size > extracted.stat().st_size
    for name, path in (("new", extracted), ("old", old)):
        res = run_kb("load", str(path), store=tmp_path / name)
        assert res.returncode == 0, res.stderr
    new_graph, old_graph = graph(tmp_path / "new"), graph(tmp_path / "old")
    assert new_graph == old_graph
    assert len(new_graph[1]) == 2 and all(s["text"] for s in new_graph[1])


def test_a_text_named_by_sha256_must_be_in_the_input(extracted, tmp_path):
    lines = extracted.read_text(encoding="utf-8").splitlines(keepends=True)
    first_without_url = next(i for i, line in enumerate(lines) if '"text"' in line and '"url": null' in line)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[:first_without_url] + lines[first_without_url + 1:]), encoding="utf-8")
    res = run_kb("load", str(cut), store=tmp_path / "kb")
    assert res.returncode == 1 and "source.sha256" in res.stderr and "names a text no claim" in res.stderr, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    wrong = json.loads(lines[0])
    wrong["source"]["sha256"] = "0" * 64
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(wrong, ensure_ascii=False) + "\n", encoding="utf-8")
    res = run_kb("load", str(bad), store=tmp_path / "kb")
    assert res.returncode == 1 and "is not the SHA-256 of source.text" in res.stderr, res.stderr


# --- 4. listing-status: unknown unless kb knows -----------------------------------------------------------

LISTING = [
    ({"actor": "Kazakhstan", "target": GVM, "date": "2015-12-31"}, [(None, "unknown", None)]),  # before anything
    ({"actor": "Russia", "target": "Omar Haddad", "date": "2025-06-01"}, [(None, "unknown", None)]),  # nothing ever
    ({"actor": "Russia", "target": GVM, "date": "2025-06-01"}, [("terrorist organizations", "listed", "DESIGNATED")]),
    ({"actor": "Kazakhstan", "target": GVM, "date": "2024-12-20"},
     [("banned organizations", "not listed", "DELISTED"), ("extremist organizations", "listed", "DESIGNATED")]),
]


def test_listing_status_says_unknown_when_kb_knows_nothing(backend_location):
    _, location, env = backend_location
    res = run_kb("load", str(QUERIES), store=location, env=env)
    assert res.returncode == 0, res.stderr
    for params, expected in LISTING:
        args = [a for k, v in params.items() for a in ("-p", f"{k}={v}")]
        rows = kb_json("query", "listing-status", *args, store=location, env=env)
        assert [(r["list"], r["status"], r["decided_by"]) for r in rows] == expected, params
        unknown = [r for r in rows if r["status"] == "unknown"]
        assert all(r["quote"] is None and r["date"] is None and r["organ"] is None for r in unknown)


# --- 5. progress bars on a terminal only -----------------------------------------------------------------

BAR = "━"  # rich's bar


def long_claims_file(path: Path, n: int = 10_500) -> Path:
    """n claims in 21 sources, as few facts and entities as will do: a long load, quickly written."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"source": {"url": f"https://example.org/progress/{i % 21}"},
                                 "subject": {"name": "Russia", "kind": "State"}, "predicate": "MET_WITH",
                                 "object": {"name": f"Person {i % 20}", "kind": "Person"},
                                 "date": str(2000 + i % 10), "quote": f"Russia met person {i}"}) + "\n")
    return path


def test_load_shows_a_bar_on_a_terminal_for_a_long_input_only(tmp_path):
    big = long_claims_file(tmp_path / "big.jsonl")
    code, shown = on_terminal(["load", str(big)], terminal_env(tmp_path / "tty"))
    assert code == 0, shown
    assert BAR in shown and "loading" in shown and "10500/10500" in shown
    assert _lines(shown)[-1].startswith("loaded 10500 claims")
    # In a pipe: the one line, nothing else.
    piped = run_kb("load", str(big), store=tmp_path / "pipe")
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == "" and BAR not in piped.stdout and "\x1b" not in piped.stdout
    assert piped.stdout.startswith("loaded 10500 claims")
    # A short load on a terminal: no bar either.
    code, shown = on_terminal(["load", str(EXAMPLES / "example-claims.yaml")], terminal_env(tmp_path / "short"))
    assert code == 0, shown
    assert BAR not in shown and "loaded 7 claims" in shown


def test_extract_shows_a_bar_on_a_terminal_and_not_in_a_pipe(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    text = (EXAMPLES / "kabul-moscow-en.txt").read_text(encoding="utf-8")
    for i in range(40):  # over LONG_FILES: a bar at once, however fast the machine
        (articles / f"a{i:02d}.txt").write_text(text.replace("/moscow-kabul-en", f"/moscow-kabul-en-{i}"),
                                                encoding="utf-8")
    code, shown = on_terminal(["extract", str(articles), "-o", str(tmp_path / "tty")], terminal_env())
    assert code == 0, shown
    assert BAR in shown and "files" in shown
    assert _lines(shown)[-1].startswith("extracted ")
    res = run_kb("extract", str(articles), "-o", str(tmp_path / "pipe"))
    assert res.returncode == 0, res.stderr
    assert res.stderr.startswith("extracted ") and len(res.stderr.splitlines()) == 1 and BAR not in res.stderr
    # `kb extract ... > claims.jsonl` on a terminal: the bar on the terminal, every claim in the file.
    code, shown = on_terminal(["extract", str(articles)], terminal_env(), stdout=tmp_path / "claims.jsonl")
    assert code == 0, shown
    assert BAR in shown and '"predicate"' not in shown
    in_files = sum(len(read_lines(f)) for f in (tmp_path / "pipe").glob("*.jsonl"))
    assert in_files > 0 and len(read_lines(tmp_path / "claims.jsonl")) == in_files
