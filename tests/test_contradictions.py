"""`contradictions` reports only claims that cannot both be true (cypher/contradictions.cypher), on both stores.

Rules, by the `kind` column:
- negated: an asserted and a negated claim about the same thing (same identity) whose dates overlap; an undated
  claim overlaps any date, except for a recurring predicate, where it meets only undated claims
- exclusive: a state and the claim that ends it (DESIGNATED / DELISTED on one list, SANCTIONED / LIFTED_SANCTIONS
  of one measure) by the same subject on the same object, dated so that they overlap
- office: two people holding one single-holder office (kb/ontology: HOLDS_OFFICE role single_holder) in the same
  state or organization with overlapping dates, neither acting
- dates: two reports of a once-only event (RECOGNIZED) whose dates cannot both be true
Recurring predicates (two meetings on different days) never contradict among asserted claims; hedged claims never
count. The markers are ontology data (kb/ontology/predicates.yaml), written out in the Cypher: the last tests
here fail when the two disagree. Each case loads its own small claims file.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from kb.errors import OntologyError
from kb.loading import load_paths
from kb.ontology import build_ontology, load_ontology
from kb.queries import catalog, run_query

COLUMNS = ["kind", "subject", "predicate", "object", "qualifiers", "date", "quote", "source", "url",
           "other_subject", "other_predicate", "other_object", "other_date", "other_quote", "other_source",
           "other_url"]

RU = {"name": "Russia", "kind": "State"}
CN = {"name": "China", "kind": "State"}
KZ = {"name": "Kazakhstan", "kind": "State"}
SD = {"name": "Sudan", "kind": "State"}
US = {"name": "United States", "kind": "State"}
GVM = {"name": "Green Valley Movement", "kind": "Organization"}
AHMED = {"name": "Ahmed Bashir", "kind": "Person"}
SALIM = {"name": "Salim Tahir", "kind": "Person"}
LIST = {"list": "banned organizations"}
FREEZE = {"measure": "asset freeze"}
PRESIDENT = {"role": "president"}


def c(subject: dict, predicate: str, obj: dict, date_: str | None = None, polarity: str = "asserted",
      qualifiers: dict | None = None, source: int = 0) -> dict:
    """A claim spec; `source` numbers the article it comes from (each case has articles 0, 1, ...)."""
    return {"subject": subject, "predicate": predicate, "object": obj, "date": date_, "polarity": polarity,
            "qualifiers": qualifiers or {}, "source": source}


def write_claims(path: Path, specs: list[dict]) -> Path:
    """The claims format of kb (README, tests/test_loading.py): every quote is a sentence of its source's text."""
    quotes = [f"Report {i}: {s['subject']['name']} {s['predicate']} {s['object']['name']} "
              f"{s['date'] or 'undated'} ({s['polarity']})." for i, s in enumerate(specs)]
    texts: dict[int, str] = {}
    for s, q in zip(specs, quotes):
        texts[s["source"]] = (texts.get(s["source"], "") + " " + q).strip()
    lines = []
    for s, q in zip(specs, quotes):
        text = texts[s["source"]]
        start = text.index(q)
        lines.append({"source": {"url": f"https://example.org/contra/{s['source']}", "title": f"article {s['source']}",
                                 "text": text, "published": "2025-01-01", "language": "en"},
                      "subject": s["subject"], "predicate": s["predicate"], "object": s["object"],
                      "qualifiers": s["qualifiers"], "date": s["date"], "polarity": s["polarity"], "quote": q,
                      "span": [start, start + len(q)]})
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def brief(rows: list[dict]) -> list[tuple]:
    """kind, both claims' ends, predicates and dates."""
    return [(r["kind"], r["subject"], r["predicate"], r["object"], r["date"], r["other_subject"],
             r["other_predicate"], r["other_object"], r["other_date"]) for r in rows]


