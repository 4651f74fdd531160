// name: meetings
// title: Who met whom?
// description: MET_WITH facts whose dates overlap the window [from, to] (a month-precision meeting counts if any
// description: day of its month is inside), each meeting once, optionally only those of one actor (a key or any
// description: name, case-insensitive; it is then the first column). Undated meetings are left out. Oldest first,
// description: with the quote and source of the earliest report.
// description: Organs roll up: actor is the state or organization at the top of the acting organ's PART_OF chain,
// description: organ the organ that acted (null when the actor itself did); an actor parameter matches either.
// description: Paged (100 rows a page), in an order that ends on the fact's key. With an actor, only the facts of the actor and its organs are read.
// page: 100
// param: from date required example=2024-10-01 | first day of the window
// param: to date required example=2024-10-31 | last day of the window
// param: actor string optional entity example=Russia | only meetings of this actor: a key or any of its names
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(an:Entity)
OPTIONAL MATCH (o:Entity)-[:PART_OF*0..3]->(an)
WITH an, collect(o) AS organs
// One way in: the meetings of the actor and its organs when one is named, else every meeting. The other way
// unwinds an empty list, so it reads nothing.
CALL {
  WITH an, organs
  UNWIND organs AS o
  MATCH (o)-[f:MET_WITH]-(:Entity)
  WHERE f.date_from <= $to AND f.date_to >= $from
  RETURN f
  UNION ALL
  WITH an, organs
  UNWIND CASE WHEN an IS NULL THEN [true] ELSE [] END AS everything
  MATCH (:Entity)-[f:MET_WITH]->(:Entity)
  WHERE f.date_from <= $to AND f.date_to >= $from
  RETURN f
}
WITH DISTINCT an, organs, f
WITH an, organs, f, startNode(f) AS x, endNode(f) AS y
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(xt:Entity)
WHERE NOT (xt)-[:PART_OF]->(:Entity)
OPTIONAL MATCH (y)-[:PART_OF*1..3]->(yt:Entity)
WHERE NOT (yt)-[:PART_OF]->(:Entity)
WITH x, y, f, coalesce(xt, x) AS xa, coalesce(yt, y) AS ya, an IS NULL OR x IN organs AS x_is_actor
WITH x, y, f, xa, ya, x_is_actor, CASE WHEN x_is_actor THEN xa ELSE ya END AS actor,
     CASE WHEN x_is_actor THEN y ELSE x END AS met
ORDER BY f.date_from, f.date_to, actor.name, met.name, f.key
// One page of the ordered facts; only its rows look up their earliest report.
WITH collect([x, y, f, xa, ya, x_is_actor, actor, met]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS x, r[1] AS y, r[2] AS f, r[3] AS xa, r[4] AS ya, r[5] AS x_is_actor, r[6] AS actor, r[7] AS met,
     size(rows) AS total
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH x, y, f, xa, ya, x_is_actor, actor, met, total, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH x, y, f, xa, ya, x_is_actor, actor, met, total, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN f.date AS date, actor.name AS actor, met.name AS met, f.place AS place, f.sources AS sources,
       c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x_is_actor AND x <> xa THEN x.name WHEN NOT x_is_actor AND y <> ya THEN y.name END AS organ, total
ORDER BY f.date_from, f.date_to, actor, met, f.key
