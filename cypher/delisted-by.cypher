// name: delisted-by
// title: Which actors did X delist?
// description: Every DELISTED fact whose subject is the actor (matched by key or by any of its names, any
// description: language, case-insensitive), with the list, the date and the quote and source of the earliest
// description: report behind it, newest first.
// description: Organs roll up: what the actor's ministries, courts and other organs did (PART_OF, up to three
// description: levels) is the actor's too, with organ naming the organ that acted (null when the actor itself did).
// description: Paged (100 rows a page), in an order that ends on the fact's key, so pages never overlap.
// page: 100
// param: actor string required entity example=Russia | the delisting actor: a key or any of its names
MATCH (:Name {key: toLower($actor)})-[:NAMES]->(a:Entity)
MATCH (x:Entity)-[:PART_OF*0..3]->(a)
MATCH (x)-[f:DELISTED]->(o:Entity)
WITH a, x, f, o
ORDER BY coalesce(f.date_from, '') DESC, o.name, coalesce(f.list, ''), f.key
// One page of the ordered facts; only its rows look up their earliest report.
WITH collect([a, x, f, o]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS a, r[1] AS x, r[2] AS f, r[3] AS o, size(rows) AS total
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, f, o, total, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, f, o, total, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN a.name AS actor, o.name AS delisted, [l IN labels(o) WHERE l <> 'Entity'][0] AS kind, f.list AS list,
       f.date AS date, f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = a THEN null ELSE x.name END AS organ, total
ORDER BY coalesce(f.date_from, '') DESC, delisted, coalesce(list, ''), f.key
