// name: single-source
// title: Which facts rest on a single source?
// description: Facts that only one source reports, optionally only those of one predicate (any case), by
// description: predicate, subject, object and date (undated last), with the quote and the source.
// description: A whole-graph analysis: it reads every fact, so its time grows with the store.
// param: predicate string optional example=DELISTED | only facts of this predicate
MATCH (x:Entity)-[f]->(y:Entity)
WHERE f.sources = 1 AND ($predicate IS NULL OR type(f) = toUpper($predicate))
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH x, y, f, c, s
ORDER BY coalesce(c.start, -1), c.key
WITH x, y, f, collect(c)[0] AS c1, collect(s)[0] AS s1
// Every qualifier of the ontology (kb/ontology/predicates.yaml); a test keeps this list complete.
RETURN type(f) AS predicate, x.name AS subject, y.name AS object,
       [kv IN ['acting=' + f.acting, 'addressee=' + f.addressee, 'commodity=' + f.commodity, 'demand=' + f.demand,
             'direction=' + f.direction, 'domain=' + f.domain, 'goal=' + f.goal, 'issue=' + f.issue, 'list=' + f.list,
             'location=' + f.location, 'means=' + f.means, 'measure=' + f.measure,
             'place=' + f.place, 'planned=' + f.planned, 'role=' + f.role,
             'topic=' + f.topic] WHERE kv IS NOT NULL] AS qualifiers,
       f.date AS date, c1.quote AS quote, s1.title AS source, s1.url AS url
ORDER BY predicate, subject, object, coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), f.key
