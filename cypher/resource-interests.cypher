// name: resource-interests
// title: Who is interested in which resource, and where?
// description: INTERESTED_IN and SEEKS facts whose object is a Resource, optionally only those of one actor (a key
// description: or any name, case-insensitive), by resource then actor, with the location or goal and the quote
// description: and source of the earliest report behind each.
// description: Organs roll up: actor is the state or organization at the top of the acting organ's PART_OF chain,
// description: organ the organ that acted (null when the actor itself did); an actor parameter matches either.
// description: Paged (100 rows a page), in an order that ends on the fact's key. With an actor, only the facts of the actor and its organs are read.
// page: 100
// param: actor string optional entity example=Russia | only this actor's interests: a key or any of its names
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(an:Entity)
// One way in: the actor and its organs when one is named, else every interest. The other way unwinds an
// empty list, so it reads nothing.
CALL {
  WITH an
  UNWIND CASE WHEN an IS NULL THEN [] ELSE [an] END AS named
  MATCH (x:Entity)-[:PART_OF*0..3]->(named)
  MATCH (x)-[f:INTERESTED_IN|SEEKS]->(r:Resource)
  RETURN x, f, r
  UNION ALL
  WITH an
  UNWIND CASE WHEN an IS NULL THEN [true] ELSE [] END AS everything
  MATCH (x:Entity)-[f:INTERESTED_IN|SEEKS]->(r:Resource)
  RETURN x, f, r
}
// The actor is the top of the acting organ's PART_OF chain, looked up once per acting entity.
WITH x, collect([f, r]) AS facts
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(top:Entity)
WHERE NOT (top)-[:PART_OF]->(:Entity)
WITH x, coalesce(top, x) AS a, facts
UNWIND facts AS fr
WITH a, x, fr[0] AS f, fr[1] AS r
ORDER BY r.name, a.name, type(f), coalesce(f.location, ''), coalesce(f.goal, ''), coalesce(f.date_from, '9999'), f.key
// One page of the ordered facts; only its rows look up their earliest report.
WITH collect([a, x, f, r]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS row
WITH row[0] AS a, row[1] AS x, row[2] AS f, row[3] AS r, size(rows) AS total
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, f, r, total, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, f, r, total, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN r.name AS resource, a.name AS actor, type(f) AS predicate, f.location AS location, f.goal AS goal,
       f.date AS date, f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = a THEN null ELSE x.name END AS organ, total
ORDER BY resource, actor, predicate, coalesce(location, ''), coalesce(goal, ''), coalesce(f.date_from, '9999'),
         f.key
