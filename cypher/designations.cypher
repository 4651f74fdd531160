// name: designations
// title: Who put whom on or off which list?
// description: DESIGNATED and DELISTED facts as a timeline (oldest first, undated last), optionally only those
// description: of one actor and/or about one target (each a key or any name, case-insensitive), with the quote
// description: and source of the earliest report behind each.
// description: Organs roll up: actor is the state or organization at the top of the acting organ's PART_OF chain,
// description: organ the organ that acted (null when the actor itself did); an actor parameter matches either.
// param: actor string optional entity example=Russia | the listing actor: a key or any of its names
// param: target string optional entity example=Taliban | the listed actor: a key or any of its names
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(named:Entity)
// The keys of the entities each parameter names, from the index on Name.key (none when it is null).
WITH collect(named.key) AS actors
OPTIONAL MATCH (:Name {key: toLower($target)})-[:NAMES]->(named:Entity)
WITH actors, collect(named.key) AS targets
MATCH (x:Entity)-[f:DESIGNATED|DELISTED]->(o:Entity)
WHERE $target IS NULL OR o.key IN targets
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(top:Entity)
WHERE NOT (top)-[:PART_OF]->(:Entity)
WITH x, f, o, coalesce(top, x) AS a, actors
WHERE $actor IS NULL OR a.key IN actors OR x.key IN actors
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, f, o, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, f, o, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN f.date AS date, a.name AS actor, type(f) AS action, o.name AS target, f.list AS list,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = a THEN null ELSE x.name END AS organ
ORDER BY coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), actor, target, action, coalesce(list, '')
