// name: designations
// title: Who put whom on or off which list?
// description: DESIGNATED and DELISTED facts as a timeline (oldest first, undated last), optionally only those
// description: of one actor and/or about one target (each a key or any name, case-insensitive), with the quote
// description: and source of the earliest report behind each.
// description: Organs roll up: actor is the state or organization at the top of the acting organ's PART_OF chain,
// description: organ the organ that acted (null when the actor itself did); an actor parameter matches either.
// description: Paged (100 rows a page), in an order that ends on the fact's key. The facts are found from the
// description: actor's side when one is named, else from the target's, so a query about one actor reads only its facts.
// description: Read page after page (kb.queries.run_query_all, or run_query given the page before's cursor), a
// description: page sorts only the facts of its own range of days.
// page: 100
// param: actor string optional entity example=Russia | the listing actor: a key or any of its names
// param: target string optional entity example=Taliban | the listed actor: a key or any of its names
OPTIONAL MATCH (:Name {key: toLower($actor)})-[:NAMES]->(an:Entity)
OPTIONAL MATCH (:Name {key: toLower($target)})-[:NAMES]->(tn:Entity)
// One way in, by what is named: the actor and its organs, else the target, else every listing. The other ways
// unwind an empty list, so they read nothing.
CALL {
  WITH an, tn
  UNWIND CASE WHEN an IS NULL THEN [] ELSE [an] END AS named
  MATCH (x:Entity)-[:PART_OF*0..3]->(named)
  MATCH (x)-[f:DESIGNATED|DELISTED]->(o:Entity)
  WHERE tn IS NULL OR o = tn
  RETURN x, f, o
  UNION ALL
  WITH an, tn
  UNWIND CASE WHEN an IS NULL AND tn IS NOT NULL THEN [tn] ELSE [] END AS named
  MATCH (x:Entity)-[f:DESIGNATED|DELISTED]->(named)
  RETURN x, f, named AS o
  UNION ALL
  WITH an, tn
  UNWIND CASE WHEN an IS NULL AND tn IS NULL THEN [true] ELSE [] END AS everything
  MATCH (x:Entity)-[f:DESIGNATED|DELISTED]->(o:Entity)
  RETURN x, f, o
}
// The actor is the top of the acting organ's PART_OF chain, looked up once per acting entity.
WITH x, collect([f, o]) AS facts
OPTIONAL MATCH (x)-[:PART_OF*1..3]->(top:Entity)
WHERE NOT (top)-[:PART_OF]->(:Entity)
WITH x, coalesce(top, x) AS a, facts
UNWIND facts AS fo
WITH a, x, fo[0] AS f, fo[1] AS o
// The order's first key, the day (undated last). With a cursor (after the last row of the page before, as its
// keys, and the last day of this page: $after, $until) only the facts of the page's days are sorted.
WITH a, x, f, o, coalesce(f.date_from, '9999') AS day
WHERE $after IS NULL OR (day >= $after[0] AND ($until IS NULL OR day <= $until))
WITH a, x, f, o, day, coalesce(f.date_to, '9999') AS day_to, type(f) AS action, coalesce(f.list, '') AS list
WHERE $after IS NULL OR day > $after[0] OR (day = $after[0] AND (day_to > $after[1] OR (day_to = $after[1] AND
      (a.name > $after[2] OR (a.name = $after[2] AND (o.name > $after[3] OR (o.name = $after[3] AND
      (action > $after[4] OR (action = $after[4] AND (list > $after[5] OR (list = $after[5] AND f.key > $after[6])))))))))))
WITH a, x, f, o, day, day_to, action, list
ORDER BY day, day_to, a.name, o.name, action, list, f.key
// One page of the ordered facts; only its rows look up their earliest report.
WITH collect([a, x, f, o, day, day_to, action, list]) AS rows
WITH rows, coalesce($total, size(rows)) AS total,
     // The last day of every page, for kb to ask for each page after this one by its days alone.
     CASE WHEN $after IS NULL THEN [i IN range(1, toInteger((size(rows) + $page_size - 1) / $page_size)) |
       rows[CASE WHEN i * $page_size < size(rows) THEN i * $page_size ELSE size(rows) END - 1][4]] END AS bounds
WITH total, bounds, rows[$offset..$offset + $page_size] AS page
UNWIND range(0, size(page) - 1) AS i
WITH total, bounds, page[i] AS r, i = size(page) - 1 AS final
WITH r[0] AS a, r[1] AS x, r[2] AS f, r[3] AS o, total, bounds,
     // In the page's last row: where the next page starts (kb.queries.PageCursor).
     CASE WHEN final THEN [[r[4], r[5], r[0].name, r[3].name, r[6], r[7], r[2].key], bounds] END AS next
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, f, o, next, total, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, f, o, next, total, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN f.date AS date, a.name AS actor, type(f) AS action, o.name AS target, f.list AS list,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url,
       CASE WHEN x = a THEN null ELSE x.name END AS organ, next, total
ORDER BY coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), actor, target, action, coalesce(list, ''), f.key
