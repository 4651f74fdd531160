"""A throwaway Neo4j 5 for tests, benchmarks and users without Docker (installed as `kb.neo4j_server`).

The server is Neo4j's own test harness from Maven Central, started by a small Java main (Main.java beside this
file) in a JVM of its own: Bolt on a free 127.0.0.1 port, authentication off, a fresh data folder deleted when
it stops. Maven builds the launcher once into a cache folder, and runs offline after the first resolve.
Nothing here is used by kb's core: the Neo4j store talks Bolt to whatever server it is given.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from kb.errors import KbError

HERE = Path(__file__).resolve().parent
NEO4J_VERSION = "5.26.1"
# Neo4j's own JVM flags (its neo4j.conf defaults): without the add-opens, its page cache and Netty fall back
# to slower paths and print warnings.
JVM_FLAGS = (
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+DisableExplicitGC",
    "-Dio.netty.tryReflectionSetAccessible=true", "-Djdk.nio.maxCachedBufferSize=1024",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Dlog4j2.disable.jmx=true", "-Xss1m",
)
HEAP = "1g"  # enough for the tests; the benchmark gives its 1M-claim graph more (bench/__main__.py)
START_TIMEOUT = 180.0


class Neo4jServerError(KbError):
    """The throwaway Neo4j could not be built or started."""


def tools_missing() -> str | None:
    """Why the launcher cannot run here (no java or mvn), or None."""
    for tool in ("java", "mvn"):
        if not _tool(tool):
            return f"`{tool}` is not on PATH (the throwaway Neo4j needs Java 17+ and Maven)"
    return None


def _tool(name: str) -> str | None:
    home = os.environ.get("JAVA_HOME")
    if name == "java" and home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which(name)


def cache_dir() -> Path:
    """Where the launcher is built: KB_NEO4J_SERVER_CACHE, else the user's cache folder."""
    root = os.environ.get("KB_NEO4J_SERVER_CACHE")
    if root:
        return Path(root)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kb" / "neo4j-server"


def _sources() -> list[Path]:
    return [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]


def build() -> list[str]:
    """Build the launcher (once per version of its sources) and return its classpath."""
    missing = tools_missing()
    if missing:
        raise Neo4jServerError(missing)
    digest = hashlib.sha256()
    for path in _sources():
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    work = cache_dir() / digest.hexdigest()[:16]
    cp_file = work / "target" / "classpath.txt"
    classes = work / "target" / "classes"
    if cp_file.exists() and classes.exists():
        cp = [str(classes), *cp_file.read_text().strip().split(os.pathsep)]
        if all(Path(p).exists() for p in cp):
            return cp
    work.mkdir(parents=True, exist_ok=True)
    for path in _sources():
        dest = work / path.relative_to(HERE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    goals = ["-q", "-B", "-Dstyle.color=never", "-f", str(work / "pom.xml"), "package",
             "dependency:build-classpath", f"-Dmdep.outputFile={cp_file}", "-Dmdep.includeScope=runtime"]
    # Offline first: after the first resolve Maven needs no network at all.
    res = subprocess.run([_tool("mvn"), "-o", *goals], capture_output=True, text=True)
    if res.returncode != 0:
        res = subprocess.run([_tool("mvn"), *goals], capture_output=True, text=True)
    if res.returncode != 0:
        detail = " ".join((res.stdout + res.stderr).split())[-400:]
        raise Neo4jServerError(f"Maven could not build the Neo4j launcher in {work}: {detail}")
    return [str(classes), *cp_file.read_text().strip().split(os.pathsep)]


@dataclass
class Neo4jServer:
    """A running throwaway Neo4j. Stop it with stop() (or use it as a context manager)."""

    process: subprocess.Popen
    bolt_uri: str
    http_uri: str | None
    workdir: Path
    _owns_workdir: bool
    log: list[str]

    @property
    def browser_url(self) -> str | None:
        if not self.http_uri:
            return None
        return f"{self.http_uri.rstrip('/')}/browser/?connectURL={self.bolt_uri.rstrip('/')}"

    def stop(self, timeout: float = 60.0) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.write("stop\n")
                self.process.stdin.flush()
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._owns_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "Neo4jServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(*, http: bool = False, workdir: Path | None = None, copy_from: Path | None = None,
          bolt_port: int = 0, http_port: int = 0, timeout: float = START_TIMEOUT, heap: str = HEAP) -> Neo4jServer:
    """Start a throwaway Neo4j and wait until it serves Bolt (and HTTP with `http`).

    `copy_from` names a Neo4j home folder whose `data/` holds databases (as import_csv leaves it): the server
    starts on a copy of them. `heap` is the JVM's maximum heap (-Xmx); Neo4j lets one transaction use 70% of it."""
    cp = build()
    owns = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="kb-neo4j-")) if owns else Path(workdir)
    cmd = [_tool("java"), *JVM_FLAGS, f"-Xmx{heap}", "-cp", os.pathsep.join(cp), "kb.neo4jserver.Main",
           "--dir", str(workdir), "--parent-pid", str(os.getpid())]
    if http:
        cmd += ["--http", "--http-port", str(http_port)]
    if bolt_port:
        cmd += ["--bolt-port", str(bolt_port)]
    if copy_from is not None:
        cmd += ["--copy-from", str(copy_from)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    log: list[str] = []
    found: dict[str, str] = {}
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            log.append(line.rstrip("\n"))
            head, _, rest = line.strip().partition(" ")
            if head in ("BOLT", "HTTP"):
                found[head] = rest
            elif head == "READY":
                ready.set()
        ready.set()  # the JVM ended: wake the waiter, which sees no READY

    threading.Thread(target=read, name="kb-neo4j-server-output", daemon=True).start()
    if not ready.wait(timeout) or "BOLT" not in found:
        proc.kill()
        proc.wait()
        if owns:
            shutil.rmtree(workdir, ignore_errors=True)
        tail = " | ".join(line for line in log[-5:] if line.strip())
        raise Neo4jServerError(f"the throwaway Neo4j did not start within {timeout:.0f} s: {tail or 'no output'}")
    return Neo4jServer(proc, found["BOLT"], found.get("HTTP"), workdir, owns, log)


def import_csv(csv_dir: Path, args: list[str], into: Path) -> Path:
    """Run Neo4j's own import tool, `neo4j-admin database import full ARGS`, from `csv_dir` into a fresh
    Neo4j home under `into`; return that home (for start(copy_from=...)).

    `args` are the tool's arguments after `full`, as kb export's import.txt gives them; file names in them
    are read relative to `csv_dir`."""
    cp = build()
    home = Path(into) / "home"
    conf = home / "conf"
    data = home / "data"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").write_text(f"server.directories.data={data}\n", encoding="utf-8")
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    cmd = [_tool("java"), *JVM_FLAGS, f"-Xmx{HEAP}", "-cp", os.pathsep.join(cp), "org.neo4j.cli.AdminTool",
           "database", "import", "full", *args]
    res = subprocess.run(cmd, cwd=csv_dir, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        detail = " ".join((res.stdout + res.stderr).split())[-600:]
        raise Neo4jServerError(f"neo4j-admin database import failed (exit {res.returncode}): {detail}")
    return home
