"""The embedded FalkorDB server: Unix socket only, shared by concurrent kb processes, stopped by the last
one, recovered after a crash, and durable through kill -9 (AOF)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

from conftest import KB, REPO, run_kb, start_holder, stop_holder

EXAMPLE = REPO / "examples" / "example-claims.yaml"

def server_pid(store: Path) -> int:
    return int((store / "falkordb.pid").read_text())


def counts(store: Path) -> dict:
    res = run_kb("stats", "-f", "json", store=store)
    assert res.returncode == 0, res.stderr
    return {r["what"]: r["count"] for r in json.loads(res.stdout)}


def test_socket_only_in_a_private_directory(tmp_path):
    store = tmp_path / "kb"
    holder = start_holder(store)
    try:
        assert stat.S_IMODE(store.stat().st_mode) == 0o700
        assert stat.S_ISSOCK((store / "falkordb.sock").stat().st_mode)
        pid = server_pid(store)
        # no TCP listener: the server's open sockets are all Unix sockets
        inodes = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        socket_inodes = {i[len("socket:["):-1] for i in inodes if i.startswith("socket:[")}
        tcp = Path("/proc/net/tcp").read_text() + Path("/proc/net/tcp6").read_text()
        listening = {line.split()[9] for line in tcp.splitlines()[1:] if line.split()[3] == "0A"}
        assert not socket_inodes & listening
    finally:
        stop_holder(holder)
    assert not (store / "falkordb.sock").exists()


def test_the_server_is_shared_and_the_last_user_stops_it(tmp_path):
    store = tmp_path / "kb"
    holder = start_holder(store)
    pid = server_pid(store)
    assert run_kb("load", str(EXAMPLE), store=store).returncode == 0
    assert server_pid(store) == pid  # the load reused the running server and left it for the holder
    stop_holder(holder)
    assert not (store / "falkordb.pid").exists()
    assert counts(store)["claims"] == 7  # saved at shutdown, read back by a new server


def test_concurrent_loads_give_the_single_load_graph(tmp_path):
    single = tmp_path / "single"
    assert run_kb("load", str(EXAMPLE), store=single).returncode == 0
    store = tmp_path / "kb"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")} | {"KB_STORE": str(store)}
    procs = [subprocess.Popen([KB, "load", str(EXAMPLE)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert counts(store) == counts(single)
    assert not (store / "falkordb.pid").exists()


def test_stale_pidfile_and_socket_are_recovered(tmp_path):
    store = tmp_path / "kb"
    store.mkdir(mode=0o700)
    (store / "falkordb.pid").write_text("999999")  # no such process
    (store / "falkordb.sock").write_text("")  # a dead socket path left by a crash
    assert counts(store)["claims"] == 0


def test_data_survives_kill_9_of_the_server(tmp_path):
    store = tmp_path / "kb"
    holder = start_holder(store)
    try:
        assert run_kb("load", str(EXAMPLE), store=store).returncode == 0
        time.sleep(1.5)  # appendfsync everysec
        os.kill(server_pid(store), signal.SIGKILL)
        time.sleep(0.2)
        assert counts(store)["claims"] == 7  # the next command restarts the server from the AOF
    finally:
        holder.kill()
        holder.wait()
    run_kb("stats", store=store)  # the last user leaves: the restarted server stops


def test_a_load_of_several_chunks_leaves_no_server_behind(tmp_path):
    # A load bigger than one chunk writes from a second thread with a connection of its own: the process
    # is still one user, so when it leaves as the last one the server stops (and the store reopens).
    from bench.corpus import write_corpus
    from kb.loading import CHUNK_CLAIMS

    corpus = tmp_path / "corpus"
    write_corpus(corpus, CHUNK_CLAIMS * 2 + 100, seed=3)
    store = tmp_path / "kb"
    res = run_kb("load", str(corpus), store=store)
    assert res.returncode == 0, res.stderr
    assert not (store / "falkordb.pid").exists()
    assert counts(store)["claims"] == CHUNK_CLAIMS * 2 + 100


def test_two_stores_in_one_process_are_two_users(tmp_path):
    # A notebook may open the same store twice: closing one must not stop the server under the other.
    from kb.stores.falkordb_store import FalkorDBStore

    store = tmp_path / "kb"
    first, second = FalkorDBStore(store), FalkorDBStore(store)
    first.ensure_schema()
    second.close()
    assert first.read("RETURN 1 AS one").rows == [[1]]
    first.close()
    assert not (store / "falkordb.pid").exists()  # the last of them stopped it


def test_a_server_that_cannot_start_says_why_in_the_one_line(tmp_path):
    store = tmp_path / "kb"
    store.mkdir(mode=0o700)
    (store / "appendonlydir").write_text("not a directory\n")  # where the server keeps its append-only file
    res = run_kb("stats", store=store)
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert "exited at start, it said: " in res.stderr and "appendonlydir: Not a directory" in res.stderr, res.stderr


def test_a_new_store_logs_its_schema_as_a_snapshot(tmp_path):
    """Indexes and constraints reach the append-only file as a snapshot, never as commands to replay: replayed,
    FalkorDB builds the constraints in the background while the replay runs on into kb's MULTI/EXEC blocks,
    and the server can abort at start (seen after a kill -9 of kb load on a busy machine)."""
    store = tmp_path / "kb"
    assert run_kb("load", str(REPO / "examples" / "example-claims.yaml"), store=store).returncode == 0
    assert run_kb("stats", store=store).returncode == 0  # opened again: nothing new to create, nothing logged
    logged = b"".join(p.read_bytes() for p in (store / "appendonlydir").glob("*.incr.aof"))
    assert b"GRAPH.CONSTRAINT" not in logged and b"CREATE INDEX" not in logged
    assert b"MULTI" in logged  # the load itself is logged as usual
