"""Every canned query in cypher/ run on the fixture corpus in tests/data/queries, rows asserted exactly.

The corpus is three sources written for these tests: an English wire (A), an Arabic report (B) and an
English year review (C). What it holds, so the expected rows below can be checked by reading:
- one MET_WITH fact (Lena Petrova, Omar Haddad, 2024-03-11) reported by A and B (B names them the other way
  round): one fact, two claims, sources=2; and a month-precision meeting (Kazakhstan, the movement, 2024-02)
- Kazakhstan DESIGNATED the movement in 2016 and DELISTED it on 2024-12-20; Russia DESIGNATED it in 2019-05
- sanctions by the United States (2022-03-01) and the EU (2022), lifted by the United States on 2025-01-18
- calls to lift sanctions (Russia) and to unfreeze assets (Qatar), and a call for negotiations that is not one
- offices without a date (Petrova) and with a year and a month (Haddad)
- resource interests with a location (Russia: lithium, Qatar: wheat) and a SEEKS with a goal (United States)
- Qatar's economic support asserted by B and denied by C (the one contradiction); the fall of Herat dated 2021-08
  (A), 2021 (B) and 2021-09-02 (C): no contradiction, since TOOK_CONTROL_OF is recurring (tests/test_contradictions.py
  has the contradiction rules, each on claims of its own)
- a hedged claim about an event (Doha talks) that has no fact at all
- organs (D): Kazakhstan's Supreme Court designated the movement (2023-01-13) and OFAC, in the US Treasury,
  froze Omar Haddad's assets the same day; actor queries roll them up to Kazakhstan and the United States
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import BACKENDS, open_neo4j
from kb.errors import QueryError
from kb.loading import load_paths
from kb.ontology import load_ontology
from kb.queries import UnknownEntity, catalog, run_query
from kb.validate import identity_key, source_key

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "data" / "queries"

A = ("Envoys meet in Doha", "https://example.org/kb-tests/doha-talks")
B = ("لقاء في الدوحة", "https://example.org/kb-tests/doha-ar")
C = ("A year of reversals", "https://example.org/kb-tests/year-review")
D = ("A court and a freeze", "https://example.org/kb-tests/court")
GVM = "Green Valley Movement"

# Quotes as the sources give them.
DOHA_EN = ("Russian Foreign Minister Lena Petrova met Omar Haddad, the spokesman of the Green Valley Movement, "
           "in Doha on 11 March 2024")
DOHA_AR = ("التقى عمر حداد، المتحدث باسم حركة الوادي الأخضر منذ عام 2023، وزيرة الخارجية الروسية لينا بتروفا "
           "في الدوحة يوم 11 مارس 2024")
PETROVA_FM = "Russian Foreign Minister Lena Petrova"
RU_LIFT = "Moscow wants Western governments to lift the sanctions on the Green Valley Movement"
RU_LITHIUM = "Russia is interested in the lithium deposits of northern Kazakhstan"
KZ_MET = "Kazakhstan had already met representatives of the movement in February 2024"
US_FREEZE = "The United States froze the movement's assets on 1 March 2022"
EU_BAN = "the European Union banned travel by its leaders in 2022"
HERAT_A = "The movement seized the city of Herat in August 2021"
HADDAD_SPOKES = "عمر حداد، المتحدث باسم حركة الوادي الأخضر منذ عام 2023"
QA_UNFREEZE = "ودعت قطر في مارس 2024 إلى الإفراج عن الأصول المجمدة للحركة"
QA_WHEAT = "قطر إنها مهتمة بالقمح في أفغانستان"
QA_SUPPORT = "وعرضت قطر دعماً اقتصادياً على الحركة"
HERAT_B = "الحركة سيطرت على هرات في عام 2021"
KZ_DESIGNATE = "Kazakhstan first listed the Green Valley Movement as a banned organization in 2016"
RU_DESIGNATE = "Russia added the movement to its terrorist list in May 2019"
KZ_DELIST = "On 20 December 2024 Kazakhstan removed the movement from its list of banned organizations"
HADDAD_DEPUTY = "In December 2024 Omar Haddad became deputy leader of the movement"
US_LIFT = "The United States lifted the asset freeze on the movement on 18 January 2025"
US_DELIST = "took Omar Haddad off its sanctions list in January 2025"
QA_DENIAL = "Qatar denied that it had offered the movement any economic support"
US_LITHIUM = "Washington is seeking to buy lithium from Kazakhstan"
HERAT_C = "Historians date the fall of Herat to 2 September 2021"
RU_TALKS = "Moscow keeps calling for negotiations with the movement"
QA_HOST = "Qatar may host a further round of the Doha talks"
KZ_COURT = ("Kazakhstan's Supreme Court declared the Green Valley Movement an extremist organization on 13 January "
            "2023")
OFAC_FREEZE = "The same day OFAC froze the assets of Omar Haddad"
KZ_SC, OFAC = "Supreme Court of Kazakhstan", "Office of Foreign Assets Control"

COLUMNS = {
    "delisted-by": ["actor", "delisted", "kind", "list", "date", "sources", "quote", "source", "url", "organ"],
    "designations": ["date", "actor", "action", "target", "list", "sources", "quote", "source", "url", "organ"],
    "listing-status": ["actor", "target", "list", "status", "decided_by", "date", "sources", "quote", "source",
                       "url", "organ"],
    "sanctions-on": ["date", "actor", "action", "target", "measure", "sources", "quote", "source", "url", "organ"],
    "calls-to-lift": ["date", "actor", "demand", "target", "addressee", "sources", "quote", "source", "url", "organ"],
    "meetings": ["date", "actor", "met", "place", "sources", "quote", "source", "url", "organ"],
    "offices": ["organization", "person", "role", "acting", "date", "sources", "quote", "source", "url", "organ"],
    "relations-between": ["date", "subject", "predicate", "object", "qualifiers", "sources", "quote", "source",
                          "url"],
    "resource-interests": ["resource", "actor", "predicate", "location", "goal", "date", "sources", "quote",
                           "source", "url", "organ"],
    "actor-profile": ["key", "actor", "kind", "names", "direction", "predicate", "facts", "counterparts"],
    "provenance": ["predicate", "subject", "object", "qualifiers", "polarity", "date", "quote", "start", "end",
                   "confidence", "source", "url", "published", "retracted"],
    "contradictions": ["kind", "subject", "predicate", "object", "qualifiers", "date", "quote", "source", "url",
                       "other_subject", "other_predicate", "other_object", "other_date", "other_quote", "other_source",
                       "other_url"],
    "single-source": ["predicate", "subject", "object", "qualifiers", "date", "quote", "source", "url"],
    "source-claims": ["source", "url", "subject", "predicate", "object", "qualifiers", "polarity", "date", "quote",
                      "start", "end", "claim", "retracted"],
    "recent": ["last_reported", "date", "subject", "predicate", "object", "sources", "quote", "source", "url"],
    "sources": ["key", "url", "title", "outlet", "published", "language", "claims", "retracted"],
    "entities": ["key", "name", "kind", "names", "facts"],
}

# Rows shared by several cases.
KZ_DELISTED = ("2024-12-20", "Kazakhstan", "DELISTED", GVM, "banned organizations", 1, KZ_DELIST, *C)
KZ_DESIGNATED = ("2016", "Kazakhstan", "DESIGNATED", GVM, "banned organizations", 1, KZ_DESIGNATE, *C)
KZ_COURT_DESIGNATED = ("2023-01-13", "Kazakhstan", "DESIGNATED", GVM, "extremist organizations", 1, KZ_COURT, *D,
                       KZ_SC)
RU_DESIGNATED = ("2019-05", "Russia", "DESIGNATED", GVM, "terrorist organizations", 1, RU_DESIGNATE, *C)
US_DELISTED = ("2025-01", "United States", "DELISTED", "Omar Haddad", "sanctions list", 1, US_DELIST, *C)
KZ_ON = ("Kazakhstan", GVM, "banned organizations", "listed", "DESIGNATED", "2016", 1, KZ_DESIGNATE, *C)
KZ_OFF = ("Kazakhstan", GVM, "banned organizations", "not listed", "DELISTED", "2024-12-20", 1, KZ_DELIST, *C)
KZ_COURT_ON = ("Kazakhstan", GVM, "extremist organizations", "listed", "DESIGNATED", "2023-01-13", 1, KZ_COURT, *D,
               KZ_SC)
DOHA_MEETING = ("2024-03-11", "Lena Petrova", "Omar Haddad", "Doha", 2, DOHA_EN, *A)
KZ_MEETING = ("2024-02", GVM, "Kazakhstan", None, 1, KZ_MET, *A)
PETROVA_OFFICE = ("Russia", "Lena Petrova", "foreign minister", None, None, 1, PETROVA_FM, *A)
SPOKESMAN = (GVM, "Omar Haddad", "spokesman", None, "2023", 1, HADDAD_SPOKES, *B)
DEPUTY = (GVM, "Omar Haddad", "deputy leader", None, "2024-12", 1, HADDAD_DEPUTY, *C)
US_SANCTIONS = [
    ("2022-03-01", "United States", "SANCTIONED", GVM, ["measure=asset freeze"], 1, US_FREEZE, *A),
    ("2025-01-18", "United States", "LIFTED_SANCTIONS", GVM, ["measure=asset freeze"], 1, US_LIFT, *C),
]
DOHA_CLAIMS = [
    ("MET_WITH", "Lena Petrova", "Omar Haddad", ["place=Doha"], "asserted", "2024-03-11", DOHA_EN, 21, 144, 1.0,
     *A, "2024-03-12"),
    ("MET_WITH", "Omar Haddad", "Lena Petrova", ["place=Doha"], "asserted", "2024-03-11", DOHA_AR, 9, 132, 1.0,
     *B, "2024-03-13"),
]
GVM_PROFILE = ("organization:green-valley-movement", GVM, "Organization", [GVM, "حركة الوادي الأخضر"])
HADDAD_PROFILE = ("person:omar-haddad", "Omar Haddad", "Person", ["Omar Haddad", "عمر حداد"])
B_CLAIMS = [
    (*B, "Omar Haddad", "MET_WITH", "Lena Petrova", ["place=Doha"], "asserted", "2024-03-11", DOHA_AR, 9, 132),
    (*B, "Omar Haddad", "HOLDS_OFFICE", GVM, ["role=spokesman"], "asserted", "2023", HADDAD_SPOKES, 15, 69),
    (*B, "Qatar", "CALLED_FOR", GVM, ["demand=unfreeze_assets"], "asserted", "2024-03", QA_UNFREEZE, 135, 193),
    (*B, "Qatar", "INTERESTED_IN", "wheat", ["location=Afghanistan"], "asserted", None, QA_WHEAT, 201, 235),
    (*B, "Qatar", "OFFERED_SUPPORT", GVM, ["domain=economic"], "asserted", None, QA_SUPPORT, 237, 273),
    (*B, GVM, "TOOK_CONTROL_OF", "Herat", [], "asserted", "2021", HERAT_B, 285, 318),
]
C_RECENT = [
    ("2025-01-20", "2025-01-18", "United States", "LIFTED_SANCTIONS", GVM, 1, US_LIFT, *C),
    ("2025-01-20", "2025-01", "United States", "DELISTED", "Omar Haddad", 1, US_DELIST, *C),
    ("2025-01-20", "2024-12-20", "Kazakhstan", "DELISTED", GVM, 1, KZ_DELIST, *C),
    ("2025-01-20", "2024-12", "Omar Haddad", "HOLDS_OFFICE", GVM, 1, HADDAD_DEPUTY, *C),
    ("2025-01-20", "2021-09-02", GVM, "TOOK_CONTROL_OF", "Herat", 1, HERAT_C, *C),
    ("2025-01-20", "2019-05", "Russia", "DESIGNATED", GVM, 1, RU_DESIGNATE, *C),
    ("2025-01-20", "2016", "Kazakhstan", "DESIGNATED", GVM, 1, KZ_DESIGNATE, *C),
    ("2025-01-20", None, "Russia", "CALLED_FOR", GVM, 1, RU_TALKS, *C),
    ("2025-01-20", None, "United States", "SEEKS", "lithium", 1, US_LITHIUM, *C),
]

CASES: list[tuple[str, dict, list[tuple]]] = [
    ("delisted-by", {"actor": "Kazakhstan"}, [("Kazakhstan", GVM, "Organization", "banned organizations",
                                               "2024-12-20", 1, KZ_DELIST, *C)]),
    ("delisted-by", {"actor": "United States"}, [("United States", "Omar Haddad", "Person", "sanctions list",
                                                  "2025-01", 1, US_DELIST, *C)]),
    ("delisted-by", {"actor": "Russia"}, []),  # designated, never delisted
    ("designations", {}, [KZ_DESIGNATED, RU_DESIGNATED, KZ_COURT_DESIGNATED, KZ_DELISTED, US_DELISTED]),
    # the Supreme Court's designation is Kazakhstan's, and found by the court's own name too
    ("designations", {"actor": "Kazakhstan"}, [KZ_DESIGNATED, KZ_COURT_DESIGNATED, KZ_DELISTED]),
    ("designations", {"actor": "supreme court of kazakhstan"}, [KZ_COURT_DESIGNATED]),
    ("designations", {"target": "Omar Haddad"}, [US_DELISTED]),
    ("designations", {"actor": "Russia", "target": "حركة الوادي الأخضر"}, [RU_DESIGNATED]),
    # A year-precision designation counts from its first day; a delisting decides from its own day on. Before
    # anything is known, and where nothing ever was, the status is unknown: only a delisting says "not listed".
    ("listing-status", {"actor": "Kazakhstan", "target": GVM, "date": "2015-12-31"},
     [("Kazakhstan", GVM, None, "unknown", None, None, None, None, None, None, None)]),
    ("listing-status", {"actor": "Russia", "target": "Omar Haddad", "date": "2025-06-01"},
     [("Russia", "Omar Haddad", None, "unknown", None, None, None, None, None, None, None)]),
    ("listing-status", {"actor": "Kazakhstan", "target": GVM, "date": "2016-01-01"}, [KZ_ON]),
    ("listing-status", {"actor": "Kazakhstan", "target": GVM, "date": "2024-12-19"}, [KZ_ON, KZ_COURT_ON]),
    ("listing-status", {"actor": "Kazakhstan", "target": GVM, "date": "2024-12-20"}, [KZ_OFF, KZ_COURT_ON]),
    ("listing-status", {"actor": "Kazakhstan", "target": GVM, "date": "2025-06-01"}, [KZ_OFF, KZ_COURT_ON]),
    ("listing-status", {"actor": KZ_SC, "target": GVM, "date": "2025-06-01"},
     [(KZ_SC, *KZ_COURT_ON[1:-1], None)]),
    ("listing-status", {"actor": "Russia", "target": GVM, "date": "2025-06-01"},
     [("Russia", GVM, "terrorist organizations", "listed", "DESIGNATED", "2019-05", 1, RU_DESIGNATE, *C)]),
    ("sanctions-on", {"target": GVM}, [
        ("2022", "European Union", "SANCTIONED", GVM, "travel ban", 1, EU_BAN, *A),
        ("2022-03-01", "United States", "SANCTIONED", GVM, "asset freeze", 1, US_FREEZE, *A),
        ("2025-01-18", "United States", "LIFTED_SANCTIONS", GVM, "asset freeze", 1, US_LIFT, *C),
    ]),
    # OFAC's freeze is the United States' (OFAC is in the Treasury, the Treasury in the United States)
    ("sanctions-on", {"target": "Omar Haddad"},
     [("2023-01-13", "United States", "SANCTIONED", "Omar Haddad", "asset freeze", 1, OFAC_FREEZE, *D, OFAC)]),
    ("delisted-by", {"actor": "United States Department of the Treasury"}, []),
    ("relations-between", {"a": "Kazakhstan", "b": GVM}, [
        ("2016", "Kazakhstan", "DESIGNATED", GVM, ["list=banned organizations"], 1, KZ_DESIGNATE, *C),
        ("2023-01-13", KZ_SC, "DESIGNATED", GVM, ["list=extremist organizations"], 1, KZ_COURT, *D),
        ("2024-02", GVM, "MET_WITH", "Kazakhstan", [], 1, KZ_MET, *A),
        ("2024-12-20", "Kazakhstan", "DELISTED", GVM, ["list=banned organizations"], 1, KZ_DELIST, *C),
    ]),
    ("provenance", {"a": "United States", "b": "Omar Haddad"}, [
        ("SANCTIONED", OFAC, "Omar Haddad", ["measure=asset freeze"], "asserted", "2023-01-13", OFAC_FREEZE, 133,
         182, 1.0, *D, "2023-01-14"),
        ("DELISTED", "United States", "Omar Haddad", ["list=sanctions list"], "asserted", "2025-01", US_DELIST,
         441, 496, 1.0, *C, "2025-01-20"),
    ]),
    ("actor-profile", {"actor": "United States Department of the Treasury"}, [
        ("organization:united-states-department-of-the-treasury", "United States Department of the Treasury",
         "Organization", ["United States Department of the Treasury"], "out", "SANCTIONED", 1, ["Omar Haddad"]),
    ]),
    ("calls-to-lift", {"target": GVM}, [
        ("2024-03", "Qatar", "unfreeze_assets", GVM, None, 1, QA_UNFREEZE, *B),
        ("2024-03-11", "Russia", "lift_sanctions", GVM, "Western governments", 1, RU_LIFT, *A),
    ]),
    # Afghanistan is only a location in this corpus, no entity: asking about it is an error (below).
    ("calls-to-lift", {"target": "Kazakhstan"}, []),
    ("meetings", {"from": "2024-01-01", "to": "2024-12-31"}, [KZ_MEETING, DOHA_MEETING]),
    ("meetings", {"from": "2024-01-01", "to": "2024-12-31", "actor": "Kazakhstan"},
     [("2024-02", "Kazakhstan", GVM, None, 1, KZ_MET, *A)]),
    ("meetings", {"from": "2024-01-01", "to": "2024-12-31", "actor": "Omar Haddad"},
     [("2024-03-11", "Omar Haddad", "Lena Petrova", "Doha", 2, DOHA_EN, *A)]),
    ("meetings", {"from": "2024-01-01", "to": "2024-12-31", "actor": "لينا بتروفا"}, [DOHA_MEETING]),
    ("meetings", {"from": "2023-01-01", "to": "2023-12-31"}, []),
    ("offices", {}, [SPOKESMAN, DEPUTY, PETROVA_OFFICE]),
    ("offices", {"as_of": "2024-06-01"}, [SPOKESMAN, PETROVA_OFFICE]),
    ("offices", {"as_of": "2022-12-31"}, [PETROVA_OFFICE]),  # undated offices always show
    ("offices", {"actor": "حركة الوادي الأخضر"}, [SPOKESMAN, DEPUTY]),
    ("offices", {"actor": "Russia", "as_of": "2022-12-31"}, [PETROVA_OFFICE]),
    ("relations-between", {"a": "United States", "b": GVM}, US_SANCTIONS),
    ("relations-between", {"a": GVM, "b": "United States"}, US_SANCTIONS),
    ("relations-between", {"a": "Omar Haddad", "b": "Lena Petrova"},
     [("2024-03-11", "Lena Petrova", "MET_WITH", "Omar Haddad", ["place=Doha"], 2, DOHA_EN, *A)]),
    ("relations-between", {"a": "Russia", "b": GVM}, [
        ("2019-05", "Russia", "DESIGNATED", GVM, ["list=terrorist organizations"], 1, RU_DESIGNATE, *C),
        ("2024-03-11", "Russia", "CALLED_FOR", GVM, ["addressee=Western governments", "demand=lift_sanctions"], 1,
         RU_LIFT, *A),
        (None, "Russia", "CALLED_FOR", GVM, ["demand=negotiations"], 1, RU_TALKS, *C),
    ]),
    ("relations-between", {"a": "Qatar", "b": GVM}, [  # the denial makes no fact
        ("2024-03", "Qatar", "CALLED_FOR", GVM, ["demand=unfreeze_assets"], 1, QA_UNFREEZE, *B),
        (None, "Qatar", "OFFERED_SUPPORT", GVM, ["domain=economic"], 1, QA_SUPPORT, *B),
    ]),
    ("resource-interests", {}, [
        ("lithium", "Russia", "INTERESTED_IN", "northern Kazakhstan", None, "2024-03", 1, RU_LITHIUM, *A),
        ("lithium", "United States", "SEEKS", None, "purchase", None, 1, US_LITHIUM, *C),
        ("wheat", "Qatar", "INTERESTED_IN", "Afghanistan", None, None, 1, QA_WHEAT, *B),
    ]),
    ("resource-interests", {"actor": "قطر"},
     [("wheat", "Qatar", "INTERESTED_IN", "Afghanistan", None, None, 1, QA_WHEAT, *B)]),
    ("resource-interests", {"actor": "Kazakhstan"}, []),
    ("actor-profile", {"actor": GVM}, [
        (*GVM_PROFILE, "both", "MET_WITH", 1, ["Kazakhstan"]),
        (*GVM_PROFILE, "in", "CALLED_FOR", 3, ["Russia", "Qatar"]),  # Russia: two facts
        (*GVM_PROFILE, "in", "DELISTED", 1, ["Kazakhstan"]),
        (*GVM_PROFILE, "in", "DESIGNATED", 3, ["Kazakhstan", "Russia", KZ_SC]),
        (*GVM_PROFILE, "in", "HOLDS_OFFICE", 2, ["Omar Haddad"]),
        (*GVM_PROFILE, "in", "LIFTED_SANCTIONS", 1, ["United States"]),
        (*GVM_PROFILE, "in", "OFFERED_SUPPORT", 1, ["Qatar"]),
        (*GVM_PROFILE, "in", "SANCTIONED", 2, ["European Union", "United States"]),
        (*GVM_PROFILE, "out", "TOOK_CONTROL_OF", 3, ["Herat"]),
    ]),
    ("actor-profile", {"actor": "عمر حداد"}, [
        (*HADDAD_PROFILE, "both", "MET_WITH", 1, ["Lena Petrova"]),
        (*HADDAD_PROFILE, "in", "DELISTED", 1, ["United States"]),
        (*HADDAD_PROFILE, "in", "SANCTIONED", 1, [OFAC]),
        (*HADDAD_PROFILE, "out", "HOLDS_OFFICE", 2, [GVM]),
    ]),
    ("actor-profile", {"actor": "Doha talks"},
     [("event:doha-talks", "Doha talks", "Event", ["Doha talks", "محادثات الدوحة"], None, None, 0, [])]),
    ("provenance", {"a": "Omar Haddad", "b": "Lena Petrova"}, DOHA_CLAIMS),
    ("provenance", {"a": "Qatar", "b": GVM}, [
        ("CALLED_FOR", "Qatar", GVM, ["demand=unfreeze_assets"], "asserted", "2024-03", QA_UNFREEZE, 135, 193, 1.0,
         *B, "2024-03-13"),
        ("OFFERED_SUPPORT", "Qatar", GVM, ["domain=economic"], "asserted", None, QA_SUPPORT, 237, 273, 1.0, *B,
         "2024-03-13"),
        ("OFFERED_SUPPORT", "Qatar", GVM, ["domain=economic"], "negated", None, QA_DENIAL, 498, 564, 1.0, *C,
         "2025-01-20"),
    ]),
    ("provenance", {"a": "Doha talks", "b": "Qatar"},
     [("HOSTED", "Qatar", "Doha talks", [], "hedged", None, QA_HOST, 733, 781, 1.0, *C, "2025-01-20")]),
    # Herat's three dates are no contradiction (TOOK_CONTROL_OF is recurring); offering support is recurring too,
    # and an undated offer meets an undated denial.
    ("contradictions", {}, [
        ("negated", "Qatar", "OFFERED_SUPPORT", GVM, ["domain=economic"], None, QA_SUPPORT, *B, "Qatar",
         "OFFERED_SUPPORT", GVM, None, QA_DENIAL, *C),
    ]),
    ("single-source", {}, [
        ("CALLED_FOR", "Qatar", GVM, ["demand=unfreeze_assets"], "2024-03", QA_UNFREEZE, *B),
        ("CALLED_FOR", "Russia", GVM, ["addressee=Western governments", "demand=lift_sanctions"], "2024-03-11",
         RU_LIFT, *A),
        ("CALLED_FOR", "Russia", GVM, ["demand=negotiations"], None, RU_TALKS, *C),
        ("DELISTED", "Kazakhstan", GVM, ["list=banned organizations"], "2024-12-20", KZ_DELIST, *C),
        ("DELISTED", "United States", "Omar Haddad", ["list=sanctions list"], "2025-01", US_DELIST, *C),
        ("DESIGNATED", "Kazakhstan", GVM, ["list=banned organizations"], "2016", KZ_DESIGNATE, *C),
        ("DESIGNATED", "Russia", GVM, ["list=terrorist organizations"], "2019-05", RU_DESIGNATE, *C),
        ("DESIGNATED", KZ_SC, GVM, ["list=extremist organizations"], "2023-01-13", KZ_COURT, *D),
        ("HOLDS_OFFICE", "Lena Petrova", "Russia", ["role=foreign minister"], None, PETROVA_FM, *A),
        ("HOLDS_OFFICE", "Omar Haddad", GVM, ["role=spokesman"], "2023", HADDAD_SPOKES, *B),
        ("HOLDS_OFFICE", "Omar Haddad", GVM, ["role=deputy leader"], "2024-12", HADDAD_DEPUTY, *C),
        ("INTERESTED_IN", "Qatar", "wheat", ["location=Afghanistan"], None, QA_WHEAT, *B),
        ("INTERESTED_IN", "Russia", "lithium", ["location=northern Kazakhstan"], "2024-03", RU_LITHIUM, *A),
        ("LIFTED_SANCTIONS", "United States", GVM, ["measure=asset freeze"], "2025-01-18", US_LIFT, *C),
        ("MET_WITH", GVM, "Kazakhstan", [], "2024-02", KZ_MET, *A),  # the Doha meeting has two sources
        ("OFFERED_SUPPORT", "Qatar", GVM, ["domain=economic"], None, QA_SUPPORT, *B),
        ("SANCTIONED", "European Union", GVM, ["measure=travel ban"], "2022", EU_BAN, *A),
        ("SANCTIONED", OFAC, "Omar Haddad", ["measure=asset freeze"], "2023-01-13", OFAC_FREEZE, *D),
        ("SANCTIONED", "United States", GVM, ["measure=asset freeze"], "2022-03-01", US_FREEZE, *A),
        ("SEEKS", "United States", "lithium", ["goal=purchase"], None, US_LITHIUM, *C),
        ("TOOK_CONTROL_OF", GVM, "Herat", [], "2021", HERAT_B, *B),
        ("TOOK_CONTROL_OF", GVM, "Herat", [], "2021-08", HERAT_A, *A),
        ("TOOK_CONTROL_OF", GVM, "Herat", [], "2021-09-02", HERAT_C, *C),
    ]),
    ("single-source", {"predicate": "sanctioned"}, [
        ("SANCTIONED", "European Union", GVM, ["measure=travel ban"], "2022", EU_BAN, *A),
        ("SANCTIONED", OFAC, "Omar Haddad", ["measure=asset freeze"], "2023-01-13", OFAC_FREEZE, *D),
        ("SANCTIONED", "United States", GVM, ["measure=asset freeze"], "2022-03-01", US_FREEZE, *A),
    ]),
    ("single-source", {"predicate": "MET_WITH"}, [("MET_WITH", GVM, "Kazakhstan", [], "2024-02", KZ_MET, *A)]),
    ("source-claims", {"source": B[1]}, B_CLAIMS),
    ("source-claims", {"source": "Envoys meet in Doha"}, [
        # Same start: the shorter span first.
        (*A, "Lena Petrova", "HOLDS_OFFICE", "Russia", ["role=foreign minister"], "asserted", None, PETROVA_FM, 21,
         58),
        (*A, "Lena Petrova", "MET_WITH", "Omar Haddad", ["place=Doha"], "asserted", "2024-03-11", DOHA_EN, 21, 144),
        (*A, "Russia", "CALLED_FOR", GVM, ["addressee=Western governments", "demand=lift_sanctions"], "asserted",
         "2024-03-11", RU_LIFT, 182, 265),
        (*A, "Russia", "INTERESTED_IN", "lithium", ["location=northern Kazakhstan"], "asserted", "2024-03",
         RU_LITHIUM, 292, 359),
        (*A, "Kazakhstan", "MET_WITH", GVM, [], "asserted", "2024-02", KZ_MET, 439, 514),
        (*A, "United States", "SANCTIONED", GVM, ["measure=asset freeze"], "asserted", "2022-03-01", US_FREEZE,
         517, 578),
        (*A, "European Union", "SANCTIONED", GVM, ["measure=travel ban"], "asserted", "2022", EU_BAN, 584, 639),
        (*A, GVM, "TOOK_CONTROL_OF", "Herat", [], "asserted", "2021-08", HERAT_A, 641, 693),
    ]),
    ("source-claims", {"source": "https://example.org/kb-tests/nowhere"}, []),
    ("recent", {"from": "2025-01-01"}, C_RECENT),
    ("recent", {"limit": 2}, C_RECENT[:2]),
    # The Doha meeting was last reported by B: its quote is B's.
    ("recent", {"from": "2024-03-13", "limit": 11}, C_RECENT + [
        ("2024-03-13", "2024-03-11", "Lena Petrova", "MET_WITH", "Omar Haddad", 2, DOHA_AR, *B),
        ("2024-03-13", "2024-03", "Qatar", "CALLED_FOR", GVM, 1, QA_UNFREEZE, *B),
    ]),
    ("recent", {"from": "2025-01-21"}, []),
    ("sources", {}, [  # oldest first
        ("src:726a08f6b13e0003d2f128ab68f1b4c5", D[1], D[0], "Test Wire", "2023-01-14", "en", 2, 0),
        ("src:b35788205bca1d552e34da73765935fa", A[1], A[0], "Test Wire", "2024-03-12", "en", 8, 0),
        ("src:dffaa8986ac71f51133999564e491565", B[1], B[0], "نشرة الاختبار", "2024-03-13", "ar", 6, 0),
        ("src:e48a702c780c7dd697c466b610574171", C[1], C[0], "Test Review", "2025-01-20", "en", 11, 0),
    ]),
    ("entities", {"text": "HADDAD"}, [("person:omar-haddad", "Omar Haddad", "Person", ["عمر حداد"], 5)]),
    ("entities", {"text": "الوادي"},
     [("organization:green-valley-movement", GVM, "Organization", ["حركة الوادي الأخضر"], 17)]),
    ("entities", {"kind": "person"}, [
        ("person:lena-petrova", "Lena Petrova", "Person", ["لينا بتروفا"], 2),
        ("person:omar-haddad", "Omar Haddad", "Person", ["عمر حداد"], 5),
    ]),
    ("entities", {"text": "united", "kind": "Organization"}, [
        ("organization:united-states-department-of-the-treasury", "United States Department of the Treasury",
         "Organization", [], 0),
    ]),
    ("entities", {"text": "nobody we know"}, []),
]


# Rows of the roll-up queries end in `organ`: None where the actor acted itself (rows above that stop one
# column short), the organ's name where a row gives it; so do provenance's and source-claims' `retracted`
# (None: no claim here is retracted; tests/test_curation.py retracts some).
CASES = [(name, params, [row if len(row) == len(COLUMNS[name]) else (*row, None) for row in rows])
         for name, params, rows in CASES]


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request, store_dir):
    """The corpus, loaded once per backend: every query must give the same rows on each. The embedded
    store holds it in a graph of its own, which the other tests' clearing leaves alone."""
    if request.param == "falkordb":
        from kb.stores.falkordb_store import FalkorDBStore

        st = FalkorDBStore(store_dir, "kb_canned_queries")
        st.ensure_schema()
    else:
        st = open_neo4j(request.getfixturevalue("neo4j_server"))
    st.clear()
    report = load_paths(st, [FIXTURES])
    assert (report.files, report.sources, report.claims) == (4, 4, 27)
    yield st
    st.clear()
    st.close()


