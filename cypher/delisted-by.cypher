// name: delisted-by
// title: Which actors did X delist?
// description: Every DELISTED fact whose subject is the actor (matched by key or by any of its names, any
// description: language, case-insensitive), with the list, the date and the quote and source of the earliest
// description: report behind it, newest first.
// description: Organs roll up: what the actor's ministries, courts and other organs did (PART_OF, up to three
// description: levels) is the actor's too, with organ naming the organ that acted (null when the actor itself did).
// param: actor string required entity example=Russia | the delisting actor: a key or any of its names
MATCH (:Name {key: toLower($actor)})-[:NAMES]->(a:Entity)
MATCH (x:Entity)-[:PART_OF*0..3]->(a)
MATCH (x)-[f:DELISTED]->(o:Entity)
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, f, o, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, f, o, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN a.name AS actor, o.name AS delisted, [l IN labels(o) WHERE l <> 'Entity'][0] AS kind, f.list AS list,
       f.date AS date, f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = a THEN null ELSE x.name END AS organ
ORDER BY coalesce(f.date_from, '') DESC, delisted, coalesce(list, '')
