"""The `kb` command as a user runs it: output, exit codes, one-line errors, an unchanged store after a failure."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import socket
import time
from pathlib import Path

import pytest

from conftest import KB, REPO, run_kb

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A store with the example claims loaded through the CLI."""
    store = tmp_path_factory.mktemp("cli") / "kb"
    res = run_kb("load", str(EXAMPLES / "example-claims.yaml"), store=store)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("loaded 7 claims (5 facts) from 1 sources in 1 files")
    return store


def assert_one_line_error(res, *fragments: str) -> None:
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("kb: error: ")
    assert "Traceback" not in res.stderr
    for f in fragments:
        assert f in lines[0]


def stats(store: Path) -> dict:
    res = run_kb("stats", "--format", "json", store=store)
    assert res.returncode == 0, res.stderr
    return {r["what"]: r["count"] for r in json.loads(res.stdout)}


@pytest.mark.parametrize("actor", ["Russia", "روسيا", "RUSSIA", "state:RU", "Россия"])
def test_delisted_by_finds_the_taliban_by_any_name(loaded, actor):
    res = run_kb("query", "delisted-by", "--param", f"actor={actor}", "--format", "json", store=loaded)
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert [(r["delisted"], r["date"]) for r in rows] == [("Taliban", "2024-10-07")]
    assert rows[0]["quote"] in (EXAMPLES / "example-article.txt").read_text(encoding="utf-8")
    assert rows[0]["url"] == "https://example.org/kb/kabul-moscow"


def test_csv_and_table_output(loaded):
    res = run_kb("query", "delisted-by", "-p", "actor=Russia", "-f", "csv", store=loaded)
    assert res.stdout.splitlines()[0].split(",")[:2] == ["actor", "delisted"]
    assert res.stdout.splitlines()[1].startswith("Russia,Taliban,")
    res = run_kb("query", "delisted-by", "-p", "actor=Russia", "-f", "table", store=loaded)
    assert "Taliban" in res.stdout and "1 row(s)" in res.stdout


