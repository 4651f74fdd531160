// name: offices
// title: Who held which office?
// description: HOLDS_OFFICE facts, optionally only offices in one state or organization (a key or any name,
// description: case-insensitive) and optionally only offices known to be held by a day: those whose date
// description: starts on or before it, plus undated ones (date null). By organization, then person, oldest first,
// description: with the quote and source of the earliest report behind each.
// param: actor string optional example=Russia | the state or organization: a key or any of its names
// param: as_of date optional example=2024-10-01 | leave out offices whose date starts after this day
MATCH (p:Entity)-[f:HOLDS_OFFICE]->(o:Entity)
WHERE ($actor IS NULL OR toLower($actor) IN o.lookup)
  AND ($as_of IS NULL OR f.date_from IS NULL OR f.date_from <= $as_of)
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH p, f, o, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH p, f, o, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN o.name AS organization, p.name AS person, f.role AS role, f.acting AS acting, f.date AS date,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url
ORDER BY organization, person, coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), coalesce(role, '')
