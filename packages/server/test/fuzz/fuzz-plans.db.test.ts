import { readdirSync, readFileSync } from 'node:fs';
import { EngineInputError, parsePlan } from '@samooh/engine';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml, parse as parseYaml } from 'yaml';
import { smallCompany } from '../support/fixtures.ts';
import { hostileText, HOSTILE_STRINGS, mutated, nestedJson } from '../support/hostile-input.ts';
import { startServer, type ApiResponse, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * Plan documents under hostile input: the engine's parser, POST /api/plans/lint and
 * POST /api/plans. Near-valid documents (an example plan with values swapped for huge
 * numbers, unicode, SQL and HTML fragments, deep nesting, or removed), YAML tricks (alias
 * bombs, tags, duplicate keys, deep flow nesting) and plain junk. The parser either returns a
 * plan or throws its coded PLAN_INVALID; the routes answer below 500 with a coded refusal that
 * carries no stack or SQL; a refused save writes nothing.
 */

const EXAMPLES = new URL('../../../../examples/plans/', import.meta.url);
const examples = readdirSync(EXAMPLES).filter((name) => name.endsWith('.yaml')).map((name) => readFileSync(new URL(name, EXAMPLES), 'utf8'));
const documents = examples.map((text) => parseYaml(text) as unknown);

const yamlTricks = fc.constantFrom(
  // A "billion laughs" alias bomb.
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
  'plan: !!js/function "function(){ return 1 }"\n',
  'plan: !!binary aGVsbG8=\nversion: !!float .nan\n',
  'plan: x\nplan: y\nversion: 1\nversion: 2\n',
  '? [a, b]\n: c\n',
  '%YAML 1.1\n---\nplan: x\n...\n---\nplan: y\n',
  nestedJson(5_000),
  `${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`,
  `${'- '.repeat(2_000)}x`,
  'plan: "\\uD800"\n',
  '\ufeff{"plan": 1}',
  'version: 1e999\neffectiveFrom: 2026-02-30\n',
  '',
  '   ',
  '---',
  'null',
);

const source: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...documents).chain(mutated).chain((doc) => fc.constantFrom(JSON.stringify(doc) ?? 'null', safeYaml(doc))) },
  { weight: 2, arbitrary: yamlTricks },
  { weight: 1, arbitrary: fc.constantFrom(...examples).chain((text) => fc.tuple(fc.nat(text.length), hostileText).map(([at, junk]) => text.slice(0, at) + junk + text.slice(at))) },
  { weight: 1, arbitrary: fc.oneof(hostileText, fc.string({ unit: 'binary', maxLength: 300 })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
);

function safeYaml(document: unknown): string {
  try {
    // A document mutated away to nothing has no YAML form at all.
    return toYaml(document) ?? 'null';
  } catch {
    return JSON.stringify(document) ?? 'null';
  }
}

let database: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  server = await startServer(database.handle);
}, 600_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const planVersions = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM plan_versions`.execute(database.handle.db)).rows[0]!.n;

function expectCodedRefusal(response: ApiResponse, what: string) {
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) expect(response.body?.error?.code, what).toMatch(/^[A-Z_]+$/);
  expect(response.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|SELECT |INSERT INTO/);
}

describe('plan documents under hostile input', () => {
  it('the parser returns a plan or a coded PLAN_INVALID, never anything else', () => {
    let tried = 0;
    let refused = 0;
    fc.assert(
      fc.property(source, (text) => {
        tried += 1;
        try {
          parsePlan(text);
        } catch (error) {
          refused += 1;
          expect(error).toBeInstanceOf(EngineInputError);
          expect((error as EngineInputError).code).toBe('PLAN_INVALID');
        }
      }),
      { numRuns: 3_000 },
    );
    console.log(`plan parser: ${tried} documents tried, ${refused} refused with PLAN_INVALID, ${tried - refused} valid`);
  }, 900_000);

  it('POST /api/plans/lint and POST /api/plans answer every document with a plan or a coded refusal, writing nothing when refused', async () => {
    const counts = { lint: 0, save: 0, stored: 0, statuses: new Map<number, number>() };
    await fc.assert(
      fc.asyncProperty(source, fc.boolean(), async (text, save) => {
        const before = save ? await planVersions() : 0;
        const response = await server.request('POST', save ? '/api/plans' : '/api/plans/lint', { body: { source: text } });
        counts.statuses.set(response.status, (counts.statuses.get(response.status) ?? 0) + 1);
        expectCodedRefusal(response, text.slice(0, 200));
        if (!save) {
          counts.lint += 1;
          return;
        }
        counts.save += 1;
        const after = await planVersions();
        if (response.status === 201) counts.stored += 1;
        expect(after - before).toBe(response.status === 201 ? 1 : 0);
      }),
      { numRuns: 1_000 },
    );
    const statuses = [...counts.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(', ');
    console.log(`plan routes: ${counts.lint} lint and ${counts.save} save requests (${counts.stored} stored); answers ${statuses}`);
  }, 1_800_000); // a thousand lint runs and saves; minutes on a busy two-core machine

  it('refuses every hostile constant as a whole document with a coded answer', async () => {
    for (const text of HOSTILE_STRINGS) expectCodedRefusal(await server.request('POST', '/api/plans/lint', { body: { source: text } }), text);
  });
});
