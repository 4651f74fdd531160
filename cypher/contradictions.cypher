// name: contradictions
// title: Which claims contradict each other?
// description: Pairs of claims about the same thing (subject, predicate, object and identifying qualifiers such
// description: as list, measure or role; either direction for a symmetric predicate such as MET_WITH) where
// description: conflict is 'negated': an asserted claim and a negated one whose dates overlap or are missing; or
// description: 'dates': two asserted claims from different sources whose dates do not overlap (the earlier one
// description: first). Each pair once, with both quotes and sources. A whole-graph analysis: it reads every
// description: asserted claim, and its time grows with the store.
MATCH (p:Claim)
WHERE p.polarity = 'asserted'
// Pairs meet through the claims' indexed `identity` (kb/validate.py identity_key), so the time grows with the
// number of claims, not with the square of a busy actor's claims.
MATCH (q:Claim {identity: p.identity})
WHERE q.key <> p.key AND q.polarity IN ['asserted', 'negated']
MATCH (p)-[:IN_SOURCE]->(s:Source)
MATCH (q)-[:IN_SOURCE]->(t:Source)
WITH p, q, s, t,
     p.date_from IS NULL OR q.date_from IS NULL OR (p.date_from <= q.date_to AND q.date_from <= p.date_to) AS overlap
WITH p, q, s, t,
     CASE WHEN q.polarity = 'negated' AND overlap THEN 'negated'
          WHEN q.polarity = 'asserted' AND s.key <> t.key AND p.date_to < q.date_from THEN 'dates'
          ELSE null END AS conflict
WHERE conflict IS NOT NULL
MATCH (p)-[:SUBJECT]->(x:Entity)
MATCH (p)-[:OBJECT]->(y:Entity)
RETURN conflict, x.name AS subject, p.predicate AS predicate, y.name AS object,
       [kv IN ['acting=' + p.acting, 'addressee=' + p.addressee, 'commodity=' + p.commodity, 'demand=' + p.demand,
             'direction=' + p.direction, 'domain=' + p.domain, 'goal=' + p.goal, 'issue=' + p.issue, 'list=' + p.list,
             'location=' + p.location, 'means=' + p.means, 'measure=' + p.measure,
             'place=' + p.place, 'planned=' + p.planned, 'role=' + p.role,
             'topic=' + p.topic] WHERE kv IS NOT NULL] AS qualifiers,
       p.date AS date, p.quote AS quote, s.title AS source, s.url AS url,
       q.date AS other_date, q.quote AS other_quote, t.title AS other_source,
       t.url AS other_url
ORDER BY conflict, subject, predicate, object, coalesce(p.date_from, ''), coalesce(q.date_from, ''), source,
         other_source, p.key, q.key
