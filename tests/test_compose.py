"""docker-compose.yml works on first try, checked without a Docker engine: the password is required (no default
anywhere) under the name kb reads, ports are local, kb's CSV export has its mount and its import command works
as a shell runs it, FalkorDB is there for platforms without the embedded store, and the README says the same."""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_kb

COMPOSE_TEXT = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("\n## Neo4j and Neo4j Browser\n", 1)[1].split("\n## ", 1)[0]
EXAMPLE = REPO / "examples" / "example-claims.yaml"


def environment(service: str) -> dict[str, str]:
    env = SERVICES[service].get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_the_neo4j_password_is_required_from_the_variable_kb_reads():
    auth = environment("neo4j")["NEO4J_AUTH"]
    match = re.fullmatch(r"neo4j/\$\{(\w+):\?([^}]+)\}", auth)
    assert match, auth
    assert match.group(1) == "KB_NEO4J_PASSWORD"
    assert "KB_NEO4J_PASSWORD" in match.group(2) and "8" in match.group(2)  # compose's error says what to set


def test_no_default_password_anywhere():
    # ${VAR:-default} / ${VAR-default} would start a server with a password everyone knows; so would a literal.
    uses = re.findall(r"\$\{(\w+)(:?[-?+])?", COMPOSE_TEXT)
    assert uses == [("KB_NEO4J_PASSWORD", ":?")]
    for service in SERVICES:
        for key, value in environment(service).items():
            if "AUTH" in key or "PASS" in key:
                assert "${" in value and ":?" in value, (service, key, value)
        assert "requirepass" not in str(SERVICES[service].get("command", "")) + environment(service).get("REDIS_ARGS", "")
    assert "NEO4J_PASSWORD" not in COMPOSE_TEXT.replace("KB_NEO4J_PASSWORD", "")  # one name, kb's


def test_the_password_rules_and_first_volume_rule_are_stated_where_it_is_set():
    lines = COMPOSE_TEXT.splitlines()
    at = next(i for i, line in enumerate(lines) if "NEO4J_AUTH:" in line)
    comment = " ".join(line.strip() for line in lines[at - 6:at] if line.strip().startswith("#"))
    assert "8 or more characters" in comment
    assert "only applies when the data volume is first created" in comment.replace("#", "").replace("  ", " ")


def test_every_port_is_bound_to_localhost():
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_neo4j_settings_use_the_docker_names_of_neo4j_5():
    env = environment("neo4j")
    assert SERVICES["neo4j"]["image"].startswith("neo4j:5")
    # server.memory.heap.max_size and server.memory.pagecache.size: `.` as `_`, `_` as `__`
    assert {"NEO4J_server_memory_heap_max__size", "NEO4J_server_memory_pagecache_size"} <= set(env)


def test_the_import_mount_is_there():
    volumes = SERVICES["neo4j"]["volumes"]
    assert "./kb-import:/import" in volumes
    assert any(str(v).endswith(":/data") for v in volumes)


def test_falkordb_is_there_for_platforms_without_the_embedded_store():
    falkordb = SERVICES["falkordb"]
    assert falkordb["image"].startswith("falkordb/falkordb")
    assert "127.0.0.1:6379:6379" in falkordb["ports"]
    assert falkordb.get("profiles") == ["falkordb"]  # a bare `docker compose up` starts Neo4j only
    assert any(str(v).endswith(":/var/lib/falkordb/data") for v in falkordb["volumes"])
    assert "--appendonly yes" in environment("falkordb")["REDIS_ARGS"]
    # the image's default module arguments (TIMEOUT 1000 RESULTSET_SIZE 10000) are replaced by unlimited ones,
    # which kb checks at connection (tests/test_external_falkordb.py starts a server with exactly these)
    assert environment("falkordb")["FALKORDB_ARGS"] == "TIMEOUT_DEFAULT 0 TIMEOUT_MAX 0 RESULTSET_SIZE -1"
    assert "export KB_STORE=falkordb://localhost:6379" in COMPOSE_TEXT
    assert set(COMPOSE["volumes"]) == {v.split(":")[0] for s in SERVICES.values() for v in s.get("volumes", [])
                                       if not v.startswith(".")}