def _case_id(case: tuple[str, dict, list]) -> str:
    name, params, _ = case
    return name + "[" + ",".join(f"{k}={v}" for k, v in params.items()) + "]"


@pytest.mark.parametrize("name, params, expected", CASES, ids=[_case_id(c) for c in CASES])
def test_canned_query_rows(loaded, name: str, params: dict, expected: list[tuple]) -> None:
    result = run_query(loaded, name, params)
    assert result.columns == COLUMNS[name]
    assert without_claim_keys(result) == [list(row) for row in expected]


def without_claim_keys(result) -> list[list]:
    """The rows without source-claims' `claim` column (a claim's key, a hash), once it is checked to hold keys."""
    if "claim" not in result.columns:
        return result.rows
    i = result.columns.index("claim")
    assert all(r[i].startswith("claim:") for r in result.rows)
    return [r[:i] + r[i + 1:] for r in result.rows]


def test_every_query_file_parses_and_has_expected_rows() -> None:
    files = sorted(p.stem for p in (REPO / "cypher").glob("*.cypher"))
    queries = catalog()  # raises QueryError on a bad header
    assert sorted(queries) == files
    required = {"delisted-by", "designations", "listing-status", "sanctions-on", "calls-to-lift", "meetings",
                "offices", "relations-between", "resource-interests", "actor-profile", "provenance",
                "contradictions", "single-source", "source-claims", "recent"}
    assert required <= set(queries)
    with_rows = {name for name, _, rows in CASES if rows}
    missing = sorted(set(queries) - with_rows)
    assert not missing, f"canned queries without a test case that expects rows: {missing}"
    assert set(COLUMNS) == set(queries)


