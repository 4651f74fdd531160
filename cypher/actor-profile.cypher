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
// One typed walk a predicate and direction from the actor and each organ (a walk over every relationship type
// of a hub costs several times as much); a symmetric predicate (MET_WITH, ...) is walked either way. The
// predicates of kb/ontology/predicates.yaml; a test keeps this list complete.
CALL {
  WITH x MATCH (x)-[f:ACCUSED]->(o:Entity) RETURN 'out' AS direction, 'ACCUSED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:ACCUSED]-(o:Entity) RETURN 'in' AS direction, 'ACCUSED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:ATTACKED]->(o:Entity) RETURN 'out' AS direction, 'ATTACKED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:ATTACKED]-(o:Entity) RETURN 'in' AS direction, 'ATTACKED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:CALLED_FOR]->(o:Entity) RETURN 'out' AS direction, 'CALLED_FOR' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:CALLED_FOR]-(o:Entity) RETURN 'in' AS direction, 'CALLED_FOR' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:COOPERATES_WITH]-(o:Entity) RETURN 'both' AS direction, 'COOPERATES_WITH' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:DELISTED]->(o:Entity) RETURN 'out' AS direction, 'DELISTED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:DELISTED]-(o:Entity) RETURN 'in' AS direction, 'DELISTED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:DESIGNATED]->(o:Entity) RETURN 'out' AS direction, 'DESIGNATED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:DESIGNATED]-(o:Entity) RETURN 'in' AS direction, 'DESIGNATED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:HAS_RESOURCE]->(o:Entity) RETURN 'out' AS direction, 'HAS_RESOURCE' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:HAS_RESOURCE]-(o:Entity) RETURN 'in' AS direction, 'HAS_RESOURCE' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:HOLDS_OFFICE]->(o:Entity) RETURN 'out' AS direction, 'HOLDS_OFFICE' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:HOLDS_OFFICE]-(o:Entity) RETURN 'in' AS direction, 'HOLDS_OFFICE' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:HOSTED]->(o:Entity) RETURN 'out' AS direction, 'HOSTED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:HOSTED]-(o:Entity) RETURN 'in' AS direction, 'HOSTED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:INTERESTED_IN]->(o:Entity) RETURN 'out' AS direction, 'INTERESTED_IN' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:INTERESTED_IN]-(o:Entity) RETURN 'in' AS direction, 'INTERESTED_IN' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:LIFTED_SANCTIONS]->(o:Entity) RETURN 'out' AS direction, 'LIFTED_SANCTIONS' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:LIFTED_SANCTIONS]-(o:Entity) RETURN 'in' AS direction, 'LIFTED_SANCTIONS' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:MEMBER_OF]->(o:Entity) RETURN 'out' AS direction, 'MEMBER_OF' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:MEMBER_OF]-(o:Entity) RETURN 'in' AS direction, 'MEMBER_OF' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:MET_WITH]-(o:Entity) RETURN 'both' AS direction, 'MET_WITH' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:OFFERED_SUPPORT]->(o:Entity) RETURN 'out' AS direction, 'OFFERED_SUPPORT' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:OFFERED_SUPPORT]-(o:Entity) RETURN 'in' AS direction, 'OFFERED_SUPPORT' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:OPPOSED]->(o:Entity) RETURN 'out' AS direction, 'OPPOSED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:OPPOSED]-(o:Entity) RETURN 'in' AS direction, 'OPPOSED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:PARTICIPATED_IN]->(o:Entity) RETURN 'out' AS direction, 'PARTICIPATED_IN' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:PARTICIPATED_IN]-(o:Entity) RETURN 'in' AS direction, 'PARTICIPATED_IN' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:RECOGNIZED]->(o:Entity) RETURN 'out' AS direction, 'RECOGNIZED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:RECOGNIZED]-(o:Entity) RETURN 'in' AS direction, 'RECOGNIZED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:SANCTIONED]->(o:Entity) RETURN 'out' AS direction, 'SANCTIONED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:SANCTIONED]-(o:Entity) RETURN 'in' AS direction, 'SANCTIONED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:SEEKS]->(o:Entity) RETURN 'out' AS direction, 'SEEKS' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:SEEKS]-(o:Entity) RETURN 'in' AS direction, 'SEEKS' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:SIGNED_AGREEMENT]-(o:Entity) RETURN 'both' AS direction, 'SIGNED_AGREEMENT' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:SUPPORTED]->(o:Entity) RETURN 'out' AS direction, 'SUPPORTED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:SUPPORTED]-(o:Entity) RETURN 'in' AS direction, 'SUPPORTED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:TOOK_CONTROL_OF]->(o:Entity) RETURN 'out' AS direction, 'TOOK_CONTROL_OF' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:TOOK_CONTROL_OF]-(o:Entity) RETURN 'in' AS direction, 'TOOK_CONTROL_OF' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:TRADES_WITH]->(o:Entity) RETURN 'out' AS direction, 'TRADES_WITH' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:TRADES_WITH]-(o:Entity) RETURN 'in' AS direction, 'TRADES_WITH' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:VISITED]->(o:Entity) RETURN 'out' AS direction, 'VISITED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:VISITED]-(o:Entity) RETURN 'in' AS direction, 'VISITED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:WARNED]->(o:Entity) RETURN 'out' AS direction, 'WARNED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:WARNED]-(o:Entity) RETURN 'in' AS direction, 'WARNED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:WELCOMED]->(o:Entity) RETURN 'out' AS direction, 'WELCOMED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:WELCOMED]-(o:Entity) RETURN 'in' AS direction, 'WELCOMED' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)-[f:WITHDREW_FROM]->(o:Entity) RETURN 'out' AS direction, 'WITHDREW_FROM' AS predicate, o, count(f) AS n
  UNION ALL WITH x MATCH (x)<-[f:WITHDREW_FROM]-(o:Entity) RETURN 'in' AS direction, 'WITHDREW_FROM' AS predicate, o, count(f) AS n
  // A row for an entity without facts, which would otherwise leave the answer empty.
  UNION ALL WITH x RETURN null AS direction, null AS predicate, null AS o, 0 AS n
}
WITH a, direction, predicate, o, sum(n) AS n
ORDER BY n DESC, o.name
WITH a, direction, predicate, toInteger(sum(n)) AS facts, collect(o.name)[..10] AS counterparts
// An actor without facts gets one row with predicate null and 0 facts.
WITH a, collect({direction: direction, predicate: predicate, facts: facts, counterparts: counterparts}) AS rows
WITH a, [r IN rows WHERE r.predicate IS NOT NULL] AS known, rows
UNWIND CASE WHEN size(known) > 0 THEN known ELSE rows[..1] END AS r
RETURN a.key AS key, a.name AS actor, [l IN labels(a) WHERE l <> 'Entity'][0] AS kind, a.names AS names,
       r.direction AS direction, r.predicate AS predicate, r.facts AS facts, r.counterparts AS counterparts
ORDER BY key, coalesce(direction, ''), coalesce(predicate, '')