MET = "MET_WITH"
CASES = {
    # --- negated: same identity, overlapping dates
    "negated-same-day": ([c(RU, MET, CN, "2024-05-10"), c(RU, MET, CN, "2024-05-10", "negated", source=1)],
                         [("negated", "Russia", MET, "China", "2024-05-10", "Russia", MET, "China", "2024-05-10")]),
    "negated-month-holds-the-day": ([c(RU, MET, CN, "2024-05-10"), c(CN, MET, RU, "2024-05", "negated", source=1)],
                                    [("negated", "Russia", MET, "China", "2024-05-10", "China", MET, "Russia",
                                      "2024-05")]),
    "negated-another-day": ([c(RU, MET, CN, "2024-05-10"), c(RU, MET, CN, "2024-05-11", "negated", source=1)], []),
    "negated-another-year": ([c(RU, MET, CN, "2023-12"), c(RU, MET, CN, "2024", "negated", source=1)], []),
    # a recurring predicate: an undated denial says nothing about a dated meeting; two undated claims meet
    "negated-recurring-undated-vs-dated": ([c(RU, MET, CN, "2024-05-10"), c(RU, MET, CN, None, "negated", source=1)],
                                           []),
    "negated-recurring-both-undated": ([c(RU, MET, CN), c(RU, MET, CN, None, "negated", source=1)],
                                       [("negated", "Russia", MET, "China", None, "Russia", MET, "China", None)]),
    # a state: an undated denial overlaps any date
    "negated-state-undated": ([c(KZ, "DESIGNATED", GVM, "2016", qualifiers=LIST),
                               c(KZ, "DESIGNATED", GVM, None, "negated", LIST, source=1)],
                              [("negated", "Kazakhstan", "DESIGNATED", GVM["name"], "2016", "Kazakhstan",
                                "DESIGNATED", GVM["name"], None)]),
    "negated-state-other-years": ([c(RU, "SUPPORTED", GVM, "2019", qualifiers={"issue": "talks"}),
                                   c(RU, "SUPPORTED", GVM, "2021", "negated", {"issue": "talks"}, source=1)], []),
    "negated-other-list": ([c(KZ, "DESIGNATED", GVM, "2016", qualifiers=LIST),
                            c(KZ, "DESIGNATED", GVM, "2016", "negated", {"list": "terrorist list"}, source=1)], []),
    "hedged-never-counts": ([c(RU, MET, CN, "2024-05-10", "hedged"), c(RU, MET, CN, "2024-05-10", "negated", source=1),
                             c(KZ, "DESIGNATED", GVM, "2024-05-10", "hedged", LIST),
                             c(KZ, "DELISTED", GVM, "2024-05-10", qualifiers=LIST, source=1)], []),
    "two-denials-no-assertion": ([c(RU, MET, CN, "2024-05-10", "negated"),
                                  c(RU, MET, CN, "2024-05-10", "negated", source=1)], []),
    # --- recurring: meetings on different days are separate facts
    "two-meetings-different-days": ([c(RU, MET, CN, "2024-05-10"), c(CN, MET, RU, "2024-06-02", source=1),
                                     c(RU, MET, CN, "2023", source=2)], []),
    "two-reports-of-one-meeting": ([c(RU, MET, CN, "2024-05"), c(RU, MET, CN, "2024-05-10", source=1)], []),
    # --- exclusive: on and off a list (or under and out of a sanction) as of one day
    "exclusive-same-day": ([c(KZ, "DESIGNATED", GVM, "2024-12-20", qualifiers=LIST),
                            c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST, source=1)],
                           [("exclusive", "Kazakhstan", "DESIGNATED", GVM["name"], "2024-12-20", "Kazakhstan",
                             "DELISTED", GVM["name"], "2024-12-20")]),
    "exclusive-month-holds-the-day": ([c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST),
                                       c(KZ, "DESIGNATED", GVM, "2024-12", qualifiers=LIST, source=1)],
                                      [("exclusive", "Kazakhstan", "DESIGNATED", GVM["name"], "2024-12",
                                        "Kazakhstan", "DELISTED", GVM["name"], "2024-12-20")]),
    "exclusive-sanctions": ([c(US, "SANCTIONED", GVM, "2025-01-18", qualifiers=FREEZE),
                             c(US, "LIFTED_SANCTIONS", GVM, "2025-01-18", qualifiers=FREEZE)],
                            [("exclusive", "United States", "SANCTIONED", GVM["name"], "2025-01-18", "United States",
                              "LIFTED_SANCTIONS", GVM["name"], "2025-01-18")]),
    # a claim that a denial's identity and a delisting's pair both reach counts once in each rule
    "exclusive-and-denied": ([c(KZ, "DESIGNATED", GVM, "2024-12-20", qualifiers=LIST),
                              c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST, source=1),
                              c(KZ, "DESIGNATED", GVM, None, "negated", LIST, source=2)],
                             [("exclusive", "Kazakhstan", "DESIGNATED", GVM["name"], "2024-12-20", "Kazakhstan",
                               "DELISTED", GVM["name"], "2024-12-20"),
                              ("negated", "Kazakhstan", "DESIGNATED", GVM["name"], "2024-12-20", "Kazakhstan",
                               "DESIGNATED", GVM["name"], None)]),
    "listed-then-delisted": ([c(KZ, "DESIGNATED", GVM, "2016", qualifiers=LIST),
                              c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST, source=1)], []),
    "delisted-from-another-list": ([c(KZ, "DESIGNATED", GVM, "2024-12-20", qualifiers={"list": "terrorist list"}),
                                    c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST, source=1)], []),
    "delisted-by-another-actor": ([c(RU, "DESIGNATED", GVM, "2024-12-20", qualifiers=LIST),
                                   c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST, source=1)], []),
    "lifted-another-measure": ([c(US, "SANCTIONED", GVM, "2025-01-18", qualifiers={"measure": "travel ban"}),
                                c(US, "LIFTED_SANCTIONS", GVM, "2025-01-18", qualifiers=FREEZE)], []),
    "undated-designation": ([c(KZ, "DESIGNATED", GVM, None, qualifiers=LIST),
                             c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST, source=1)], []),
    # --- office: one president at a time
    "office-two-presidents": ([c(AHMED, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers=PRESIDENT),
                               c(SALIM, "HOLDS_OFFICE", SD, "2024-03", qualifiers=PRESIDENT, source=1)],
                              [("office", "Ahmed Bashir", "HOLDS_OFFICE", "Sudan", "2024-03-11", "Salim Tahir",
                                "HOLDS_OFFICE", "Sudan", "2024-03")]),
    "office-succession": ([c(AHMED, "HOLDS_OFFICE", SD, "2019-04", qualifiers=PRESIDENT),
                           c(SALIM, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers=PRESIDENT, source=1)], []),
    "office-acting": ([c(AHMED, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers=PRESIDENT),
                       c(SALIM, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers={"role": "president", "acting": "true"},
                         source=1)], []),
    "office-many-holders": ([c(AHMED, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers={"role": "deputy prime minister"}),
                             c(SALIM, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers={"role": "deputy prime minister"},
                               source=1)], []),
    "office-other-states": ([c(AHMED, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers=PRESIDENT),
                             c(SALIM, "HOLDS_OFFICE", KZ, "2024-03-11", qualifiers=PRESIDENT, source=1)], []),
    "office-same-person-twice": ([c(AHMED, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers=PRESIDENT),
                                  c(AHMED, "HOLDS_OFFICE", SD, "2024-03", qualifiers=PRESIDENT, source=1)], []),
    "office-undated": ([c(AHMED, "HOLDS_OFFICE", SD, None, qualifiers=PRESIDENT),
                        c(SALIM, "HOLDS_OFFICE", SD, "2024-03-11", qualifiers=PRESIDENT, source=1)], []),
    # --- dates: a once-only event reported on dates that cannot both be true
    "once-two-days": ([c(RU, "RECOGNIZED", GVM, "2025-07-04"), c(RU, "RECOGNIZED", GVM, "2025-07-03", source=1)],
                      [("dates", "Russia", "RECOGNIZED", GVM["name"], "2025-07-03", "Russia", "RECOGNIZED",
                        GVM["name"], "2025-07-04")]),
    "once-year-apart": ([c(RU, "RECOGNIZED", GVM, "2024"), c(RU, "RECOGNIZED", GVM, "2025-07", source=1)],
                        [("dates", "Russia", "RECOGNIZED", GVM["name"], "2024", "Russia", "RECOGNIZED", GVM["name"],
                          "2025-07")]),
    "once-month-holds-the-day": ([c(RU, "RECOGNIZED", GVM, "2025-07"), c(RU, "RECOGNIZED", GVM, "2025-07-03", source=1),
                                  c(RU, "RECOGNIZED", GVM, "2025", source=2), c(RU, "RECOGNIZED", GVM, None, source=3)],
                                 []),
    "once-denied": ([c(RU, "RECOGNIZED", GVM, "2025-07-03"), c(RU, "RECOGNIZED", GVM, None, "negated", source=1)],
                    [("negated", "Russia", "RECOGNIZED", GVM["name"], "2025-07-03", "Russia", "RECOGNIZED",
                      GVM["name"], None)]),
    "once-by-two-actors": ([c(RU, "RECOGNIZED", GVM, "2025-07-03"), c(CN, "RECOGNIZED", GVM, "2024", source=1)], []),
}


