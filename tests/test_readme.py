"""Every command in the README runs as written, and CI runs the README's test command verbatim."""

from __future__ import annotations

import json
import re
import shlex
import shutil

from conftest import REPO, run_kb

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.S)


def kb_commands(block: str) -> list[list[str]]:
    """The `kb ...` commands of a block, one per line or `&&` part, comments stripped."""
    out = []
    for line in block.splitlines():
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            if words and words[0] == "kb":
                out.append(words[1:])
    return out


def test_readme_opens_with_the_two_commands():
    first_lines = README.split("\n## ")[0]
    assert first_lines.count("```bash") == 2
    install, tests = BLOCKS[0].strip(), BLOCKS[1].strip()
    assert "pip install ." in install and "kb load" in install and "kb query delisted-by" in install
    assert "docker" not in install
    assert tests.endswith("pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert BLOCKS[1].strip() in ci.splitlines()


def test_bench_commands_are_ones_the_benchmark_takes():
    # The benchmark itself runs end to end in tests/test_bench.py (small sizes); here its README lines parse.
    from bench.__main__ import build_parser

    lines = [line.split("#")[0] for block in BLOCKS for line in block.splitlines() if "python -m bench" in line]
    assert any("--full" in line for line in lines) and any("--quick" in line for line in lines)
    for line in lines:
        rest = line.split("python -m bench", 1)[1]
        if rest.startswith(".reload_source"):  # its own benchmark, tests/test_bench_reload.py runs it
            from bench.reload_source import build_parser as reload_parser

            reload_parser().parse_args(shlex.split(rest.removeprefix(".reload_source")))
            continue
        build_parser().parse_args(shlex.split(rest))


def in_examples_copy(tmp_path):
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    return tmp_path


def test_main_job_command_runs(tmp_path):
    cwd = in_examples_copy(tmp_path)
    results = [run_kb(*args, cwd=cwd) for args in kb_commands(BLOCKS[0])]
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert "Taliban" in results[-1].stdout
    assert (cwd / "kb-data").is_dir()  # the default store: ./kb-data


def test_usage_commands_run_in_order(tmp_path):
    cwd = in_examples_copy(tmp_path)
    usage = next(b for b in BLOCKS if "kb export --format csv" in b)
    seen = []
    for args in kb_commands(usage):
        res = run_kb(*args, cwd=cwd)
        assert res.returncode == 0, (args, res.stderr)
        seen.append((args, res.stdout))
    outputs = {args[0] if args[0] != "query" else args[1]: out for args, out in seen}
    assert "Taliban" in outputs["delisted-by"]  # asked in Arabic
    assert "Sergei Lavrov" in outputs["meetings"] and "Amir Khan Muttaqi" in outputs["meetings"]  # October 2024
    assert "Afghanistan" in outputs["cypher"] and "Russia" in outputs["cypher"]
    assert (cwd / "claims.jsonl").is_file() and (cwd / "kb.graphml").is_file() and (cwd / "neo4j-import").is_dir()
    assert "DELISTED" in outputs["schema"]


def test_correcting_the_graph_commands_run_in_order(tmp_path):
    cwd = in_examples_copy(tmp_path)
    block = next(b for b in BLOCKS if "kb retract" in b)
    assert run_kb("load", "examples/example-claims.yaml", cwd=cwd).returncode == 0
    seen = []
    for args in kb_commands(block):
        res = run_kb(*args, "--format", "json", cwd=cwd) if args[0] in ("query", "entities") else run_kb(*args, cwd=cwd)
        assert res.returncode == 0, (args, res.stderr)
        seen.append((args, res.stdout))
    out = {" ".join(args[:2]): text for args, text in seen}
    keys = [row["claim"] for row in json.loads(out["query source-claims"])]
    assert any(k.startswith("claim:c9d452ef4103") for k in keys)  # the key the README retracts
    marked = json.loads(out["query provenance"])
    assert [r["retracted"] for r in marked if r["retracted"]] == ["the Arabic summary repeats the English report"]
    assert [e["key"] for e in json.loads(out["entities lavrov"])] == ["person:minister-lavrov", "person:sergei-lavrov"]
    lines = [json.loads(x) for x in (cwd / "curated.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["curation"] for r in lines if "curation" in r] == ["alias", "merge"]  # the retraction was restored
    stats = json.loads(run_kb("stats", "--format", "json", cwd=cwd).stdout)
    counts = {r["what"]: r["count"] for r in stats}
    assert counts["entities.Person"] == 2 and counts["facts.HOLDS_OFFICE"] == 2  # Lavrov's office: one fact
