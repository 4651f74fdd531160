// name: provenance
// title: On what evidence do the facts between A and B rest?
// description: Every claim whose subject and object are the two actors, either way round (each a key or any
// description: name, case-insensitive): asserted claims behind facts and also negated and hedged ones, with the
// description: quote, its [start, end) character span in the source text, the confidence and the source. By claim
// description: date (undated last), predicate, polarity (asserted, hedged, negated) and claim key.
// description: Organs roll up: claims about either actor's ministries, courts and other organs (PART_OF, up to
// description: three levels) are included, named by the organ in subject or object. Retracted claims (`kb retract`)
// description: are left out unless `retracted` is true; then they are shown with the retraction's reason.
// description: Paged (100 rows a page): the order ends on the claim's key, so pages never overlap.
// page: 100
// param: a string required entity example=Russia | one actor: a key or any of its names
// param: b string required entity example=Taliban | the other actor: a key or any of its names
// param: retracted bool optional example=true | also the claims an analyst retracted, marked with the reason
MATCH (:Name {key: toLower($a)})-[:NAMES]->(x:Entity)
MATCH (:Name {key: toLower($b)})-[:NAMES]->(y:Entity)
// Claims are found by their indexed `pair` ('subject key|object key'), both ways round: walking the claims of
// one actor would read every claim of a hub such as a great power to find the few about the other.
WITH x, y
MATCH (xo:Entity)-[:PART_OF*0..3]->(x)
WITH y, collect(DISTINCT xo) AS xs
MATCH (yo:Entity)-[:PART_OF*0..3]->(y)
WITH xs, collect(DISTINCT yo) AS ys
// Each ordered pair of ends once (an organ of one actor may be the other's too), so each claim is met once (its
// pair spells one subject and one object): a subject on one side only with the other side's ends as objects.
WITH xs, ys, xs + [e IN ys WHERE NOT e IN xs] AS ends
UNWIND ends AS sub
WITH sub, sub.key + '|' AS head, NOT sub.key CONTAINS '|' AS plain,
     CASE WHEN NOT sub IN xs THEN xs WHEN sub IN ys THEN ends ELSE ys END AS objects
UNWIND objects AS obj
// Keys without the separator spell one pair only; otherwise the claim's ends themselves decide.
WITH sub, obj, head + obj.key AS pair, plain AND NOT obj.key CONTAINS '|' AS plain
MATCH (c:Claim {pair: pair})
WHERE (c.retracted IS NULL OR $retracted)
  AND (plain OR ((c)-[:SUBJECT]->(sub) AND (c)-[:OBJECT]->(obj)))
// A page without sorting every claim on every key: the claims sorted on their first key alone (the day, undated
// as '9999'), and only the run of them whose days the page spans sorted on all of them. A claim's place in the
// whole order lies among the claims of its day, so that run holds the page, starting at the lo-th claim.
WITH c, coalesce(c.date_from, '9999') AS day
ORDER BY day
WITH collect(day) AS days, collect(c) AS claims
WITH days, claims, size(claims) AS total, days[$offset] AS first,
     days[CASE WHEN $offset + $page_size < size(claims) THEN $offset + $page_size ELSE size(claims) END - 1] AS last
WITH claims, total, first, size([d IN days WHERE d < first]) AS lo, size([d IN days WHERE d <= last]) AS hi
UNWIND CASE WHEN first IS NULL THEN [] ELSE claims[lo..hi] END AS c
WITH c, total, lo
ORDER BY coalesce(c.date_from, '9999'), coalesce(c.date_to, '9999'), c.predicate, c.polarity, c.key
// The page's rows, and only theirs looked up further (their ends and sources). A claim's pair names its subject
// and object, so its own SUBJECT and OBJECT are the ends it was found by.
WITH total, lo, collect(c) AS run
UNWIND run[$offset - lo..$offset - lo + $page_size] AS c
MATCH (c)-[:SUBJECT]->(sub:Entity)
MATCH (c)-[:OBJECT]->(obj:Entity)
MATCH (c)-[:IN_SOURCE]->(s:Source)
// Every qualifier of the ontology (kb/ontology/predicates.yaml); a test keeps this list complete.
RETURN c.predicate AS predicate, sub.name AS subject, obj.name AS object,
       [kv IN ['acting=' + c.acting, 'addressee=' + c.addressee, 'commodity=' + c.commodity, 'demand=' + c.demand,
             'direction=' + c.direction, 'domain=' + c.domain, 'goal=' + c.goal, 'issue=' + c.issue, 'list=' + c.list,
             'location=' + c.location, 'means=' + c.means, 'measure=' + c.measure,
             'place=' + c.place, 'planned=' + c.planned, 'role=' + c.role,
             'topic=' + c.topic] WHERE kv IS NOT NULL] AS qualifiers,
       c.polarity AS polarity, c.date AS date, c.quote AS quote, c.start AS start, c.end AS end,
       c.confidence AS confidence, s.title AS source, s.url AS url, s.published AS published,
       c.retracted AS retracted, total
ORDER BY coalesce(c.date_from, '9999'), coalesce(c.date_to, '9999'), predicate, polarity, c.key
