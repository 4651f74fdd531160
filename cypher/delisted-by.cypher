// name: delisted-by
// title: Which actors did X delist?
// description: Every DELISTED fact whose subject is the actor (matched by key or by any of its names, any
// description: language, case-insensitive), with the list, the date, one quote and source behind it, newest first.
// param: actor string required example=Russia | the delisting actor: a key or any of its names
MATCH (a:Entity)-[f:DELISTED]->(o:Entity)
WHERE a.key = $actor OR any(n IN a.names WHERE toLower(n) = toLower($actor))
MATCH (c:Claim {fact: f.key})-[:IN_SOURCE]->(s:Source)
WITH a, f, o, c, s
ORDER BY c.key
WITH a, f, o, collect(c)[0] AS c, collect(s)[0] AS s
RETURN a.name AS actor, o.name AS delisted, [l IN labels(o) WHERE l <> 'Entity'][0] AS kind, f.list AS list, f.date AS date,
       f.sources AS sources, c.quote AS quote, s.title AS source, s.url AS url
ORDER BY date DESC, delisted
