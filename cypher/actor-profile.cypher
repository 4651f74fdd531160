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
// The actor and its organs, each as often as the walk reaches it.
WITH a, collect(x) AS organs
// One typed walk a predicate and direction from the actor and each organ (a walk over every relationship type
// of a hub costs several times as much); a symmetric predicate (MET_WITH, ...) is walked either way. The
// predicates of kb/ontology/predicates.yaml; a test keeps this list complete.
// Each walk rolls its organs up itself: n facts a counterpart, most first; out of the walk come only its total
// and the counterparts with at least as many facts as the tenth (ties at the tenth too, for names to decide
// below), so names are read, and rows sorted by name, only for those that can be in a top ten. A walk that
// finds nothing still gives a row, with 0 facts, left out after the CALL.
CALL {
  WITH organs UNWIND organs AS x MATCH (x)-[f:ACCUSED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'ACCUSED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:ACCUSED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'ACCUSED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:ATTACKED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'ATTACKED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:ATTACKED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'ATTACKED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:CALLED_FOR]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'CALLED_FOR' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:CALLED_FOR]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'CALLED_FOR' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:COOPERATES_WITH]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'both' AS direction, 'COOPERATES_WITH' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:DELISTED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'DELISTED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:DELISTED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'DELISTED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:DESIGNATED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'DESIGNATED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:DESIGNATED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'DESIGNATED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:HAS_RESOURCE]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'HAS_RESOURCE' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:HAS_RESOURCE]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'HAS_RESOURCE' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:HOLDS_OFFICE]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'HOLDS_OFFICE' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:HOLDS_OFFICE]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'HOLDS_OFFICE' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:HOSTED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'HOSTED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:HOSTED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'HOSTED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:INTERESTED_IN]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'INTERESTED_IN' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:INTERESTED_IN]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'INTERESTED_IN' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:LIFTED_SANCTIONS]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'LIFTED_SANCTIONS' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:LIFTED_SANCTIONS]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'LIFTED_SANCTIONS' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:MEMBER_OF]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'MEMBER_OF' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:MEMBER_OF]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'MEMBER_OF' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:MET_WITH]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'both' AS direction, 'MET_WITH' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:OFFERED_SUPPORT]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'OFFERED_SUPPORT' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:OFFERED_SUPPORT]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'OFFERED_SUPPORT' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:OPPOSED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'OPPOSED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:OPPOSED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'OPPOSED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:PARTICIPATED_IN]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'PARTICIPATED_IN' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:PARTICIPATED_IN]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'PARTICIPATED_IN' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:RECOGNIZED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'RECOGNIZED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:RECOGNIZED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'RECOGNIZED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:SANCTIONED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'SANCTIONED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:SANCTIONED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'SANCTIONED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:SEEKS]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'SEEKS' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:SEEKS]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'SEEKS' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:SIGNED_AGREEMENT]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'both' AS direction, 'SIGNED_AGREEMENT' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:SUPPORTED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'SUPPORTED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:SUPPORTED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'SUPPORTED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:TOOK_CONTROL_OF]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'TOOK_CONTROL_OF' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:TOOK_CONTROL_OF]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'TOOK_CONTROL_OF' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:TRADES_WITH]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'TRADES_WITH' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:TRADES_WITH]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'TRADES_WITH' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:VISITED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'VISITED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:VISITED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'VISITED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:WARNED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'WARNED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:WARNED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'WARNED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:WELCOMED]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'WELCOMED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:WELCOMED]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'WELCOMED' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)-[f:WITHDREW_FROM]->(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'out' AS direction, 'WITHDREW_FROM' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  UNION ALL WITH organs UNWIND organs AS x MATCH (x)<-[f:WITHDREW_FROM]-(o:Entity) WITH o, count(f) AS n ORDER BY n DESC
    WITH sum(n) AS facts, collect([n, o]) AS c
    RETURN 'in' AS direction, 'WITHDREW_FROM' AS predicate, facts, [p IN c WHERE p[0] >= coalesce(c[9][0], 0)] AS top
  // A row for an entity without facts, which would otherwise leave the answer empty.
  UNION ALL WITH organs RETURN null AS direction, null AS predicate, 0 AS facts, [] AS top
}
WITH a, direction, predicate, facts, top WHERE facts > 0 OR predicate IS NULL
UNWIND CASE WHEN size(top) = 0 THEN [null] ELSE top END AS p
WITH a, direction, predicate, toInteger(facts) AS facts, p[0] AS n, p[1] AS o
ORDER BY n DESC, o.name
WITH a, direction, predicate, facts, collect(o.name)[..10] AS counterparts
// An actor without facts gets one row with predicate null and 0 facts.
WITH a, collect({direction: direction, predicate: predicate, facts: facts, counterparts: counterparts}) AS rows
WITH a, [r IN rows WHERE r.predicate IS NOT NULL] AS known, rows
UNWIND CASE WHEN size(known) > 0 THEN known ELSE rows[..1] END AS r
RETURN a.key AS key, a.name AS actor, [l IN labels(a) WHERE l <> 'Entity'][0] AS kind, a.names AS names,
       r.direction AS direction, r.predicate AS predicate, r.facts AS facts, r.counterparts AS counterparts
ORDER BY key, coalesce(direction, ''), coalesce(predicate, '')
