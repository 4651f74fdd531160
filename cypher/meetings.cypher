// name: meetings
// title: Who met whom?
// description: MET_WITH facts whose dates overlap the window [from, to] (a month-precision meeting counts if any
// description: day of its month is inside), each meeting once, optionally only those of one actor (a key or any
// description: name, case-insensitive; it is then the first column). Undated meetings are left out. Oldest first,
// description: with the quote and source of the earliest report.
// description: Organs roll up: actor is the state or organization at the top of the acting organ's PART_OF chain,
// description: organ the organ that acted (null when the actor itself did); an actor parameter matches either.
// param: from date required example=2024-10-01 | first day of the window
// param: to date required example=2024-10-31 | last day of the window
// param: actor string optional entity example=Russia | only meetings of this actor: a key or any of its names
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(named:Entity)
// The keys of the entities the actor parameter names, from the index on Name.key (none when it is null).
WITH collect(named.key) AS actors
MATCH (x:Entity)-[f:MET_WITH]->(y:Entity)
WHERE f.date_from <= $to AND f.date_to >= $from
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(xt:Entity)
WHERE NOT (xt)-[:PART_OF]->(:Entity)
OPTIONAL MATCH (y)-[:PART_OF*1..3]->(yt:Entity)
WHERE NOT (yt)-[:PART_OF]->(:Entity)
WITH x, y, f, coalesce(xt, x) AS xa, coalesce(yt, y) AS ya, actors
WITH x, y, f, xa, ya,
     $actor IS NULL OR x.key IN actors OR xa.key IN actors AS x_is_actor,
     $actor IS NOT NULL AND (y.key IN actors OR ya.key IN actors) AS y_is_actor
WHERE x_is_actor OR y_is_actor
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH x, y, xa, ya, f, x_is_actor, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH x, y, xa, ya, f, x_is_actor, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN f.date AS date, CASE WHEN x_is_actor THEN xa.name ELSE ya.name END AS actor,
       CASE WHEN x_is_actor THEN y.name ELSE x.name END AS met, f.place AS place, f.sources AS sources,
       c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x_is_actor AND x <> xa THEN x.name WHEN NOT x_is_actor AND y <> ya THEN y.name END AS organ
ORDER BY f.date_from, f.date_to, actor, met