def test_the_same_meeting_from_two_sources_is_one_fact(loaded) -> None:
    rows = loaded.read("MATCH (:Entity)-[f:MET_WITH]-(:Entity) WHERE f.date = '2024-03-11' "
                       "RETURN DISTINCT f.sources, size(f.claims)").rows
    assert rows == [[2, 2]]


@pytest.mark.parametrize("actor", ["state:KZ", "state:kz", "Kazakhstan", "kazakhstan", "KAZAKHSTAN", "كازاخستان",
                                   "Казахстан"])
def test_actor_matches_by_key_any_name_and_case(loaded, actor: str) -> None:
    result = run_query(loaded, "delisted-by", {"actor": actor})
    assert result.rows == [["Kazakhstan", GVM, "Organization", "banned organizations", "2024-12-20", 1, KZ_DELIST,
                            *C, None]]


@pytest.mark.parametrize("actor", ["Kazakh", "state:k", "Kazakhstan ", "state:KZ "])
def test_actor_matching_is_whole_name_only(loaded, actor: str) -> None:
    # Keys and names are compared whole (case aside, through the `lookup` forms): no prefixes, no stray spaces.
    # Such a name names no entity, which run_query reports (as `kb query` does) instead of giving no rows,
    # naming the entity meant; the query itself, run on the text as given, finds nothing.
    with pytest.raises(UnknownEntity, match=re.escape(f"no actor named {actor!r}; did you mean Kazakhstan (state:KZ)")):
        run_query(loaded, "delisted-by", {"actor": actor})
    assert run_query(loaded, "delisted-by", {"actor": actor}, resolve=False).rows == []


