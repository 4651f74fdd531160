// name: resource-interests
// title: Who is interested in which resource, and where?
// description: INTERESTED_IN and SEEKS facts whose object is a Resource, optionally only those of one actor (a key
// description: or any name, case-insensitive), by resource then actor, with the location or goal and the quote
// description: and source of the earliest report behind each.
// param: actor string optional example=Russia | only this actor's interests: a key or any of its names
MATCH (a:Entity)-[f:INTERESTED_IN|SEEKS]->(r:Resource)
WHERE $actor IS NULL OR toLower($actor) IN a.lookup
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, f, r, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, f, r, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN r.name AS resource, a.name AS actor, type(f) AS predicate, f.location AS location, f.goal AS goal,
       f.date AS date, f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url
ORDER BY resource, actor, predicate, coalesce(location, ''), coalesce(goal, ''), coalesce(f.date_from, '9999'),
         f.key