@pytest.mark.parametrize("name", list(CASES))
def test_contradiction_rules(backend, tmp_path: Path, name: str) -> None:
    specs, expected = CASES[name]
    load_paths(backend, [write_claims(tmp_path / "claims.jsonl", specs)])
    result = run_query(backend, "contradictions", {})
    assert result.columns == COLUMNS
    assert brief(result.records()) == expected


def test_both_quotes_and_sources_come_back(backend, tmp_path: Path) -> None:
    specs = [c(KZ, "DESIGNATED", GVM, "2024-12-20", qualifiers=LIST),
             c(KZ, "DELISTED", GVM, "2024-12-20", qualifiers=LIST, source=1)]
    load_paths(backend, [write_claims(tmp_path / "claims.jsonl", specs)])
    [row] = run_query(backend, "contradictions", {}).records()
    assert row["qualifiers"] == ["list=banned organizations"]
    assert (row["quote"], row["source"], row["url"]) == (
        "Report 0: Kazakhstan DESIGNATED Green Valley Movement 2024-12-20 (asserted).", "article 0",
        "https://example.org/contra/0")
    assert (row["other_quote"], row["other_source"], row["other_url"]) == (
        "Report 1: Kazakhstan DELISTED Green Valley Movement 2024-12-20 (asserted).", "article 1",
        "https://example.org/contra/1")


