"""Shared fixtures: a fresh embedded store per test, every backend (Neo4j from a throwaway server), the shared
seed files, and a `kb` runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# bench/ runs from the checkout (`python -m bench`) and is not installed: find it there, after everything
# else, so that `kb` stays the installed package (which maps cypher/ to kb.cypher), not the source tree.
sys.path.append(str(REPO))
# ../shared beside the checkout (CI lays a copy there); KB_SHARED overrides.
SHARED = Path(os.environ.get("KB_SHARED", REPO.parent / "shared"))
SEED_ARTICLE = SHARED / "fixtures" / "000_d0a456fa21b598d7.txt"
SEED_GOLD = SHARED / "fixtures" / "000_d0a456fa21b598d7.gold.yaml"


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory):
    """One embedded server for the whole session: a held connection keeps it running between tests
    (otherwise each test would restart it and replay an ever longer AOF)."""
    from kb.stores.falkordb_store import FalkorDBStore

    path = tmp_path_factory.mktemp("kbstore")  # short: a Unix socket path must fit in 108 bytes
    keeper = FalkorDBStore(path)
    yield path
    keeper.close()


def cleared_store(directory: Path):
    """Open the embedded store in `directory`, empty it, and close it after the test (fixture body)."""
    from kb.stores.falkordb_store import FalkorDBStore

    st = FalkorDBStore(directory)
    st.clear()
    yield st
    st.close()


@pytest.fixture
def store(store_dir: Path):
    """An empty embedded FalkorDB store (the session's server, cleared before each test)."""
    yield from cleared_store(store_dir)


# Under KB_REQUIRE_NEO4J=1 (CI) a Neo4j test that cannot get its server fails instead of skipping.
REQUIRE_NEO4J = os.environ.get("KB_REQUIRE_NEO4J") == "1"
# The throwaway server runs with authentication off; the driver still sends a password, which it ignores.
NEO4J_TEST_PASSWORD = "kb-test-no-auth"


def _no_neo4j(reason: str):
    if REQUIRE_NEO4J:
        pytest.fail(f"KB_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server():
    """A Neo4j 5 for the whole run: KB_NEO4J_URI when set (with KB_NEO4J_USER / KB_NEO4J_PASSWORD), else the
    throwaway server of kb.neo4j_server, started once (Java and Maven needed). Yields (uri, environment)."""
    uri = os.environ.get("KB_NEO4J_URI")
    if uri:
        env = {k: v for k, v in os.environ.items() if k.startswith("KB_NEO4J_") and k != "KB_NEO4J_URI"}
        env.setdefault("KB_NEO4J_PASSWORD", NEO4J_TEST_PASSWORD)
        yield uri, env
        return
    from kb import neo4j_server

    missing = neo4j_server.tools_missing()
    if missing:
        _no_neo4j(f"no Neo4j for the Neo4j tests: {missing}")
    try:
        server = neo4j_server.start()
    except neo4j_server.Neo4jServerError as exc:
        _no_neo4j(f"the throwaway Neo4j did not start: {exc}")
    yield server.bolt_uri, {"KB_NEO4J_PASSWORD": NEO4J_TEST_PASSWORD}
    server.stop()


def open_neo4j(server) -> "Store":
    """A store on the session's Neo4j (the caller closes it)."""
    from kb.stores.neo4j_store import Neo4jStore

    uri, env = server
    st = Neo4jStore(uri, env.get("KB_NEO4J_USER", "neo4j"), env["KB_NEO4J_PASSWORD"], env.get("KB_NEO4J_DATABASE"))
    st.ensure_schema()
    return st


BACKENDS = ["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=BACKENDS)
def backend(request, store_dir):
    """Each store backend, empty: the embedded FalkorDB store, and Neo4j (the session's server)."""
    if request.param == "falkordb":
        yield from cleared_store(store_dir)
        return
    yield from emptied(open_neo4j(request.getfixturevalue("neo4j_server")))


def emptied(st):
    """Fixture body: the open store `st`, emptied before and after the test, then closed."""
    st.clear()
    yield st
    st.clear()
    st.close()


@pytest.fixture
def backend_location(backend, request):
    """(store, KB_STORE value, extra environment) of `backend`: for tests that also run the `kb` command."""
    if backend.backend == "neo4j":
        uri, env = request.getfixturevalue("neo4j_server")
        return backend, uri, env
    return backend, str(backend.location), {}


def alias_bomb(indent: str) -> str:
    """A YAML "billion laughs": ten mapping lines at `indent`, nine levels of nine aliases, 9**9 strings
    had anything walked them."""
    return "".join(f"{indent}l{n}: &l{n} [{', '.join([f'*l{n - 1}' if n else 'lol'] * 9)}]\n" for n in range(10))


# The installed console script, as a user runs it. (`python -m kb` from the checkout would import the
# source tree instead of the installed package.)
KB = str(Path(sys.executable).with_name("kb"))


def run_kb(*args: str, store: Path | str | None = None, env: dict | None = None,
           cwd: Path | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed `kb` command as a user would (a fresh process)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    if store is not None:
        full_env["KB_STORE"] = str(store)
    full_env.update(env or {})
    return subprocess.run([KB, *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, input=input, timeout=300)


HOLDER = """
import sys
from pathlib import Path
from kb.loading import load_paths
from kb.stores.falkordb_store import FalkorDBStore
st = FalkorDBStore(sys.argv[1])
st.ensure_schema()
if sys.argv[2:]:
    load_paths(st, [Path(p) for p in sys.argv[2:]])
print("ready", flush=True)
sys.stdin.readline()
st.close()
"""


def start_holder(store: Path, *load: Path) -> subprocess.Popen:
    """A process that keeps the store open (after loading `load` into it) until told to stop: a long-running
    user. kb counts users by process, so this one's commands come and go without stopping the server."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(store), *map(str, load)], stdin=subprocess.PIPE,
                            cwd=store.parent, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def stop_holder(proc: subprocess.Popen) -> None:
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.wait(timeout=30) == 0
