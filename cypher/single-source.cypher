// name: single-source
// title: Which facts rest on a single source?
// description: Facts that only one source reports, optionally only those of one predicate (any case), by
// description: predicate, subject, object and date (undated last), with the quote and the source.
// description: A whole-graph analysis: it reads every fact of the predicate (of every predicate without one), so its
// description: time grows with the store. Paged (100 rows a page), in an order that ends on the fact's key.
// page: 100
// param: predicate string optional example=DELISTED | only facts of this predicate
WITH toUpper($predicate) AS p
// One way in a predicate, each a scan of that relationship type alone (a scan of every relationship and a
// test of its type reads every fact in the store); the other ways unwind an empty list. The predicates of
// kb/ontology/predicates.yaml; a test keeps this list complete.
CALL {
  WITH p UNWIND CASE WHEN p IS NULL OR p = 'ACCUSED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:ACCUSED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'ATTACKED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:ATTACKED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'CALLED_FOR' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:CALLED_FOR]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'COOPERATES_WITH' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:COOPERATES_WITH]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'DELISTED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:DELISTED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'DESIGNATED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:DESIGNATED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'HAS_RESOURCE' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:HAS_RESOURCE]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'HOLDS_OFFICE' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:HOLDS_OFFICE]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'HOSTED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:HOSTED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'INTERESTED_IN' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:INTERESTED_IN]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'LIFTED_SANCTIONS' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:LIFTED_SANCTIONS]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'MEMBER_OF' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:MEMBER_OF]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'MET_WITH' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:MET_WITH]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'OFFERED_SUPPORT' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:OFFERED_SUPPORT]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'OPPOSED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:OPPOSED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'PARTICIPATED_IN' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:PARTICIPATED_IN]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'RECOGNIZED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:RECOGNIZED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'SANCTIONED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:SANCTIONED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'SEEKS' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:SEEKS]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'SIGNED_AGREEMENT' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:SIGNED_AGREEMENT]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'SUPPORTED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:SUPPORTED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'TOOK_CONTROL_OF' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:TOOK_CONTROL_OF]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'TRADES_WITH' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:TRADES_WITH]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'VISITED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:VISITED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'WARNED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:WARNED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'WELCOMED' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:WELCOMED]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
  UNION ALL WITH p UNWIND CASE WHEN p IS NULL OR p = 'WITHDREW_FROM' THEN [p] ELSE [] END AS way
  MATCH (x:Entity)-[f:WITHDREW_FROM]->(y:Entity) WHERE f.sources = 1 RETURN x, f, y
}
WITH x, f, y
ORDER BY type(f), x.name, y.name, coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), f.key
// One page of the ordered facts; only its rows look up their first report.
WITH collect([x, f, y]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS x, r[1] AS f, r[2] AS y, size(rows) AS total
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH x, y, f, total, c, s
ORDER BY coalesce(c.start, -1), c.key
WITH x, y, f, total, collect(c)[0] AS c1, collect(s)[0] AS s1
// Every qualifier of the ontology (kb/ontology/predicates.yaml); a test keeps this list complete.
RETURN type(f) AS predicate, x.name AS subject, y.name AS object,
       [kv IN ['acting=' + f.acting, 'addressee=' + f.addressee, 'commodity=' + f.commodity, 'demand=' + f.demand,
             'direction=' + f.direction, 'domain=' + f.domain, 'goal=' + f.goal, 'issue=' + f.issue, 'list=' + f.list,
             'location=' + f.location, 'means=' + f.means, 'measure=' + f.measure,
             'place=' + f.place, 'planned=' + f.planned, 'role=' + f.role,
             'topic=' + f.topic] WHERE kv IS NOT NULL] AS qualifiers,
       f.date AS date, c1.quote AS quote, s1.title AS source, s1.url AS url, total
ORDER BY predicate, subject, object, coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), f.key
