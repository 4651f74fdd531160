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
// description: claims (`kb retract`) count for nothing.
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
// Each seed brings its group through an indexed key (Claim.identity, Claim.pair, Claim.key): every claim is
// reached at most once per kind of key, so the work grows with the number of claims.
OPTIONAL MATCH (i:Claim {identity: seed})
WHERE via = 'identity'
OPTIONAL MATCH (p:Claim {pair: seed})
WHERE via = 'pair'
OPTIONAL MATCH (k:Claim {key: seed})
WHERE via = 'office'
WITH recurring, once, ends, single_roles, via, coalesce(i, p, k) AS m
WHERE m IS NOT NULL AND m.retracted IS NULL
WITH m, via, [e IN ends WHERE m.predicate IN e] AS pairing,
     CASE WHEN m.date_from IS NULL THEN '' ELSE substring(m.date_from, 0, 4) END AS year,
     // A date lies inside one calendar year, so two dates overlap only within the same year: recurring
     // claims, states and offices are grouped by year, and only the groups are compared.
     [t IN [
        CASE WHEN via = 'identity' AND m.polarity IN ['asserted', 'negated']
             THEN ['negated', [m.identity, CASE WHEN m.predicate IN recurring
                                              THEN coalesce(substring(m.date_from, 0, 4), '') ELSE '' END],
                   m.polarity, CASE m.polarity WHEN 'asserted' THEN 'L' ELSE 'R' END] END,
        CASE WHEN via = 'identity' AND m.predicate IN once AND m.polarity = 'asserted' AND m.date_from IS NOT NULL
             THEN ['dates', [m.identity], '', 'B'] END,
        CASE WHEN via = 'office' THEN ['office', [head([(m)-[:OBJECT]->(o:Entity) | o.key]), m.role,
                                                  substring(m.date_from, 0, 4)], m.pair, 'B'] END
      ] WHERE t IS NOT NULL] AS tags
// A state and its ender, met through their pair (a claim the identity of a denial brought too must not count
// twice): same pair, the state's name, the identifying qualifiers of either (the ontology gives both the
// same), and the year.
WITH m, tags + CASE WHEN via = 'pair' AND size(pairing) > 0 AND m.polarity = 'asserted' AND m.date_from IS NOT NULL
                    THEN [['exclusive', [m.pair, pairing[0][1], coalesce(m.list, ''), coalesce(m.measure, ''), year],
                           '', CASE WHEN m.predicate = pairing[0][0] THEN 'R' ELSE 'L' END]]
                    ELSE [] END AS tags
UNWIND tags AS t
// Cells: the claims of one group that share a side and a date; then each group's cells, left (asserted,
// state) and right (negated, ender); 'office' and 'dates' pair cells of one list among themselves.
WITH t[0] AS kind, t[1] AS grp, t[2] AS side, t[3] AS lr, m.date_from AS df, m.date_to AS dt, collect(m) AS ms
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
MATCH (p)-[:SUBJECT]->(x1:Entity)
MATCH (p)-[:OBJECT]->(y1:Entity)
MATCH (q)-[:SUBJECT]->(x2:Entity)
MATCH (q)-[:OBJECT]->(y2:Entity)
// subject|object pairs are exact only with the entities themselves (a key may hold the separator)
WHERE kind <> 'exclusive' OR (x1 = x2 AND y1 = y2)
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
       q.date AS other_date, q.quote AS other_quote, t.title AS other_source, t.url AS other_url
ORDER BY kind, subject, predicate, object, coalesce(p.date_from, ''), coalesce(q.date_from, ''), source,
         other_source, p.key, q.key
