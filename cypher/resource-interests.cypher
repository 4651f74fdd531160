// name: resource-interests
// title: Who is interested in which resource, and where?
// description: INTERESTED_IN and SEEKS facts whose object is a Resource, optionally only those of one actor (a key
// description: or any name, case-insensitive), by resource then actor, with the location or goal and the quote
// description: and source of the earliest report behind each.
// description: Organs roll up: actor is the state or organization at the top of the acting organ's PART_OF chain,
// description: organ the organ that acted (null when the actor itself did); an actor parameter matches either.
// param: actor string optional entity example=Russia | only this actor's interests: a key or any of its names
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(named:Entity)
// The keys of the entities the actor parameter names, from the index on Name.key (none when it is null).
WITH collect(named.key) AS actors
MATCH (x:Entity)-[f:INTERESTED_IN|SEEKS]->(r:Resource)
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(top:Entity)
WHERE NOT (top)-[:PART_OF]->(:Entity)
WITH x, f, r, coalesce(top, x) AS a, actors
WHERE $actor IS NULL OR a.key IN actors OR x.key IN actors
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, f, r, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, f, r, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN r.name AS resource, a.name AS actor, type(f) AS predicate, f.location AS location, f.goal AS goal,
       f.date AS date, f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = a THEN null ELSE x.name END AS organ
ORDER BY resource, actor, predicate, coalesce(location, ''), coalesce(goal, ''), coalesce(f.date_from, '9999'),
         f.key
