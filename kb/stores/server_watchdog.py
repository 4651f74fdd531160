"""Start an embedded FalkorDB server and stop it once no kb process uses it, so a crash leaves no server.

    python -m kb.stores.server_watchdog STORE_DIR

kb starts servers only through this watchdog (embedded_server._start), which runs the server as its
child. Normally the last kb process to leave shuts the server down itself (embedded_server.release);
a kb process that is killed never gets there. Every kb connection carries a client name `kb-<pid>-<n>`,
and the kernel closes a dead process's connections, so the watchdog polls the server's client list:
once no kb client has been connected for GRACE_S, it takes the server lock (under which kb starts
servers and connects to them, so a kb process on its way in is never cut off), looks once more,
compacts the append-only file and shuts the server down. It exits when the server does, whoever
stopped it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import redis

from kb.stores.embedded_server import (LIVE_LOCKFILE, SOCKET, WATCHDOG_RACE_LOST, _no_retry, kb_users, server_args,
                                       server_lock, stop_server)

POLL_S = 0.25
GRACE_S = 1.0
NAME = "watchdog"  # not a kb user (see embedded_server.USER_PREFIX)


def watch(directory: Path, server: subprocess.Popen, poll_s: float = POLL_S, grace_s: float = GRACE_S) -> None:
    client = redis.Redis(unix_socket_path=str(directory / SOCKET), socket_timeout=None, socket_connect_timeout=5,
                         retry=_no_retry(), client_name=NAME, decode_responses=True)
    idle_since: float | None = None
    try:
        while server.poll() is None:
            try:
                if kb_users(client):
                    idle_since = None
                elif idle_since is None:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since >= grace_s:
                    with server_lock(directory):
                        if not kb_users(client):
                            stop_server(client)
                            break
                    idle_since = None
            except (redis.ConnectionError, redis.TimeoutError, redis.ResponseError, OSError):
                idle_since = None  # not listening yet, loading its file, or going away: look again
            time.sleep(poll_s)
    finally:
        client.close()
        server.wait()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m kb.stores.server_watchdog STORE_DIR", file=sys.stderr)
        return 2
    import fcntl  # Unix only, like the embedded store that runs this watchdog; not needed by kb's import

    directory = Path(argv[0])
    live = open(directory / LIVE_LOCKFILE, "a+")  # held until this process exits, and only by it
    try:
        fcntl.flock(live, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return WATCHDOG_RACE_LOST  # another watchdog runs this store's server
    server = subprocess.Popen(server_args(directory), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, close_fds=True)
    watch(directory, server)
    return server.returncode or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