@pytest.mark.parametrize("name, params, message", [
    ("actor-profile", {"actor": "nobody we know"}, "no actor named 'nobody we know'; `kb entities TEXT`"),
    ("calls-to-lift", {"target": "Afghanistan"}, "no actor named 'Afghanistan'"),
    ("relations-between", {"a": "Qatar", "b": "Green Valley"}, "did you mean Green Valley Movement"),
    ("delisted-by", {"actor": "Pariss"}, "no actor named 'Pariss'"),
    ("delisted-by", {"actor": "Paris"}, "no actor named 'Paris' (nor France, whose capital it is)"),
])
def test_an_entity_parameter_that_names_nothing_is_an_error(loaded, name: str, params: dict, message: str) -> None:
    with pytest.raises(UnknownEntity, match=re.escape(message)):
        run_query(loaded, name, params)


@pytest.mark.parametrize("actor", ["Moscow", "موسكو", "MOSCOW"])
def test_a_capital_stands_for_its_state(loaded, actor: str) -> None:
    # "Moscow" is a name of Russia in this corpus (A gives it with iso: RU); the others are only the
    # gazetteer's capitals of Russia, which the parameter resolves to, as extraction reads them.
    assert run_query(loaded, "designations", {"actor": actor}).rows == [list(RU_DESIGNATED) + [None]]
    assert run_query(loaded, "resource-interests", {"actor": "Washington"}).rows == [
        ["lithium", "United States", "SEEKS", None, "purchase", None, 1, US_LITHIUM, *C, None]]