# --- the commands in the compose file's comments and in the README -------------------------------------

def compose_commands() -> list[str]:
    """The commands of the compose file's comments ("#   command   # note")."""
    out = []
    for line in COMPOSE_TEXT.splitlines():
        if line.startswith("#   "):
            out.append(shlex.join(shlex.split(line[1:], comments=True)))
    return out


def readme_commands() -> list[str]:
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", SECTION, flags=re.S)
    return [shlex.join(shlex.split(line, comments=True)) for block in blocks for line in block.splitlines()
            if line.strip()]


def test_the_readme_gives_the_compose_files_commands():
    readme, compose = readme_commands(), compose_commands()
    docker = lambda cmds: [c for c in cmds if c.startswith("docker ")]  # noqa: E731
    assert set(docker(readme)) == set(docker(compose))
    assert [c for c in readme if "export KB_NEO4J_PASSWORD=" in c]
    assert "mkdir -p kb-import" in readme and "mkdir -p kb-import" in compose
    import_steps = [c for c in compose if "kb-import" in c and "mkdir" not in c]
    assert import_steps == [c for c in readme if "kb-import" in c and "mkdir" not in c]
    assert "export KB_STORE=falkordb://localhost:6379" in readme
    # the password comes before the first `docker compose`, in both
    for cmds in (readme, compose):
        first = next(i for i, c in enumerate(cmds) if c.startswith("docker compose"))
        assert any("KB_NEO4J_PASSWORD=" in c for c in cmds[:first])
    assert "NEO4J_PASSWORD=" not in SECTION.replace("KB_NEO4J_PASSWORD=", "")
    assert "8 or more characters" in SECTION and "first created" in SECTION
    assert "KB_FALKORDB_PASSWORD" in SECTION


def test_the_import_command_runs_neo4j_admin_with_the_exports_arguments(tmp_path):
    """The `docker compose run ... sh -c "$(grep ...)"` line, run by a shell with a stand-in neo4j-admin: it gets
    the arguments of the export's import.txt plus --overwrite-destination, in /import, where every file is."""
    store, export = tmp_path / "store", tmp_path / "kb-import"
    assert run_kb("load", str(EXAMPLE), store=store).returncode == 0
    res = run_kb("export", "--store", str(store), "--format", "csv", "-o", f"{export}/")
    assert res.returncode == 0, res.stderr
    (run_line,) = [ln[1:].strip() for ln in COMPOSE_TEXT.splitlines() if ln.startswith("#   docker compose run")]
    words = shlex.split(run_line, comments=True)
    assert words[:7] == ["docker", "compose", "run", "--rm", "-w", "/import", "neo4j"] and words[7:9] == ["sh", "-c"]
    # what the host shell hands to `sh -c` in the container: the quoted argument, with $(...) run on the host
    host_script = run_line.split(" sh -c ", 1)[1]
    argument = subprocess.run(["sh", "-c", f"printf %s {host_script}"], cwd=tmp_path, capture_output=True,
                              text=True, check=True).stdout
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "neo4j-admin"
    fake.write_text('#!/bin/sh\npwd\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    got = subprocess.run(["sh", "-c", argument], cwd=export, capture_output=True, text=True, check=True,
                         env={**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}).stdout.splitlines()
    assert got[0] == str(export)  # the -w directory: /import in the container
    args = got[1:]
    assert args[:4] == ["database", "import", "full", "neo4j"] and args[-1] == "--overwrite-destination"
    expected = shlex.split([ln for ln in (export / "import.txt").read_text().splitlines()
                            if ln.startswith("neo4j-admin")][0])[1:]
    assert args[:-1] == expected
    files = [a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships="))]
    assert files and all((export / f).is_file() for f in files)


@pytest.mark.parametrize("service", ["neo4j", "falkordb"])
def test_healthchecks_let_up_wait(service):
    assert "healthcheck" in SERVICES[service]
    assert any("up -d --wait" in c and (service == "neo4j" or service in c) for c in compose_commands())