def test_stats_and_idempotent_reload(loaded, tmp_path):
    before = stats(loaded)
    assert before["claims"] == 7 and before["facts.DELISTED"] == 1 and before["entities.State"] == 2
    for name in ("example-claims.yaml", "example-article.txt"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    # a directory: its claims file, and the text it cites (the claims' source, not a further article)
    res = run_kb("load", str(tmp_path), store=loaded)
    assert res.returncode == 0, res.stderr
    assert stats(loaded) == before


def test_queries_lists_every_canned_query():
    res = run_kb("queries", "--format", "json")
    names = {r["name"] for r in json.loads(res.stdout)}
    assert "delisted-by" in names
    assert all(r["title"] for r in json.loads(res.stdout))


def test_schema_lists_kinds_and_predicates():
    rows = json.loads(run_kb("schema", "--format", "json").stdout)
    names = {r["name"] for r in rows}
    assert {"State", "Person", "DELISTED", "MET_WITH"} <= names
    met = next(r for r in rows if r["name"] == "MET_WITH")
    assert "<->" in met["signature"] and met["markers"] == "recurring"
    markers = {r["name"]: r["markers"] for r in rows}
    assert markers["DELISTED"] == "ends DESIGNATED" and markers["RECOGNIZED"] == "once"
    assert markers["HOLDS_OFFICE"].startswith("one role holder: president") and markers["State"] == ""


def test_cypher_is_read_only_unless_write(loaded):
    before = stats(loaded)
    res = run_kb("cypher", "MATCH (n:Entity) DETACH DELETE n", store=loaded)
    assert_one_line_error(res, "read-only")
    assert stats(loaded) == before
    res = run_kb("cypher", "MATCH (e:Entity) WHERE e.key = $k RETURN e.name AS name", "-p", "k=state:RU",
                 "-f", "json", store=loaded)
    assert json.loads(res.stdout) == [{"name": "Russia"}]


def test_cypher_write_flag_writes(tmp_path):
    store = tmp_path / "kb"
    res = run_kb("cypher", "CREATE (:Place {name: $n}) RETURN 1 AS one", "-p", "n=Oslo", "--write", "-f", "json",
                 store=store)
    assert res.returncode == 0, res.stderr
    assert json.loads(run_kb("cypher", "MATCH (p:Place) RETURN p.name AS n", "-f", "json", store=store).stdout) == [
        {"n": "Oslo"}]


def test_unload_by_claims_file(tmp_path):
    store = tmp_path / "kb"
    claims = EXAMPLES / "example-claims.yaml"
    assert run_kb("load", str(claims), store=store).returncode == 0
    res = run_kb("unload", str(claims), store=store)
    assert res.returncode == 0, res.stderr
    assert stats(store)["claims"] == 0 and stats(store)["entities"] == 0
    assert_one_line_error(run_kb("unload", "https://nowhere.example", store=store), "no such source")


def test_failed_load_leaves_the_store_unchanged(loaded, tmp_path):
    before = stats(loaded)
    work = tmp_path / "w"
    shutil.copytree(EXAMPLES, work)
    bad = work / "zz-bad.yaml"
    bad.write_text((work / "example-claims.yaml").read_text(encoding="utf-8").replace(
        "predicate: MET_WITH", "predicate: MET"), encoding="utf-8")
    res = run_kb("load", str(work / "example-claims.yaml"), str(bad), store=loaded)
    assert_one_line_error(res, str(bad), "unknown predicate 'MET'")
    assert stats(loaded) == before


@pytest.mark.parametrize("args,fragments", [
    (["query", "no-such-query"], ["no canned query 'no-such-query'"]),
    (["query", "delisted-by"], ["missing parameter actor"]),
    (["query", "delisted-by", "-p", "actor=Russia", "-p", "colour=red"], ["unknown parameter 'colour'"]),
    (["query", "delisted-by", "-p", "actorRussia"], ["want NAME=VALUE"]),
    (["load", "does-not-exist.jsonl"], ["does-not-exist.jsonl", "no such file"]),
    (["cypher", "MATCH (n RETURN n"], []),
    (["export", "--format", "pdf"], ["pdf"]),
    (["query", "delisted-by", "-p", "actor=Russia", "-f", "xml"], ["xml"]),
])
def test_errors_are_one_line(tmp_path, args, fragments):
    assert_one_line_error(run_kb(*args, store=tmp_path / "kb"), *fragments)


def test_neo4j_password_comes_from_the_environment_and_never_leaks(tmp_path):
    res = run_kb("stats", store="bolt://127.0.0.1:9")
    assert_one_line_error(res, "KB_NEO4J_PASSWORD")
    secret = "s3cr3t-Pa55word"
    res = run_kb("stats", store="bolt://127.0.0.1:9", env={"KB_NEO4J_PASSWORD": secret})
    assert_one_line_error(res, "bolt://127.0.0.1:9")
    assert secret not in res.stderr + res.stdout


def _processes_holding(needle: bytes, parts: tuple[str, ...] = ("cmdline",)) -> list[str]:
    """/proc files (a process's command line, or its environment) that hold `needle`."""
    found = []
    for proc in (p for p in Path("/proc").iterdir() if p.name.isdigit()):
        for part in parts:
            try:
                if needle in (proc / part).read_bytes():
                    found.append(f"{proc}/{part}")
            except OSError:  # gone, or not ours to read
                pass
    return found


@pytest.mark.parametrize("args", [
    ["stats"], ["load", str(EXAMPLES / "example-claims.yaml")], ["query", "delisted-by", "-p", "actor=Russia"],
    ["cypher", "MATCH (n) RETURN count(n) AS n"], ["cypher", "CREATE (:Place {name: 'x'})", "--write"],
    ["export", "--format", "jsonl"], ["unload", "https://example.org/kb/kabul-moscow"],
    ["cypher", "MATCH (n RETURN n"], ["cypher", "CREATE (:Place {name: 'x'})"],  # errors after the server starts
], ids=lambda a: " ".join(a)[:40])
def test_no_server_is_left_running_after_a_command(tmp_path, args):
    store = tmp_path / "kb"
    res = run_kb(*args, store=store)
    assert res.returncode in (0, 1), res.stderr
    assert not (store / "falkordb.sock").exists()
    assert not (store / "falkordb.pid").exists()
    # neither its server nor a watchdog: the watchdog sees the server gone at its next poll (0.25 s) and
    # exits, which a loaded machine may take a moment to finish; a process still there after 5 s is left over
    deadline = time.monotonic() + 5
    while _processes_holding(str(store).encode()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_holding(str(store).encode()) == []


def test_neo4j_secrets_stay_out_of_errors_tracebacks_uris_and_flags(tmp_path):
    secret = "s3cr3t-Pa55word"
    # a password in the URI (it would show in the process list) is refused without echoing it
    res = run_kb("stats", store=f"bolt://neo4j:{secret}@127.0.0.1:9")
    assert_one_line_error(res, "holds credentials")
    assert secret not in res.stderr + res.stdout
    # KB_DEBUG (tracebacks for unexpected errors) changes nothing here: one line, no password
    res = run_kb("stats", store="bolt://127.0.0.1:9", env={"KB_NEO4J_PASSWORD": secret, "KB_DEBUG": "1"})
    assert_one_line_error(res, "cannot reach Neo4j")
    assert secret not in res.stderr + res.stdout
    # no command takes a password as a flag
    for command in ("load", "query", "cypher", "export", "stats", "unload", "schema", "queries", "retract",
                    "restore", "merge", "unmerge", "alias", "sources", "entities"):
        help_text = run_kb(command, "--help").stdout.lower()
        assert "password" not in help_text.replace("kb_neo4j_password", ""), command


def _read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while wanted not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        assert ready, f"no {wanted!r} on the terminal; it showed {bytes(seen)!r}"
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        assert chunk, f"the terminal closed before {wanted!r}; it showed {bytes(seen)!r}"
        seen += chunk


def test_neo4j_password_is_asked_on_a_terminal_and_never_echoed_or_listed(tmp_path):
    # A real pseudo-terminal: getpass reads /dev/tty with echo off. A server that accepts and never answers
    # keeps kb connecting (the password in its memory) while the process list is searched for it.
    secret = "pr0mpted-Pa55word"
    listener = socket.create_server(("127.0.0.1", 0))
    uri = f"bolt://127.0.0.1:{listener.getsockname()[1]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")} | {"KB_STORE": uri}
    pid, fd = pty.fork()
    if pid == 0:  # the child: kb on the terminal
        os.execve(KB, [KB, "stats"], env)
    seen = bytearray()
    try:
        _read_until(fd, b"Neo4j password for neo4j at " + uri.encode() + b": ", seen)
        os.write(fd, secret.encode() + b"\n")
        listener.settimeout(60)
        conn, _ = listener.accept()  # kb is connecting with the password
        assert _processes_holding(secret.encode(), ("cmdline", "environ")) == []
        conn.close()
        listener.close()
        _read_until(fd, b"kb: error: ", seen)
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # a kb still waiting at its prompt would keep waitpid waiting
        raise
    finally:
        _, status = os.waitpid(pid, 0)
        try:
            while chunk := os.read(fd, 4096):
                seen += chunk
        except OSError:
            pass
        os.close(fd)
    shown = bytes(seen).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 1, shown
    assert secret not in shown  # not echoed as typed, nor in the error
    error = [line for line in shown.splitlines() if line.startswith("kb: error: ")]
    assert len(error) == 1 and "cannot reach Neo4j" in error[0] and "Traceback" not in shown, shown
