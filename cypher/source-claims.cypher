// name: source-claims
// title: What does one source say?
// description: Every claim of the source given by its key, URL or exact title, in the order of the source text
// description: (claims without a span first), with polarity, date, quote and [start, end) span, and each claim's key
// description: (what `kb retract` takes). Retracted claims only when `retracted` is true, marked with the reason.
// description: Paged (100 rows a page), in an order that ends on the claim's key, so pages never overlap.
// page: 100
// param: source string required example=https://example.org/kb/kabul-moscow | a source key, URL or title
// param: retracted bool optional example=true | also the claims an analyst retracted, marked with the reason
MATCH (s:Source)
WHERE s.key = $source OR s.url = $source OR s.title = $source
// From the source to its claims (a planner left alone may walk from every claim to its source).
WITH s
MATCH (s)<-[:IN_SOURCE]-(c:Claim)
WHERE c.retracted IS NULL OR $retracted
WITH s, c
ORDER BY s.key, coalesce(c.start, -1), coalesce(c.end, -1), c.predicate, c.key
// One page of the ordered claims; only its rows look up their ends.
WITH collect([s, c]) AS rows
UNWIND rows[$offset..$offset + $page_size] AS r
WITH r[0] AS s, r[1] AS c, size(rows) AS total
MATCH (c)-[:SUBJECT]->(sub:Entity)
MATCH (c)-[:OBJECT]->(obj:Entity)
// Every qualifier of the ontology (kb/ontology/predicates.yaml); a test keeps this list complete.
RETURN s.title AS source, s.url AS url, sub.name AS subject, c.predicate AS predicate, obj.name AS object,
       [kv IN ['acting=' + c.acting, 'addressee=' + c.addressee, 'commodity=' + c.commodity, 'demand=' + c.demand,
             'direction=' + c.direction, 'domain=' + c.domain, 'goal=' + c.goal, 'issue=' + c.issue, 'list=' + c.list,
             'location=' + c.location, 'means=' + c.means, 'measure=' + c.measure,
             'place=' + c.place, 'planned=' + c.planned, 'role=' + c.role,
             'topic=' + c.topic] WHERE kv IS NOT NULL] AS qualifiers,
       c.polarity AS polarity, c.date AS date, c.quote AS quote, c.start AS start, c.end AS end, c.key AS claim,
       c.retracted AS retracted, total
ORDER BY s.key, coalesce(start, -1), coalesce(end, -1), predicate, claim
