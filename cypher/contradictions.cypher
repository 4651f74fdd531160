// name: contradictions
// title: Which claims contradict each other?
// description: Pairs of claims with the same subject, predicate, object and identifying qualifiers (list,
// description: measure, role...) where conflict is 'negated': an asserted claim and a negated one whose dates
// description: overlap or are missing; or 'dates': two asserted claims from different sources whose dates do not
// description: overlap (the earlier one first). Each pair once, with both quotes and sources.
MATCH (p:Claim)-[:SUBJECT]->(x:Entity)<-[:SUBJECT]-(q:Claim)
WHERE p.polarity = 'asserted' AND q.polarity IN ['asserted', 'negated'] AND p.predicate = q.predicate
  AND p.key <> q.key
MATCH (p)-[:OBJECT]->(y:Entity)<-[:OBJECT]-(q)
MATCH (p)-[:IN_SOURCE]->(s:Source)
MATCH (q)-[:IN_SOURCE]->(t:Source)
// The identifying qualifiers of kb/ontology/predicates.yaml; a test keeps this list in step.
WITH p, q, x, y, s, t,
     [coalesce(p.acting, ''), coalesce(p.commodity, ''), coalesce(p.demand, ''), coalesce(p.direction, ''),
        coalesce(p.domain, ''), coalesce(p.goal, ''), coalesce(p.issue, ''), coalesce(p.list, ''),
        coalesce(p.location, ''), coalesce(p.means, ''), coalesce(p.measure, ''), coalesce(p.role, ''),
        coalesce(p.topic, '')] AS p_identity,
     [coalesce(q.acting, ''), coalesce(q.commodity, ''), coalesce(q.demand, ''), coalesce(q.direction, ''),
        coalesce(q.domain, ''), coalesce(q.goal, ''), coalesce(q.issue, ''), coalesce(q.list, ''),
        coalesce(q.location, ''), coalesce(q.means, ''), coalesce(q.measure, ''), coalesce(q.role, ''),
        coalesce(q.topic, '')] AS q_identity
WITH p, q, x, y, s, t, p_identity = q_identity AS same_identity,
     p.date_from IS NULL OR q.date_from IS NULL OR (p.date_from <= q.date_to AND q.date_from <= p.date_to) AS overlap
WITH p, q, x, y, s, t,
     CASE WHEN NOT same_identity THEN null
          WHEN q.polarity = 'negated' AND overlap THEN 'negated'
          WHEN q.polarity = 'asserted' AND s.key <> t.key AND p.date_to < q.date_from THEN 'dates'
          ELSE null END AS conflict
WHERE conflict IS NOT NULL
RETURN conflict, x.name AS subject, p.predicate AS predicate, y.name AS object,
       [kv IN ['acting=' + p.acting, 'addressee=' + p.addressee, 'commodity=' + p.commodity, 'demand=' + p.demand,
             'direction=' + p.direction, 'domain=' + p.domain, 'goal=' + p.goal, 'issue=' + p.issue, 'list=' + p.list,
             'location=' + p.location, 'means=' + p.means, 'measure=' + p.measure, 'place=' + p.place, 'role=' + p.role,
             'topic=' + p.topic] WHERE kv IS NOT NULL] AS qualifiers,
       p.date AS date, p.quote AS quote, s.title AS source, s.url AS url,
       q.date AS other_date, q.quote AS other_quote, t.title AS other_source,
       t.url AS other_url
ORDER BY conflict, subject, predicate, object, coalesce(p.date_from, ''), coalesce(q.date_from, ''), source,
         other_source, p.key, q.key
