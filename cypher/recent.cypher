// name: recent
// title: What was reported lately?
// description: Facts last reported (by source publication date) on or after a day, or the newest facts when only
// description: a limit is given; newest report first, then by the fact's own date, newest first (undated last).
// description: With neither parameter, every fact. Each with the quote and source of its latest report.
// description: With a limit it reads only the newest reports: the publication day of the limit-th newest source
// description: bounds where the newest facts can be (an index on Source.published finds those sources); without
// description: one, or when those sources hold too few facts, it ranks every fact.
// param: from date optional example=2024-10-01 | only facts last reported on or after this day
// param: limit int optional example=20 | at most this many facts
MATCH (s:Source)
// D, the publication day of the limit-th newest source (on or after `from`): every fact last reported on or
// after D has a claim in a source published on or after D. When those sources hold at least `limit` such
// facts, or every source since `from` is among them, the answer is among their facts.
WHERE $limit IS NOT NULL AND s.published IS NOT NULL AND ($from IS NULL OR s.published >= $from)
WITH s.published AS day
// The newest days first, at most 10,000 (a top-k, not a sort of every source); a larger limit ranks every fact.
ORDER BY day DESC
LIMIT 10000
WITH collect(day) AS top
WITH top[..$limit] AS days, size(top) < 10000 AS all_since
WITH days, all_since, CASE WHEN size(days) = 0 THEN null ELSE days[-1] END AS since
CALL {
  WITH since
  UNWIND CASE WHEN since IS NULL THEN [] ELSE [since] END AS day
  MATCH (s:Source)
  WHERE s.published >= day
  WITH day, s
  MATCH (s)<-[:IN_SOURCE]-(c:Claim)
  WHERE c.fact IS NOT NULL
  MATCH (c)-[:SUBJECT]->(x:Entity)
  MATCH (c)-[:OBJECT]->(y:Entity)
  // The claim's fact joins its two ends, either way round (a symmetric fact keeps one direction).
  WITH day, [(x)-[f]->(y) WHERE f.key = c.fact | f] + [(y)-[f]->(x) WHERE f.key = c.fact | f] AS fs
  UNWIND fs AS f
  WITH day, f
  WHERE f.last_reported >= day
  RETURN collect(DISTINCT f) AS found
}
WITH since, found,
     since IS NOT NULL AND (size(found) >= $limit OR (all_since AND size(days) < $limit AND $from IS NOT NULL)) AS enough
CALL {
  WITH enough
  UNWIND CASE WHEN enough THEN [] ELSE [true] END AS everything
  MATCH (:Entity)-[f]->(:Entity)
  WHERE f.key IS NOT NULL AND ($from IS NULL OR f.last_reported >= $from)
  RETURN collect(f) AS every
}
UNWIND CASE WHEN enough THEN found ELSE every END AS f
WITH startNode(f) AS x, endNode(f) AS y, f
ORDER BY coalesce(f.last_reported, '') DESC, coalesce(f.date_from, '') DESC, coalesce(f.date_to, '') DESC,
         type(f), x.name, y.name, f.key
// No LIMIT: FalkorDB refuses LIMIT with an expression or a null parameter, so slice the ordered list.
WITH collect([x, y, f]) AS rows
UNWIND rows[0..coalesce($limit, size(rows))] AS r
WITH r[0] AS x, r[1] AS y, r[2] AS f
// Each fact's latest report, looked up for the rows shown only.
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH x, y, f, c, s
ORDER BY coalesce(s.published, '') DESC, c.key
WITH x, y, f, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN f.last_reported AS last_reported, f.date AS date, x.name AS subject, type(f) AS predicate, y.name AS object,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url
ORDER BY coalesce(last_reported, '') DESC, coalesce(f.date_from, '') DESC, coalesce(f.date_to, '') DESC, predicate,
         subject, object, f.key
