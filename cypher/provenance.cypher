// name: provenance
// title: On what evidence do the facts between A and B rest?
// description: Every claim whose subject and object are the two actors, either way round (each a key or any
// description: name, case-insensitive): asserted claims behind facts and also negated and hedged ones, with the
// description: quote, its [start, end) character span in the source text, the confidence and the source. By claim
// description: date (undated last), predicate, polarity (asserted, hedged, negated) and claim key.
// description: Organs roll up: claims about either actor's ministries, courts and other organs (PART_OF, up to
// description: three levels) are included, named by the organ in subject or object. Retracted claims (`kb retract`)
// description: are left out unless `retracted` is true; then they are shown with the retraction's reason.
// description: Paged (100 rows a page): the order ends on the claim's key, so pages never overlap. Read page
// description: after page (kb.queries.run_query_all, or run_query given the page before's cursor), a page looks
// description: up only its own claims.
// page: 100
// param: a string required entity example=Russia | one actor: a key or any of its names
// param: b string required entity example=Taliban | the other actor: a key or any of its names
// param: retracted bool optional example=true | also the claims an analyst retracted, marked with the reason
MATCH (:Name {key: toLower($a)})-[:NAMES]->(x:Entity)
MATCH (:Name {key: toLower($b)})-[:NAMES]->(y:Entity)
// Claims are found by their indexed `pair` ('subject|object|head', kb.rows.stored_pair: each end's key with '%'
// and '|' escaped, so a pair is spelled one way only), both ways round: walking the claims of one actor would
// read every claim of a hub such as a great power to find the few about the other. The head is the order's
// first key (the day, or '9999|' and the predicate when undated), so a range of heads finds only the claims of
// one page when kb gives the page's range ($after, $until: kb.queries).
WITH x, y
MATCH (xo:Entity)-[:PART_OF*0..3]->(x)
WITH y, collect(DISTINCT xo) AS xs
MATCH (yo:Entity)-[:PART_OF*0..3]->(y)
WITH xs, collect(DISTINCT yo) AS ys
// Each ordered pair of ends once (an organ of one actor may be the other's too), so each claim is met once (its
// pair spells one subject and one object): a subject on one side only with the other side's ends as objects.
WITH xs, ys, xs + [e IN ys WHERE NOT e IN xs] AS ends
UNWIND ends AS sub
WITH replace(replace(sub.key, '%', '%25'), '|', '%7C') + '|' AS prefix,
     CASE WHEN NOT sub IN xs THEN xs WHEN sub IN ys THEN ends ELSE ys END AS objects
UNWIND objects AS obj
WITH prefix + replace(replace(obj.key, '%', '%25'), '|', '%7C') + '|' AS at
WITH size(at) AS cut, at + coalesce($after[0], '0') AS low, at + coalesce($until, '9999|~') AS high
MATCH (c:Claim)
WHERE c.pair >= low AND c.pair <= high AND (c.retracted IS NULL OR $retracted)
// The head, read off the pair (one property read less a claim than from its date). After the last row of the
// page before (given as its keys) when kb reads the answer page after page.
WITH c, substring(c.pair, cut) AS day
WHERE $after IS NULL OR day > $after[0] OR (day = $after[0] AND (coalesce(c.date_to, '9999') > $after[1] OR
      (coalesce(c.date_to, '9999') = $after[1] AND (c.predicate > $after[2] OR (c.predicate = $after[2] AND
      (c.polarity > $after[3] OR (c.polarity = $after[3] AND c.key > $after[4])))))))
// A page without sorting every claim on every key: the claims sorted on their head alone, and only the run of
// them whose heads the page spans sorted on all of them. A claim's place in the whole order lies among the
// claims of its head, so that run holds the page, starting at the lo-th claim.
WITH c, day
ORDER BY day
WITH collect(day) AS days, collect(c) AS claims
WITH days, claims, size(claims) AS found, days[$offset] AS first,
     days[CASE WHEN $offset + $page_size < size(claims) THEN $offset + $page_size ELSE size(claims) END - 1] AS last
// The last head of every page, for kb to ask for each page after this one by its range of heads alone.
WITH claims, coalesce($total, found) AS total, first, size([d IN days WHERE d < first]) AS lo,
     size([d IN days WHERE d <= last]) AS hi,
     CASE WHEN $after IS NULL THEN [i IN range(1, toInteger((found + $page_size - 1) / $page_size)) |
       days[CASE WHEN i * $page_size < found THEN i * $page_size ELSE found END - 1]] END AS bounds
UNWIND CASE WHEN first IS NULL THEN [] ELSE claims[lo..hi] END AS c
WITH c, total, lo, bounds
ORDER BY coalesce(c.date_from, '9999'), coalesce(c.date_to, '9999'), c.predicate, c.polarity, c.key
// The page's rows, and only theirs looked up further (their ends and sources). A claim's pair names its subject
// and object, so its own SUBJECT and OBJECT are the ends it was found by.
WITH total, lo, bounds, collect(c) AS run
WITH total, bounds, run[$offset - lo..$offset - lo + $page_size] AS page
UNWIND range(0, size(page) - 1) AS i
WITH total, bounds, page[i] AS c, i = size(page) - 1 AS final
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
       c.retracted AS retracted,
       // In the page's last row: where the next page starts (kb.queries.PageCursor).
       CASE WHEN final THEN [[coalesce(c.date_from, '9999|' + c.predicate), coalesce(c.date_to, '9999'), c.predicate,
                              c.polarity, c.key], bounds] END AS next,
       total
ORDER BY coalesce(c.date_from, '9999'), coalesce(c.date_to, '9999'), predicate, polarity, c.key
