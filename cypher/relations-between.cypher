// name: relations-between
// title: What happened between A and B?
// description: Every fact between the two actors in either direction (each a key or any name, case-insensitive),
// description: oldest first (undated last), with its subject and object as stored (symmetric facts such as
// description: MET_WITH are stored once, in key order), its qualifiers as name=value strings, and the quote and
// description: source of the earliest report behind it.
// description: Organs roll up: the facts of either actor's ministries, courts and other organs (PART_OF, up to
// description: three levels) are included, named by the organ in subject or object.
// description: Paged (100 rows a page), in an order that ends on the fact's key, so pages never overlap.
// page: 100
// param: a string required entity example=Russia | one actor: a key or any of its names
// param: b string required entity example=Taliban | the other actor: a key or any of its names
MATCH (:Name {key: toLower($a)})-[:NAMES]->(x:Entity)
MATCH (:Name {key: toLower($b)})-[:NAMES]->(y:Entity)
// Both ends are bound first, so the facts between them are looked up, not found among a hub's facts.
WITH x, y
MATCH (xo:Entity)-[:PART_OF*0..3]->(x)
MATCH (yo:Entity)-[:PART_OF*0..3]->(y)
WITH DISTINCT xo, yo
// The facts' own types (the predicates of kb/ontology/predicates.yaml; a test keeps this list complete): an
// untyped look-up between two entities also tries every other relationship type: for the United States and Russia
// at 1M claims this step took 98 ms that way, 61 ms this way (GRAPH.PROFILE).
MATCH (xo)-[f:ACCUSED|ATTACKED|CALLED_FOR|COOPERATES_WITH|DELISTED|DESIGNATED|HAS_RESOURCE|HOLDS_OFFICE|HOSTED|INTERESTED_IN|LIFTED_SANCTIONS|MEMBER_OF|MET_WITH|OFFERED_SUPPORT|OPPOSED|PARTICIPATED_IN|RECOGNIZED|SANCTIONED|SEEKS|SIGNED_AGREEMENT|SUPPORTED|TOOK_CONTROL_OF|TRADES_WITH|VISITED|WARNED|WELCOMED|WITHDREW_FROM]-(yo)
WITH DISTINCT f
ORDER BY coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), type(f), startNode(f).name, endNode(f).name, f.key
// One page of the ordered facts; only its rows look up their earliest report.
WITH collect(f) AS rows
UNWIND rows[$offset..$offset + $page_size] AS f
WITH f, size(rows) AS total
UNWIND [f.key] AS fact
MATCH (c:Claim {fact: fact})-[:IN_SOURCE]->(s:Source)
WITH f, total, c, s
ORDER BY coalesce(s.published, ''), c.key
WITH f, total, collect(c)[0] AS c1, collect(s)[0] AS s1
// Every qualifier of the ontology (kb/ontology/predicates.yaml); a test keeps this list complete.
RETURN f.date AS date, startNode(f).name AS subject, type(f) AS predicate, endNode(f).name AS object,
       [kv IN ['acting=' + f.acting, 'addressee=' + f.addressee, 'commodity=' + f.commodity, 'demand=' + f.demand,
             'direction=' + f.direction, 'domain=' + f.domain, 'goal=' + f.goal, 'issue=' + f.issue, 'list=' + f.list,
             'location=' + f.location, 'means=' + f.means, 'measure=' + f.measure,
             'place=' + f.place, 'planned=' + f.planned, 'role=' + f.role,
             'topic=' + f.topic] WHERE kv IS NOT NULL] AS qualifiers,
       f.sources AS sources, c1.quote AS quote, s1.title AS source, s1.url AS url, total
ORDER BY coalesce(f.date_from, '9999'), coalesce(f.date_to, '9999'), predicate, subject, object, f.key
