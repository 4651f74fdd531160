// name: offices
// title: Who held which office?
// description: HOLDS_OFFICE facts, optionally only offices in one state or organization (a key or any name,
// description: case-insensitive) and optionally only offices known to be held by a day: those whose date
// description: starts on or before it, plus undated ones (date null). By organization, then person, oldest first,
// description: with the quote and source of the earliest report behind each.
// description: Organs roll up: organization is the state or organization at the top of the PART_OF chain of the
// description: body the office is in, organ that body (null when the office is the state's or organization's own);
// description: an actor parameter matches either.
// description: Paged (100 rows a page), in an order that ends on the fact's key. With an actor, only the facts of the actor and its organs are read.
// page: 100
// param: actor string optional entity example=Russia | the state or organization: a key or any of its names
// param: as_of date optional example=2024-10-01 | leave out offices whose date starts after this day
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(an:Entity)
// One way in: the actor and its organs when one is named, else every office. The other way unwinds an empty
// list, so it reads nothing.
CALL {
  WITH an
  UNWIND CASE WHEN an IS NULL THEN [] ELSE [an] END AS named
  MATCH (x:Entity)-[:PART_OF*0..3]->(named)
  MATCH (p:Entity)-[f:HOLDS_OFFICE]->(x)
  RETURN p, f, x
  UNION ALL
  WITH an
  UNWIND CASE WHEN an IS NULL THEN [true] ELSE [] END AS everything
  MATCH (p:Entity)-[f:HOLDS_OFFICE]->(x:Entity)
  RETURN p, f, x
}
WITH p, f, x
WHERE $as_of IS NULL OR f.date_from IS NULL OR f.date_from <= $as_of
// The organization is the top of the office's PART_OF chain, looked up once per entity.
WITH x, collect([p, f]) AS facts
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(top:Entity)
WHERE NOT (top)-[:PART_OF]->(:Entity)
WITH x, coalesce(top, x) AS o, facts
UNWIND facts AS pf
WITH pf[0] AS p, pf[1] AS f, x, o
ORDER BY o.name, p.name, coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), coalesce(f.role, ''), f.key
// One page of the ordered facts; only its rows look up their earliest report.
WITH collect([p, f, x, o]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS p, r[1] AS f, r[2] AS x, r[3] AS o, size(rows) AS total
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH p, f, x, o, total, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH p, f, x, o, total, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN o.name AS organization, p.name AS person, f.role AS role, f.acting AS acting, f.date AS date,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = o THEN null ELSE x.name END AS organ, total
ORDER BY organization, person, coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), coalesce(role, ''), f.key
