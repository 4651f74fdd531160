// name: recent
// title: What was reported lately?
// description: Facts last reported (by source publication date) on or after a day, or the newest facts when only
// description: a limit is given; newest report first, then by the fact's own date, newest first (undated last).
// description: With neither parameter, every fact. Each with the quote and source of its latest report.
// description: A whole-graph analysis: it ranks every fact, so its time grows with the store.
// param: from date optional example=2024-10-01 | only facts last reported on or after this day
// param: limit int optional example=20 | at most this many facts
MATCH (x:Entity)-[f]->(y:Entity)
WHERE $from IS NULL OR f.last_reported >= $from
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH x, y, f, c, s
ORDER BY coalesce(s.published, '') DESC, c.key
WITH x, y, f, collect(c)[0] AS c1, collect(s)[0] AS s1
ORDER BY coalesce(f.last_reported, '') DESC, coalesce(f.date_from, '') DESC, coalesce(f.date_to, '') DESC,
         type(f), x.name, y.name, f.key
// No LIMIT: FalkorDB refuses LIMIT with an expression or a null parameter, so slice the ordered list.
WITH collect({last_reported: f.last_reported, date: f.date, subject: x.name, predicate: type(f), object: y.name,
              sources: f.sources, quote: c1.quote, source: s1.title, url: s1.url, rank_from: f.date_from,
              rank_to: f.date_to, key: f.key}) AS rows
UNWIND rows[0..coalesce($limit, size(rows))] AS r
RETURN r.last_reported AS last_reported, r.date AS date, r.subject AS subject, r.predicate AS predicate,
       r.object AS object, r.sources AS sources, r.quote AS quote, r.source AS source, r.url AS url
ORDER BY coalesce(last_reported, '') DESC, coalesce(r.rank_from, '') DESC, coalesce(r.rank_to, '') DESC, predicate,
         subject, object, r.key
