// name: offices
// title: Who held which office?
// description: HOLDS_OFFICE facts, optionally only offices in one state or organization (a key or any name,
// description: case-insensitive) and optionally only offices known to be held by a day: those whose date
// description: starts on or before it, plus undated ones (date null). By organization, then person, oldest first,
// description: with the quote and source of the earliest report behind each.
// description: Organs roll up: organization is the state or organization at the top of the PART_OF chain of the
// description: body the office is in, organ that body (null when the office is the state's or organization's own);
// description: an actor parameter matches either.
// param: actor string optional entity example=Russia | the state or organization: a key or any of its names
// param: as_of date optional example=2024-10-01 | leave out offices whose date starts after this day
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(named:Entity)
// The keys of the entities the actor parameter names, from the index on Name.key (none when it is null).
WITH collect(named.key) AS actors
MATCH (p:Entity)-[f:HOLDS_OFFICE]->(x:Entity)
WHERE $as_of IS NULL OR f.date_from IS NULL OR f.date_from <= $as_of
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(top:Entity)
WHERE NOT (top)-[:PART_OF]->(:Entity)
WITH p, f, x, coalesce(top, x) AS o, actors
WHERE $actor IS NULL OR o.key IN actors OR x.key IN actors
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH p, f, x, o, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH p, f, x, o, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN o.name AS organization, p.name AS person, f.role AS role, f.acting AS acting, f.date AS date,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = o THEN null ELSE x.name END AS organ
ORDER BY organization, person, coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), coalesce(role, '')
