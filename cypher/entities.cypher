// name: entities
// title: Which entities does kb hold?
// description: Every entity, or those with the text in one of their names (case-insensitive, any language, any
// description: part of the name; a text with a colon also matches keys), optionally of one kind (any case), with
// description: its key, name, kind, up to five other names and number of facts, by name then key.
// description: A whole-graph listing: it reads every name (a substring is no index lookup). `kb entities` prints
// description: it, with each entity's origin (gazetteer or new).
// param: text string optional example=russ | part of a name, any case, any language
// param: kind string optional example=State | only entities of this kind: State, Organization, Person, ...
WITH toLower($text) AS t
MATCH (n:Name)-[:NAMES]->(e:Entity)
WHERE (t IS NULL OR (n.key CONTAINS t AND (n.key <> toLower(e.key) OR t CONTAINS ':')))
  AND ($kind IS NULL OR toLower($kind) IN [l IN labels(e) | toLower(l)])
WITH DISTINCT e
OPTIONAL MATCH (e)-[f]-(:Entity)
WHERE f.key IS NOT NULL
WITH e, count(DISTINCT f) AS facts
RETURN e.key AS key, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS kind,
       [x IN e.names WHERE x <> e.name][..5] AS names, facts
ORDER BY name, key