@pytest.mark.parametrize("target", [GVM, "green valley movement", "حركة الوادي الأخضر",
                                    "organization:green-valley-movement"])
def test_target_matches_arabic_and_english_names(loaded, target: str) -> None:
    rows = run_query(loaded, "sanctions-on", {"target": target}).rows
    assert [r[1:3] for r in rows] == [["European Union", "SANCTIONED"], ["United States", "SANCTIONED"],
                                      ["United States", "LIFTED_SANCTIONS"]]


@pytest.mark.parametrize("window, expected", [
    (("2024-02-01", "2024-02-01"), [KZ_MEETING]),  # first day of the meeting's month
    (("2024-02-29", "2024-02-29"), [KZ_MEETING]),  # last day (2024 is a leap year)
    (("2024-01-15", "2024-02-03"), [KZ_MEETING]),  # a window reaching into the month
    (("2024-02-20", "2024-03-15"), [KZ_MEETING, DOHA_MEETING]),
    (("2024-01-01", "2024-01-31"), []),
    (("2024-03-01", "2024-03-10"), []),  # after February, before the 11th
    (("2024-03-11", "2024-03-11"), [DOHA_MEETING]),
    (("2024-03-12", "2024-03-31"), []),
], ids=lambda v: "..".join(v) if isinstance(v, tuple) else None)
def test_meetings_window_overlaps_month_precision(loaded, window: tuple[str, str], expected: list) -> None:
    rows = run_query(loaded, "meetings", {"from": window[0], "to": window[1]}).rows
    assert rows == [[*r, None] for r in expected]  # no organ met


