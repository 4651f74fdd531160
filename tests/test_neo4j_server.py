"""The throwaway Neo4j (kb.neo4j_server, built from neo4j/server/): the README's one command, and no JVM left
behind when whoever started it stops or dies."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, _no_neo4j, run_kb

pytestmark = pytest.mark.neo4j
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module", autouse=True)
def launcher_built():
    from kb import neo4j_server

    missing = neo4j_server.tools_missing()
    if missing:
        _no_neo4j(missing)
    neo4j_server.build()


def _readme_command() -> list[str]:
    line = next(x for x in README.splitlines() if x.startswith("python -m kb.neo4j_server"))
    return shlex.split(line, comments=True)


def _jvm_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes (its parent has not reaped it yet).
    state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] if Path(f"/proc/{pid}/stat").exists() else ""
    return state not in ("Z", "")


def _jvms_of(workdir_prefix: str) -> list[int]:
    """Launcher JVMs whose data folder lies under `workdir_prefix` (read from /proc: ps would cut the line)."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"kb.neo4jserver.Main" in args and any(a.startswith(workdir_prefix.encode()) for a in args):
            pids.append(int(cmdline.parent.name))
    return pids


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_readme_command_serves_kb_and_ctrl_c_stops_it(tmp_path):
    args = _readme_command()
    assert args[:3] == ["python", "-m", "kb.neo4j_server"]
    # Free ports rather than the README's 7687/7474: a developer's own Neo4j may hold those.
    # Ctrl-C as a terminal sends it: SIGINT at its default, even when these tests run in a background job
    # (a shell starts those with SIGINT ignored, and a child inherits that, so Python would never see it).
    proc = subprocess.Popen([sys.executable, *args[1:], "--bolt-port", "0", "--http-port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                            env={**os.environ, "TMPDIR": str(tmp_path)},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        export = proc.stdout.readline().strip()
        browser = proc.stdout.readline().strip()
        m = re.fullmatch(r"export KB_STORE=(bolt://127\.0\.0\.1:\d+) KB_NEO4J_PASSWORD=unused", export)
        assert m, export
        assert re.fullmatch(r"Neo4j Browser: http://127\.0\.0\.1:\d+/browser/\?connectURL=bolt://127\.0\.0\.1:\d+"
                            r"&preselectAuthMethod=NO_AUTH", browser), browser
        env = {"KB_NEO4J_PASSWORD": "unused"}
        res = run_kb("load", str(REPO / "examples" / "example-claims.yaml"), store=m.group(1), env=env)
        assert res.returncode == 0, res.stderr
        res = run_kb("query", "delisted-by", "--param", "actor=Russia", "-f", "json", store=m.group(1), env=env)
        assert res.returncode == 0 and "Taliban" in res.stdout, res.stderr
        jvms = _jvms_of(str(tmp_path))
        assert len(jvms) == 1
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=90) == 0
    assert _wait(lambda: not _jvm_alive(jvms[0]), 30)
    assert not list(tmp_path.glob("kb-neo4j-*")), "its data folder outlived it"


def test_the_server_stops_when_its_parent_is_killed(tmp_path):
    """kill -9 of the Python process that started it: the JVM sees its parent go and stops by itself."""
    starter = ("import sys; from kb import neo4j_server; s = neo4j_server.start(workdir=sys.argv[1]); "
               "print(s.bolt_uri, flush=True); sys.stdin.read()")
    # cwd: away from the checkout, whose kb/ (without neo4j_server, which installs from neo4j/server/) would
    # shadow the installed package.
    proc = subprocess.Popen([sys.executable, "-c", starter, str(tmp_path / "n4j")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    assert proc.stdout.readline().startswith("bolt://")
    jvms = _jvms_of(str(tmp_path / "n4j"))
    assert len(jvms) == 1
    proc.kill()
    proc.wait()
    assert _wait(lambda: not _jvm_alive(jvms[0]), 60), "the JVM outlived the process that started it"