def _apart(i: int, entity: dict) -> dict:
    """The entity of case i, named apart from every other case's (states become organizations: a state is
    known by its CLDR names only)."""
    return {"name": f"{entity['name']} {i}", "kind": "Organization" if entity["kind"] == "State" else entity["kind"]}


def test_every_rule_at_once_each_pair_once(backend, tmp_path: Path) -> None:
    # Every case in one store, each with entities of its own, plus three reports of one meeting and a denial
    # of it: each contradicting pair comes back once, in the query's order, and the cases leave each other alone.
    specs, expected = [], []
    for i, (specs_i, rows_i) in enumerate(CASES.values()):
        specs += [dict(s, subject=_apart(i, s["subject"]), object=_apart(i, s["object"]), source=s["source"] + 10 * i)
                  for s in specs_i]
        expected += [(r[0], f"{r[1]} {i}", r[2], f"{r[3]} {i}", r[4], f"{r[5]} {i}", r[6], f"{r[7]} {i}", r[8])
                     for r in rows_i]
    specs += [c(RU, MET, CN, "2022-02-02", source=900), c(CN, MET, RU, "2022-02-02", source=901),
              c(RU, MET, CN, "2022-02", source=902), c(RU, MET, CN, "2022-02-02", "negated", source=903)]
    expected += [("negated", "China", MET, "Russia", "2022-02-02", "Russia", MET, "China", "2022-02-02"),
                 ("negated", "Russia", MET, "China", "2022-02", "Russia", MET, "China", "2022-02-02"),
                 ("negated", "Russia", MET, "China", "2022-02-02", "Russia", MET, "China", "2022-02-02")]
    load_paths(backend, [write_claims(tmp_path / "claims.jsonl", specs)])
    rows = brief(run_query(backend, "contradictions", {}).records())
    assert len(rows) == len(set(rows)) == len(expected)
    assert set(rows) == set(expected)
    kinds = [r[0] for r in rows]
    assert kinds == sorted(kinds) and set(kinds) == {"dates", "exclusive", "negated", "office"}


# --- linear in the number of claims -----------------------------------------------------------------------