def test_source_claims_by_key_url_and_title_agree(loaded) -> None:
    key = source_key(B[1], None, None, None, None)
    by_key = run_query(loaded, "source-claims", {"source": key}).rows
    assert by_key == run_query(loaded, "source-claims", {"source": B[0]}).rows
    assert without_claim_keys(run_query(loaded, "source-claims", {"source": key})) == [[*r, None] for r in B_CLAIMS]


def test_recent_without_parameters_lists_every_fact(loaded) -> None:
    rows = run_query(loaded, "recent", {}).rows
    assert len(rows) == 24  # 25 asserted claims, two of them one fact; structural PART_OF edges are no facts
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)


@pytest.mark.parametrize("name, params, message", [
    ("meetings", {"from": "2024-01-01"}, "missing parameter to"),
    ("meetings", {"from": "2024-01-01", "to": ""}, "missing parameter to"),
    ("meetings", {"from": "2024-01-01", "to": "2024-12-31", "who": "Russia"}, "unknown parameter 'who'"),
    ("meetings", {"from": "2024-02", "to": "2024-12-31"}, "parameter from='2024-02' is not a valid date"),
    ("delisted-by", {}, "missing parameter actor"),
    ("delisted-by", {"target": "Russia"}, "unknown parameter 'target'"),
    ("listing-status", {"actor": "Kazakhstan", "target": GVM, "date": "yesterday"}, "parameter date='yesterday'"),
    ("recent", {"limit": "ten"}, "parameter limit='ten'"),
    ("contradictions", {"actor": "Russia"}, "unknown parameter 'actor'"),
    ("no-such-query", {}, "no canned query 'no-such-query'"),
])
def test_bad_parameters_raise_query_error(name: str, params: dict, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        run_query(_UntouchedStore(), name, params)  # type: ignore[arg-type]


class _UntouchedStore:
    """Parameters are checked before anything reaches the store."""

    def read(self, cypher: str, params: dict | None = None) -> None:
        raise AssertionError("the query reached the store")


# Lists written out in the Cypher that must follow the ontology.

def _ontology_qualifiers() -> tuple[set[str], set[str]]:
    preds = load_ontology().predicates.values()
    return ({q for p in preds for q in p.qualifiers},
            {q for p in preds for q, spec in p.qualifiers.items() if spec.identifying})


@pytest.mark.parametrize("name", ["relations-between", "provenance", "single-source", "source-claims",
                                  "contradictions"])
def test_qualifier_lists_cover_the_ontology(name: str) -> None:
    text = catalog()[name].cypher
    listed = re.findall(r"'(\w+)=' \+ \w+\.(\w+)", text)
    assert listed and all(label == prop for label, prop in listed)
    assert {label for label, _ in listed} == _ontology_qualifiers()[0]


# contradictions pairs claims by their `identity` (kb.validate.identity_key): what it must and must not hold.
@pytest.mark.parametrize("a, b, same", [
    (("state:RU", "DELISTED", "organization:x", {"list": "banned"}, False),
     ("state:RU", "DELISTED", "organization:x", {"list": "banned"}, False), True),
    (("state:RU", "DELISTED", "organization:x", {"list": "banned"}, False),  # another list: another thing
     ("state:RU", "DELISTED", "organization:x", {"list": "sanctions"}, False), False),
    (("state:RU", "DELISTED", "organization:x", {}, False),
     ("organization:x", "DELISTED", "state:RU", {}, False), False),  # direction matters ...
    (("state:RU", "MET_WITH", "state:CN", {}, True),
     ("state:CN", "MET_WITH", "state:RU", {}, True), True),  # ... except for a symmetric predicate
    (("state:RU", "DESIGNATED", "organization:x", {}, False),
     ("state:RU", "DELISTED", "organization:x", {}, False), False),
])
def test_identity_key(a: tuple, b: tuple, same: bool) -> None:
    assert (identity_key(*a) == identity_key(*b)) is same


def test_contradictions_pair_a_symmetric_claim_with_its_swapped_denial(tmp_path, store) -> None:
    text = "Ankara met Baku in May 2024. Baku denied that it met Ankara in May 2024."
    claims = [{"source": {"url": "https://example.org/sym", "text": text, "published": "2024-06-01"},
               "subject": {"name": subj, "kind": "Organization"}, "predicate": "MET_WITH",
               "object": {"name": obj, "kind": "Organization"}, "date": "2024-05", "polarity": polarity,
               "quote": quote}
              for subj, obj, polarity, quote in (("Ankara", "Baku", "asserted", "Ankara met Baku in May 2024."),
                                                 ("Baku", "Ankara", "negated", "Baku denied that it met Ankara"))]
    path = tmp_path / "sym.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in claims) + "\n", encoding="utf-8")
    load_paths(store, [path])
    rows = run_query(store, "contradictions", {}).records()
    assert [(r["kind"], r["subject"], r["object"], r["other_subject"], r["other_object"], r["other_quote"])
            for r in rows] == [("negated", "Ankara", "Baku", "Baku", "Ankara", "Baku denied that it met Ankara")]


def test_actor_profile_walks_every_predicate_each_way_it_has() -> None:
    # One typed walk a predicate and direction: a symmetric predicate either way ('both'), the others out and in.
    text = catalog()["actor-profile"].cypher
    walks = re.findall(r"MATCH \(x\)(<?)-\[f:(\w+)\]-(>?)\(o:Entity\)[^']* RETURN '(\w+)' AS direction, '(\w+)' AS", text)
    got = sorted((pred, direction, named) for left, pred, right, direction, named in walks
                 if direction == {"<": "in", ">": "out"}.get(left + right, "both"))
    assert len(got) == len(walks)
    onto = load_ontology().predicates
    assert got == sorted((p, d, p) for p in onto for d in (("both",) if onto[p].symmetric else ("in", "out")))


def test_relations_between_looks_up_every_predicate() -> None:
    # The facts between two actors are looked up by their types: a predicate missing here would drop its facts.
    text = catalog()["relations-between"].cypher
    typed = re.findall(r"MATCH \(xo\)-\[f:([\w|]+)\]-\(yo\)", text)
    assert len(typed) == 1
    assert sorted(typed[0].split("|")) == sorted(load_ontology().predicates)



def test_provenance_pairs_are_exact_when_keys_hold_the_separator(tmp_path, store) -> None:
    # Claims are found by `pair` (kb.rows.stored_pair): unescaped, "a|b" + "c" and "a" + "b|c" would spell the
    # same pair, and escaped, "a|b" and "a%7Cb" the same end.
    text = "Alpha warned Gamma. Delta warned Epsilon. Zeta warned Gamma."
    claims = [{"source": {"url": "https://example.org/pipes", "text": text, "published": "2024-06-01"},
               "subject": {"name": subj, "kind": "Organization", "key": skey}, "predicate": "WARNED",
               "object": {"name": obj, "kind": "Organization", "key": okey}, "quote": quote}
              for subj, skey, obj, okey, quote in (("Alpha", "org:a|b", "Gamma", "org:c", "Alpha warned Gamma."),
                                                   ("Delta", "org:a", "Epsilon", "b|org:c", "Delta warned Epsilon."),
                                                   ("Zeta", "org:a%7Cb", "Gamma", "org:c", "Zeta warned Gamma."))]
    path = tmp_path / "pipes.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in claims) + "\n", encoding="utf-8")
    load_paths(store, [path])
    for a, b, quote in (("Alpha", "Gamma", "Alpha warned Gamma."), ("Epsilon", "Delta", "Delta warned Epsilon."),
                        ("Zeta", "Gamma", "Zeta warned Gamma.")):
        assert [r["quote"] for r in run_query(store, "provenance", {"a": a, "b": b}).records()] == [quote]
    assert run_query(store, "provenance", {"a": "Alpha", "b": "Epsilon"}).rows == []


def test_single_source_has_one_way_in_for_every_predicate() -> None:
    # One typed scan a predicate (a scan of every relationship would read every fact): the list must be whole.
    text = catalog()["single-source"].cypher
    ways = re.findall(r"WHEN p IS NULL OR p = '(\w+)' THEN \[p\] ELSE \[\] END AS way\n\s+MATCH \(x:Entity\)-\[f:(\w+)\]",
                      text)
    assert all(a == b for a, b in ways)
    assert sorted(a for a, _ in ways) == sorted(load_ontology().predicates)
