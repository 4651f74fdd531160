// name: sources
// title: Which sources does kb hold?
// description: Every source with its key, URL, title, outlet, publication date, language and number of claims,
// description: oldest first (undated last), then by title and key. A whole-graph listing: it reads every source
// description: and counts its claims (retracted ones apart). `kb sources` prints it.
MATCH (s:Source)
OPTIONAL MATCH (c:Claim)-[:IN_SOURCE]->(s)
WITH s, count(c) AS total, count(c.retracted) AS retracted
RETURN s.key AS key, s.url AS url, s.title AS title, s.outlet AS outlet, s.published AS published,
       s.language AS language, total - retracted AS claims, retracted
ORDER BY coalesce(published, '9999'), coalesce(title, ''), key
