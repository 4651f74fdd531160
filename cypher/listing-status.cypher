// name: listing-status
// title: Was Y on X's list on a given day?
// description: For each list of the actor's that the target was ever put on or taken off, the latest
// description: DESIGNATED or DELISTED fact whose first day is on or before the date decides: status is
// description: 'listed' after a designation and 'not listed' after a delisting, the only thing that says so.
// description: When kb knows of neither up to that day, one row says 'unknown', with list and evidence null:
// description: never having heard of a designation is not knowing there was none. Facts starting the same day
// description: are ranked by their last day, then DELISTED before DESIGNATED.
// description: Organs roll up: what the actor's ministries, courts and other organs did (PART_OF, up to three
// description: levels) is the actor's too, with organ naming the organ that acted (null when the actor itself did).
// description: A list is the actor's whichever of its organs keeps it.
// param: actor string required entity example=Russia | the listing actor: a key or any of its names
// param: target string required entity example=Taliban | the listed actor: a key or any of its names
// param: date date required example=2024-01-01 | the day asked about
MATCH (:Name {key: toLower($actor)})-[:NAMES]->(a:Entity)
MATCH (:Name {key: toLower($target)})-[:NAMES]->(o:Entity)
MATCH (x:Entity)-[:PART_OF*0..3]->(a)
OPTIONAL MATCH (x)-[f:DESIGNATED|DELISTED]->(o)
WHERE f.date_from <= $date
WITH a, x, o, f
ORDER BY f.date_from DESC, f.date_to DESC, type(f)
WITH a, o, f.list AS list, collect(CASE WHEN f IS NULL THEN null ELSE [f, x] END) AS facts
WITH a, o, collect(CASE WHEN size(facts) = 0 THEN null ELSE [list, facts[0]] END) AS lists
UNWIND CASE WHEN size(lists) = 0 THEN [null] ELSE lists END AS known
WITH a, o, known[0] AS list, known[1][0] AS decisive, known[1][1] AS x
UNWIND [decisive.key] AS fact
OPTIONAL MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH a, x, o, list, decisive, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH a, x, o, list, decisive, collect(c)[0] AS c1, collect(s)[0] AS s1
RETURN a.name AS actor, o.name AS target, list,
       CASE type(decisive) WHEN 'DESIGNATED' THEN 'listed' WHEN 'DELISTED' THEN 'not listed' ELSE 'unknown' END
         AS status,
       type(decisive) AS decided_by, decisive.date AS date, decisive.sources AS sources, c1.quote AS quote,
       s1.title AS source, s1.url AS url, CASE WHEN x IS NULL OR x = a THEN null ELSE x.name END AS organ
ORDER BY actor, target, coalesce(list, '')
