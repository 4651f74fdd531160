// name: contradictions
// title: Which claims contradict each other?
// description: Pairs of claims that cannot both be true, by kind: 'negated': an asserted and a negated claim about
// description: the same thing (subject, predicate, object and identifying qualifiers such as list, measure or
// description: role; either direction for a symmetric predicate such as MET_WITH) whose dates overlap; an undated
// description: claim overlaps any date, except for a recurring predicate (MET_WITH, VISITED, ATTACKED, ...),
// description: where it meets only undated claims, since which occurrence it means is unknown. 'exclusive': a
// description: state and the claim that ends it (DESIGNATED and DELISTED on the same list, SANCTIONED and
// description: LIFTED_SANCTIONS of the same measure), same subject and object, with overlapping dates (same day,
// description: or a month or year that holds the other's day), so nobody can tell whether the object was on the
// description: list that day. 'office': two people said to hold an office only one holds at a time (a state's
// description: president, prime minister or foreign minister; not in an acting capacity) in the same state or
// description: organization with overlapping dates. 'dates': two reports of a once-only event (RECOGNIZED) whose
// description: dates do not overlap, the earlier first. Only asserted and negated claims count (never hedged
// description: ones); recurring predicates (meetings on different days) never give 'dates'. The markers come
// description: from kb/ontology/predicates.yaml (recurring, once, ends, single_holder). Each pair once: the
// description: asserted claim, the state or the earlier date first, with both claims' ends, dates, quotes and
// description: sources. A whole-graph analysis that reads every claim twice (once for the denials, whose
// description: identities bring their asserted claims, once for dated events, states and offices): claims meet only
// description: inside small groups (one identity; a state's subject and object, list or measure and year; an office
// description: and year), never a busy actor's claims pairwise. Retracted claims (`kb retract`) count for nothing.
// description: Paged (100 pairs a page), by kind, then the pair of actors (by key) and the first claim's day
// description: (its stored pair), predicate, both dates and both claims' keys; ends, quotes and sources are looked
// description: up for a page's pairs only.
// page: 100
WITH
// The ontology's markers, written out (tests/test_contradictions.py keeps them in step with
// kb/ontology/predicates.yaml): the recurring predicates, the once-only ones, [ender, the state it ends]
// pairs, and the HOLDS_OFFICE roles one person holds at a time.
     ['ACCUSED', 'ATTACKED', 'CALLED_FOR', 'HOSTED', 'MET_WITH', 'OFFERED_SUPPORT', 'PARTICIPATED_IN',
      'SIGNED_AGREEMENT', 'TOOK_CONTROL_OF', 'VISITED', 'WARNED', 'WELCOMED', 'WITHDREW_FROM'] AS recurring,
     ['RECOGNIZED'] AS once,
     [['DELISTED', 'DESIGNATED'], ['LIFTED_SANCTIONS', 'SANCTIONED']] AS ends,
     ['chancellor', 'crown prince', 'defence minister', 'emir', 'finance minister', 'foreign minister',
      'foreign policy chief', 'head of the sovereignty council', 'interior minister', 'king', 'president',
      'prime minister', 'secretary of defense', 'secretary of state', 'secretary-general',
      'supreme leader'] AS single_roles
