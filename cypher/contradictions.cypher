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
// description: sources. A whole-graph analysis that reads every claim once: claims meet only inside small
// description: groups (one identity, state or office and year), never a busy actor's claims pairwise. Retracted
// description: claims (`kb retract`) count for nothing. Paged (100 pairs a page), by kind, then the pair of actors
// description: (by key), predicate, both dates and both claims' keys; ends, quotes and sources are looked up for a
// description: page's pairs only.
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
// Seeds, from one pass over the claims: a negated claim or a dated report of a once-only event brings its
// identity; a dated asserted ender (a delisting, a lifting) brings its subject|object pair; a dated asserted
// single-holder office claim brings itself. Everything else (most claims) stops here.
MATCH (s:Claim)
WHERE s.retracted IS NULL AND (s.polarity = 'negated'
   OR (s.polarity = 'asserted' AND s.date_from IS NOT NULL
       AND (s.predicate IN once OR any(e IN ends WHERE e[0] = s.predicate)
            OR (s.predicate = 'HOLDS_OFFICE' AND s.role IN single_roles AND coalesce(s.acting, 'false') <> 'true'))))
WITH DISTINCT recurring, once, ends, single_roles,
     CASE WHEN s.polarity = 'negated' OR s.predicate IN once THEN 'identity'
          WHEN s.predicate = 'HOLDS_OFFICE' THEN 'office'
          ELSE 'pair' END AS via,
     CASE WHEN s.polarity = 'negated' OR s.predicate IN once THEN s.identity
          WHEN s.predicate = 'HOLDS_OFFICE' THEN s.key
          ELSE s.pair END AS seed
// Each seed brings its group through an indexed key (Claim.identity, Claim.pair, Claim.key), one way a kind of
// seed (the other ways unwind an empty list): every claim is reached at most once per kind of key. A state's
// and an ender's group key holds the subject's key (a pair string alone may split two ways when a key holds
// the separator); an office's holds the state or organization.
CALL {
  WITH via, seed
  UNWIND CASE WHEN via = 'identity' THEN [seed] ELSE [] END AS identity
  MATCH (m:Claim {identity: identity})
  RETURN m, null AS at
  UNION ALL
  WITH via, seed
  UNWIND CASE WHEN via = 'pair' THEN [seed] ELSE [] END AS pair
  MATCH (m:Claim {pair: pair})-[:SUBJECT]->(x:Entity)
  RETURN m, x.key AS at
  UNION ALL
  WITH via, seed
  UNWIND CASE WHEN via = 'office' THEN [seed] ELSE [] END AS key
  MATCH (m:Claim {key: key})-[:OBJECT]->(o:Entity)
  RETURN m, o.key AS at
}
WITH recurring, once, ends, via, m, at
WHERE m.retracted IS NULL
  AND (via <> 'pair' OR (m.polarity = 'asserted' AND m.date_from IS NOT NULL AND any(e IN ends WHERE m.predicate IN e)))
// The kinds a claim counts in: its identity's ('negated'), a once-only event's ('dates'), a state and its
// ender ('exclusive'), an office ('office').
UNWIND CASE via
         WHEN 'pair' THEN ['exclusive']
         WHEN 'office' THEN ['office']
         ELSE CASE WHEN m.polarity = 'hedged' THEN []
                   WHEN m.predicate IN once AND m.polarity = 'asserted' AND m.date_from IS NOT NULL
                   THEN ['negated', 'dates'] ELSE ['negated'] END END AS kind
WITH recurring, kind, m, at, coalesce(substring(m.date_from, 0, 4), '') AS year,
     CASE kind WHEN 'exclusive' THEN head([e IN ends WHERE m.predicate IN e]) END AS pairing
// Cells: the claims of one group that share a side and a date. A date lies inside one calendar year, so two
// dates overlap only within the same year: recurring claims, states and offices are grouped by year. Group
// keys are strings joined by U+001F (a control character no key, role or qualifier holds).
WITH kind,
     CASE kind
       WHEN 'negated' THEN m.identity + CASE WHEN m.predicate IN recurring THEN '\u001f' + year ELSE '' END
       WHEN 'dates' THEN m.identity
       WHEN 'exclusive' THEN at + '\u001f' + m.pair + '\u001f' + pairing[1] + '\u001f' + coalesce(m.list, '')
                             + '\u001f' + coalesce(m.measure, '') + '\u001f' + year
       ELSE at + '\u001f' + m.role + '\u001f' + year END AS grp,
     CASE kind WHEN 'negated' THEN m.polarity WHEN 'office' THEN m.pair ELSE '' END AS side,
     CASE kind WHEN 'negated' THEN CASE m.polarity WHEN 'asserted' THEN 'L' ELSE 'R' END
               WHEN 'exclusive' THEN CASE WHEN m.predicate = pairing[0] THEN 'R' ELSE 'L' END
               ELSE 'B' END AS lr,
     m.date_from AS df, m.date_to AS dt, m
WITH kind, grp, side, lr, df, dt, collect(m) AS ms
// Each group's cells, left (asserted, state) against right (negated, ender); 'office' and 'dates' pair the
// cells of one list among themselves: two holders, or two dates of a once-only event, the earlier first.
WITH kind, grp, collect([side, lr, df, dt, ms]) AS cells
WHERE size(cells) > 1
WITH kind, [c IN cells WHERE c[1] <> 'R'] AS lefts, [c IN cells WHERE c[1] <> 'L'] AS rights
UNWIND lefts AS x
UNWIND rights AS y
WITH kind, x, y,
     x[2] IS NULL OR y[2] IS NULL OR (x[2] <= y[3] AND y[2] <= x[3]) AS overlap
WHERE CASE kind WHEN 'dates' THEN x[3] < y[2]
                WHEN 'office' THEN x[0] < y[0] AND overlap
                ELSE overlap END
UNWIND x[4] AS p
UNWIND y[4] AS q
WITH kind, p, q
ORDER BY kind, p.pair, p.predicate, coalesce(p.date_from, ''), coalesce(q.date_from, ''), p.key, q.key
// One page of the ordered pairs; only its rows look up their ends and sources.
WITH collect([kind, p, q]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS kind, r[1] AS p, r[2] AS q, size(rows) AS total
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
