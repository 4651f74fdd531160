// name: sanctions-on
// title: Who sanctioned Y, or lifted sanctions on it?
// description: SANCTIONED and LIFTED_SANCTIONS facts whose object is the target (a key or any name,
// description: case-insensitive), oldest first (undated last), with the measure and the quote and source of
// description: the earliest report behind each.
// description: Organs roll up: actor is the state or organization at the top of the acting organ's PART_OF chain,
// description: organ the organ that acted (null when the actor itself did).
// description: Paged (100 rows a page), in an order that ends on the fact's key, so pages never overlap.
// page: 100
// param: target string required entity example=Taliban | the sanctioned actor: a key or any of its names
MATCH (:Name {key: toLower($target)})-[:NAMES]->(o:Entity)
MATCH (x:Entity)-[f:SANCTIONED|LIFTED_SANCTIONS]->(o)
// The actor is the top of the acting organ's PART_OF chain, looked up once per acting entity.
WITH o, x, collect(f) AS facts
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(top:Entity)
WHERE NOT (top)-[:PART_OF]->(:Entity)
WITH o, x, coalesce(top, x) AS a, facts
UNWIND facts AS f
WITH a, x, f, o
ORDER BY coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), a.name, type(f), coalesce(f.measure, ''), f.key
// One page of the ordered facts; only its rows look up their earliest report.
WITH collect([a, x, f, o]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS a, r[1] AS x, r[2] AS f, r[3] AS o, size(rows) AS total
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, f, o, total, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, f, o, total, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN f.date AS date, a.name AS actor, type(f) AS action, o.name AS target, f.measure AS measure,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = a THEN null ELSE x.name END AS organ, total
ORDER BY coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), actor, action, coalesce(measure, ''), f.key
