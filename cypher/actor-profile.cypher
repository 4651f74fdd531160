// name: actor-profile
// title: What does kb know about an actor?
// description: The entity (a key or any name, case-insensitive): its key, kind and names, and one row per
// description: direction and predicate of its facts with how many there are and the names at their other end:
// description: the ten with the most facts, most first (then by name).
// description: direction is out (the actor is the subject), in (the object) or both (a symmetric predicate such
// description: as MET_WITH). An entity without facts gets one row with predicate null and 0 facts.
// description: Organs roll up: the facts of the actor's ministries, courts and other organs (PART_OF, up to three
// description: levels) count as the actor's.
// param: actor string required entity example=Russia | the actor: a key or any of its names
MATCH (:Name {key: toLower($actor)})-[:NAMES]->(a:Entity)
MATCH (x:Entity)-[:PART_OF*0..3]->(a)
OPTIONAL MATCH (x)-[f]-(o:Entity)
WHERE f.key IS NOT NULL
// The symmetric predicates of kb/ontology/predicates.yaml; a test keeps this list in step.
WITH a, o, type(f) AS predicate, CASE WHEN f IS NULL THEN null
                                     WHEN type(f) IN ['COOPERATES_WITH', 'MET_WITH', 'SIGNED_AGREEMENT'] THEN 'both'
                                     WHEN startNode(f) = x THEN 'out'
                                     ELSE 'in' END AS direction, count(f) AS n
ORDER BY n DESC, o.name
WITH a, direction, predicate, toInteger(sum(n)) AS facts, collect(o.name)[..10] AS counterparts
// An organ without facts adds no empty row to an actor that has some.
WITH a, collect({direction: direction, predicate: predicate, facts: facts, counterparts: counterparts}) AS rows
WITH a, [r IN rows WHERE r.predicate IS NOT NULL] AS known, rows
UNWIND CASE WHEN size(known) > 0 THEN known ELSE rows[..1] END AS r
RETURN a.key AS key, a.name AS actor, [l IN labels(a) WHERE l <> 'Entity'][0] AS kind, a.names AS names,
       r.direction AS direction, r.predicate AS predicate, r.facts AS facts, r.counterparts AS counterparts
ORDER BY key, coalesce(direction, ''), coalesce(predicate, '')