def _busy_actor(n: int, denied: bool) -> list[dict]:
    """Russia meets China on n different days (from 2015 on), optionally with a denial of one of them."""
    start = date(2015, 1, 1)
    specs = [c(RU, MET, CN, (start + timedelta(days=i)).isoformat(), source=i // 250) for i in range(n)]
    if denied:
        specs.append(c(CN, MET, RU, (start + timedelta(days=n // 2)).isoformat(), "negated", source=999))
    return specs


def _max_records(store, cypher: str) -> int:
    """The most rows any operator of the query's plan produced (FalkorDB GRAPH.PROFILE, Neo4j PROFILE), for its
    first page (the query is paged)."""
    if store.backend == "neo4j":
        with store._driver.session(database=store._database) as session:
            profile = session.run("PROFILE " + cypher, {"offset": 0, "page_size": 100}).consume().profile

        def walk(op: dict) -> int:
            return max([int(op.get("rows", 0))] + [walk(ch) for ch in op.get("children") or []])

        return walk(profile)
    raw = store._require().execute_command("GRAPH.PROFILE", store.graph_name, "CYPHER offset=0 page_size=100 " + cypher)
    lines = [x.decode() if isinstance(x, bytes) else str(x) for x in raw]
    counts = [int(m.group(1)) for line in lines for m in [re.search(r"Records produced: (\d+)", line)] if m]
    assert counts, lines
    return max(counts)


@pytest.mark.parametrize("denied", [False, True], ids=["meetings-only", "with-a-denial"])
def test_a_busy_actor_costs_linear_work(backend, tmp_path: Path, denied: bool) -> None:
    cypher = catalog()["contradictions"].cypher
    work = {}
    for n in (1000, 2000):
        backend.clear()
        load_paths(backend, [write_claims(tmp_path / f"busy-{n}.jsonl", _busy_actor(n, denied))])
        rows = brief(run_query(backend, "contradictions", {}).records())
        day = (date(2015, 1, 1) + timedelta(days=n // 2)).isoformat()
        assert rows == ([("negated", "Russia", MET, "China", day, "China", MET, "Russia", day)] if denied else [])
        work[n] = _max_records(backend, cypher)
    # No operator handles more rows than a few per claim, and doubling the claims at most doubles that: a
    # pairwise comparison of the busy pair's claims would produce millions.
    assert 2000 <= work[2000] <= 3 * 2000 + 50, work  # at least the scan of every claim: the profile was read
    assert work[2000] <= 2 * work[1000] + 50, work


def _denied_meetings(n: int) -> list[dict]:
    """Russia met China on n days, and China denied each meeting: n 'negated' pairs."""
    start = date(2015, 1, 1)
    days = [(start + timedelta(days=i)).isoformat() for i in range(n)]
    return ([c(RU, MET, CN, d, source=i // 250) for i, d in enumerate(days)]
            + [c(CN, MET, RU, d, "negated", source=100 + i // 250) for i, d in enumerate(days)])


@pytest.mark.parametrize("backend", [pytest.param("neo4j", marks=pytest.mark.neo4j)], indirect=True)
def test_a_late_page_needs_memory_in_step_with_the_pairs_on_neo4j(backend, tmp_path: Path) -> None:
    # Neo4j counts a query's memory against its transaction limit: the last page must not hold the list of all
    # pairs once a row (that grew with the square of the pairs, and refused a page of 27,000 at 2.8 GiB).
    cypher = catalog()["contradictions"].cypher
    memory = {}
    for n in (300, 600):
        backend.clear()
        load_paths(backend, [write_claims(tmp_path / f"denied-{n}.jsonl", _denied_meetings(n))])
        last = run_query(backend, "contradictions", {}, page=n // 100)
        assert (last.total, len(last.rows)) == (n, 100)
        with backend._driver.session(database=backend._database) as session:
            result = session.run("PROFILE " + cypher, {"offset": n - 100, "page_size": 100})
            assert len(list(result)) == 100
            memory[n] = result.consume().profile["args"]["GlobalMemory"]
    assert memory[600] <= 2.5 * memory[300], memory


# --- the ontology markers, and the Cypher that writes them out ---------------------------------------------

def _cypher_list(name: str) -> list:
    """The literal `[...] AS name` of cypher/contradictions.cypher (brackets matched from its end)."""
    text = catalog()["contradictions"].cypher
    found = [m.start() for m in re.finditer(r"\] AS " + name + r"\b", text)]
    assert len(found) == 1, f"want one `[...] AS {name}` list in cypher/contradictions.cypher"
    end = found[0] + 1
    depth, i = 0, end
    while True:
        i -= 1
        depth += {"]": 1, "[": -1}.get(text[i], 0)
        if depth == 0:
            break
    return json.loads(text[i:end].replace("'", '"'))


def test_the_cypher_lists_follow_the_ontology() -> None:
    onto = load_ontology().predicates.values()
    assert _cypher_list("recurring") == sorted(p.name for p in onto if p.recurring)
    assert _cypher_list("once") == sorted(p.name for p in onto if p.once)
    assert _cypher_list("ends") == sorted([p.name, p.ends] for p in onto if p.ends)
    singles = [(p.name, q.name, sorted(q.single_holder)) for p in onto for q in p.qualifiers.values()
               if q.single_holder]
    # The Cypher reads the single-holder office from HOLDS_OFFICE's role (and leaves out acting holders).
    assert [(p, q) for p, q, _ in singles] == [("HOLDS_OFFICE", "role")]
    assert "acting" in load_ontology().predicates["HOLDS_OFFICE"].qualifiers
    assert _cypher_list("single_roles") == singles[0][2]
    # A state and its ender meet on their identifying qualifiers, which the Cypher names.
    text = catalog()["contradictions"].cypher
    keyed = re.findall(r"coalesce\(m\.(\w+), ''\)", text)
    assert sorted(keyed) == sorted({q for p in onto if p.ends for q in p.identifying})


def test_every_predicate_has_a_decided_marker() -> None:
    # A new predicate needs a decision here: recurring, once, or a state (neither), and what it ends.
    marks = {p.name: ("recurring" if p.recurring else "once" if p.once else "state") + (f" ends {p.ends}" if p.ends
                                                                                         else "")
             for p in load_ontology().predicates.values()}
    assert marks == {
        "DESIGNATED": "state", "DELISTED": "state ends DESIGNATED", "SANCTIONED": "state",
        "LIFTED_SANCTIONS": "state ends SANCTIONED", "CALLED_FOR": "recurring", "OPPOSED": "state",
        "SUPPORTED": "state", "WARNED": "recurring", "ACCUSED": "recurring", "WELCOMED": "recurring",
        "MET_WITH": "recurring", "VISITED": "recurring", "HOSTED": "recurring", "PARTICIPATED_IN": "recurring",
        "RECOGNIZED": "once", "SIGNED_AGREEMENT": "recurring", "COOPERATES_WITH": "state",
        "OFFERED_SUPPORT": "recurring", "HOLDS_OFFICE": "state", "MEMBER_OF": "state",
        "TOOK_CONTROL_OF": "recurring", "WITHDREW_FROM": "recurring", "ATTACKED": "recurring",
        "HAS_RESOURCE": "state", "INTERESTED_IN": "state", "SEEKS": "state", "TRADES_WITH": "state",
    }
    role = load_ontology().predicates["HOLDS_OFFICE"].qualifiers["role"]
    assert {"president", "prime minister", "foreign minister"} <= set(role.single_holder)
    assert not {"vice president", "deputy prime minister", "ambassador", "spokesperson"} & set(role.single_holder)


KINDS = yaml.safe_load((files("kb.ontology") / "kinds.yaml").read_text(encoding="utf-8"))
PREDICATES = yaml.safe_load((files("kb.ontology") / "predicates.yaml").read_text(encoding="utf-8"))


def _edit(change) -> dict:
    p = copy.deepcopy(PREDICATES)
    change(p["predicates"])
    return p


@pytest.mark.parametrize("change, message", [
    (lambda p: p["MET_WITH"].update(once=True), "both recurring and once"),
    (lambda p: p["DELISTED"].update(ends="UNLISTED"), "no other predicate"),
    (lambda p: p["DELISTED"].update(ends="DELISTED"), "no other predicate"),
    (lambda p: p["DESIGNATED"].update(ends="DELISTED"), "itself ends"),
    (lambda p: p["MET_WITH"].update(ends="SIGNED_AGREEMENT"), "neither may be symmetric"),
    (lambda p: p["DESIGNATED"].update(recurring=True), "both must be states"),
    (lambda p: p["DELISTED"].update(ends="SANCTIONED"), "identifying qualifiers differ"),
    (lambda p: p["HOLDS_OFFICE"]["qualifiers"]["role"].update(identifying=False), "needs an identifying"),
    (lambda p: p["CALLED_FOR"]["qualifiers"]["demand"].update(single_holder=["truce"]), "among its values"),
    (lambda p: p["HOLDS_OFFICE"]["qualifiers"]["role"].update(single_holder=["king", "king"]), "distinct"),
    (lambda p: p["HOLDS_OFFICE"].update(recurring=True), "single_holder is for states"),
    (lambda p: p["MET_WITH"].update(recurring="often"), "valid boolean"),
    (lambda p: p["MET_WITH"].update(rare=True), "Extra inputs"),
])
def test_invalid_markers_are_rejected(change, message: str) -> None:
    with pytest.raises(OntologyError, match=message):
        build_ontology(KINDS, _edit(change))
