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
MATCH (yo:Entity)-[:PART_OF*0..3]->(y)
WITH DISTINCT xo AS x, yo AS y
UNWIND [[x, y], [y, x]] AS ends
// Each ordered pair of ends once, so each claim is met once (its pair spells one subject and one object).
WITH DISTINCT ends[0] AS sub, ends[1] AS obj
MATCH (c:Claim {pair: sub.key + '|' + obj.key})
WHERE (c.retracted IS NULL OR $retracted)
  // Keys without the separator spell one pair only; otherwise the claim's ends themselves decide.
  AND ((NOT sub.key CONTAINS '|' AND NOT obj.key CONTAINS '|')
       OR ((c)-[:SUBJECT]->(sub) AND (c)-[:OBJECT]->(obj)))
WITH c, sub, obj
ORDER BY coalesce(c.date_from, '9999'), coalesce(c.date_to, '9999'), c.predicate, c.polarity, c.key
// One page of the ordered claims; only its rows are looked up further (their sources).
WITH collect([c, sub, obj]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS c, r[1] AS sub, r[2] AS obj, size(rows) AS total
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