// One pass over the claims keeps those that pair beyond a denial, all dated and asserted: the reports of
// once-only events, the states and their enders, and the single-holder offices (not acting), one list each.
CALL {
  WITH once, ends, single_roles
  WITH once, single_roles, once + [e IN ends | e[0]] + [e IN ends | e[1]] + ['HOLDS_OFFICE'] AS wanted
  MATCH (m:Claim)
  WHERE m.predicate IN wanted AND m.polarity = 'asserted' AND m.date_from IS NOT NULL AND m.retracted IS NULL
    AND (m.predicate <> 'HOLDS_OFFICE' OR (m.role IN single_roles AND coalesce(m.acting, 'false') <> 'true'))
  RETURN collect(CASE WHEN m.predicate IN once THEN m END) AS events,
         collect(CASE WHEN m.predicate = 'HOLDS_OFFICE' THEN m END) AS offices,
         collect(CASE WHEN m.predicate IN once OR m.predicate = 'HOLDS_OFFICE' THEN null ELSE m END) AS states
}
WITH recurring, ends, events, offices, states
// Each kind its own way (p, q: the pair in the order the answer gives it). (No comment may follow the
// closing brace of CALL directly: FalkorDB 4.16 crashes on such a query.)
CALL {
  // 'negated': the denials, from a second pass over the claims, grouped by identity (one predicate, so one
  // answer to whether it recurs); each identity brings its asserted claims through the index on
  // Claim.identity, and each of those meets that identity's denials. (Grouping by the list `recurring` as well
  // would hash it for every denial.)
  WITH recurring
  MATCH (n:Claim)
  WHERE n.polarity = 'negated' AND n.retracted IS NULL
  WITH n.identity AS identity, n.predicate IN recurring AS rec, collect(n) AS negs
  MATCH (p:Claim {identity: identity})
  WHERE p.polarity = 'asserted' AND p.retracted IS NULL
  WITH p, negs, rec, p.date_from AS df, p.date_to AS dt
  // An undated claim overlaps any date, but one of a recurring predicate meets only an undated claim. (A date
  // lies inside one calendar year: dates that overlap are in the same year.)
  UNWIND [q IN negs WHERE CASE WHEN df IS NULL OR q.date_from IS NULL
                               THEN NOT rec OR (df IS NULL AND q.date_from IS NULL)
                               ELSE df <= q.date_to AND q.date_from <= dt END] AS q
  RETURN 'negated' AS kind, p, q
  UNION ALL
  // 'dates': two reports of one once-only event (one identity) on dates apart, the earlier first.
  WITH events
  UNWIND events AS m
  WITH m.identity AS identity, collect(m) AS ms
  WHERE size(ms) > 1
  UNWIND ms AS p
  UNWIND [q IN ms WHERE p.date_to < q.date_from] AS q
  RETURN 'dates' AS kind, p, q
  UNION ALL
  // 'exclusive': a state and its ender ([ender, state] in `ends`) of one subject|object pair, list, measure and
  // year, whose dates overlap. (A claim's pair ends on its first day, kb.rows.stored_pair: the pair of actors is
  // what comes before it.)
  WITH ends, states
  UNWIND states AS m
  WITH ends, left(m.pair, size(m.pair) - size(m.date_from) - 1) AS pair, coalesce(m.list, '') AS list,
       coalesce(m.measure, '') AS measure, substring(m.date_from, 0, 4) AS year, collect(m) AS ms
  WHERE size(ms) > 1
  UNWIND ms AS p
  UNWIND [q IN ms WHERE p.date_from <= q.date_to AND q.date_from <= p.date_to
                        AND [q.predicate, p.predicate] IN ends] AS q
  RETURN 'exclusive' AS kind, p, q
  UNION ALL
  // 'office': two holders (two subject|object pairs, the smaller first) of one role in one state or
  // organization and year, whose dates overlap.
  WITH offices
  UNWIND offices AS m
  MATCH (m)-[:OBJECT]->(o:Entity)
  WITH o, m.role AS role, substring(m.date_from, 0, 4) AS year,
       collect([left(m.pair, size(m.pair) - size(m.date_from) - 1), m]) AS ms
  WHERE size(ms) > 1
  UNWIND ms AS p
  UNWIND [q IN ms WHERE p[0] < q[0] AND p[1].date_from <= q[1].date_to AND q[1].date_from <= p[1].date_to] AS q
  RETURN 'office' AS kind, p[1] AS p, q[1] AS q
}
WITH kind, p, q
// All the pairs in order, their number, and the page of them; only the page's rows look up their ends and
// sources. The list of all pairs is made once and sliced: rows that each still held it on their way through a sort
// made Neo4j count the list once a row (its transaction memory grew with the square of the pairs, and a late page
// of 27,000 pairs was refused at 2.8 GiB).
ORDER BY kind, p.pair, p.predicate, coalesce(p.date_from, ''), coalesce(q.date_from, ''), p.key, q.key
WITH collect([kind, p, q]) AS rows
WITH size(rows) AS total, rows[$offset..$offset + $page_size] AS page
UNWIND page AS r
WITH total, r[0] AS kind, r[1] AS p, r[2] AS q
MATCH (p)-[:SUBJECT]->(x1:Entity)
MATCH (p)-[:OBJECT]->(y1:Entity)
MATCH (q)-[:SUBJECT]->(x2:Entity)
MATCH (q)-[:OBJECT]->(y2:Entity)
MATCH (p)-[:IN_SOURCE]->(s:Source)
MATCH (q)-[:IN_SOURCE]->(t:Source)
RETURN kind, x1.name AS subject, p.predicate AS predicate, y1.name AS object,
       [kv IN ['acting=' + p.acting, 'addressee=' + p.addressee, 'commodity=' + p.commodity, 'demand=' + p.demand,
             'direction=' + p.direction, 'domain=' + p.domain, 'goal=' + p.goal, 'issue=' + p.issue, 'list=' + p.list,
             'location=' + p.location, 'means=' + p.means, 'measure=' + p.measure,
             'place=' + p.place, 'planned=' + p.planned, 'role=' + p.role,
             'topic=' + p.topic] WHERE kv IS NOT NULL] AS qualifiers,
       p.date AS date, p.quote AS quote, s.title AS source, s.url AS url,
       x2.name AS other_subject, q.predicate AS other_predicate, y2.name AS other_object,
       q.date AS other_date, q.quote AS other_quote, t.title AS other_source, t.url AS other_url, total
ORDER BY kind, p.pair, predicate, coalesce(p.date_from, ''), coalesce(q.date_from, ''), p.key, q.key
