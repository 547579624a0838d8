import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { useApiServer, type Credentials } from '../support/http-client.ts';

/** GET /api/plans/{id}: one stored version's document, as saved and as read. */
const env = useApiServer();
const PASSWORD = 'plan-document-password-42';
const WELLNESS = readFileSync(new URL('../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8');
const JSON_PLAN = JSON.stringify({ plan: 'json-plan', version: 1, effectiveFrom: '2020-01-01', currency: 'INR', bonuses: [{ id: 'u', type: 'unilevel', levels: ['5%'] }] }, null, 2);

let as: Record<'finance' | 'support' | 'distributor', Credentials>;
const versions: Record<'yaml' | 'json', number> = { yaml: 0, json: 0 };

beforeAll(async () => {
  for (const [key, source] of [['yaml', WELLNESS], ['json', JSON_PLAN]] as const) {
    const saved = await env.server.request('POST', '/api/plans', { body: { source } });
    expect(saved.status, saved.text).toBe(201);
    versions[key] = saved.body.id;
  }
  const distributor = (await env.server.request('POST', '/api/members', { body: { name: 'Dev Distributor', type: 'distributor', sponsor: 'SM1' } })).body;
  const ctx = env.database.ctx;
  await createUser(ctx, { email: 'fin@plans.test', roles: ['finance'], password: PASSWORD });
  await createUser(ctx, { email: 'sup@plans.test', roles: ['support'], password: PASSWORD });
  await createUser(ctx, { email: 'dev@plans.test', roles: ['distributor'], member: distributor.code, password: PASSWORD });
  as = {
    finance: await env.server.signIn('fin@plans.test', PASSWORD),
    support: await env.server.signIn('sup@plans.test', PASSWORD),
    distributor: await env.server.signIn('dev@plans.test', PASSWORD),
  };
});

describe('a plan version with its document', () => {
  it('returns the text exactly as saved (comments and all) and the document as the engine read it', async () => {
    const answer = await env.server.request('GET', `/api/plans/${versions.yaml}`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ id: versions.yaml, plan: 'aarogya-wellness', version: 1, effectiveFrom: '2026-01-01' });
    expect(answer.body.source).toBe(WELLNESS);
    expect(answer.body.source).toContain('# Aarogya Wellness');
    expect(answer.body.document).toMatchObject({ plan: 'aarogya-wellness', version: 1, rounding: 'half-up', activity: { minPV: 100 } });
    expect(Array.isArray(answer.body.document.bonuses)).toBe(true);
    // The same version as the list shows it.
    const listed = (await env.server.request('GET', '/api/plans')).body.items.find((item: { id: number }) => item.id === versions.yaml);
    expect({ ...answer.body, source: undefined, document: undefined }).toMatchObject(listed);
  });

  it('keeps a JSON document as JSON text', async () => {
    const answer = await env.server.request('GET', `/api/plans/${versions.json}`, { as: as.finance });
    expect(answer.status).toBe(200);
    expect(answer.body.source).toBe(JSON_PLAN);
    expect(answer.body.document).toMatchObject({ plan: 'json-plan', bonuses: [{ id: 'u', type: 'unilevel' }] });
  });

  it('answers an unknown version with PLAN_VERSION_NOT_FOUND, in Hindi when asked, and a malformed id with a validation error', async () => {
    const missing = await env.server.request('GET', '/api/plans/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('PLAN_VERSION_NOT_FOUND');
    const hindi = await env.server.request('GET', '/api/plans/999999', { headers: { 'accept-language': 'hi' } });
    expect(hindi.body.error.message).toContain('मौजूद नहीं');
    for (const bad of ['abc', '0', '-3', '1.5', '99999999999999999999']) expect((await env.server.request('GET', `/api/plans/${bad}`)).status, bad).toBe(400);
  });

  it('is for those who read plans (owner, admin, finance): support and distributors are refused', async () => {
    for (const who of [as.support, as.distributor]) {
      const refused = await env.server.request('GET', `/api/plans/${versions.yaml}`, { as: who });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      expect(refused.text).not.toContain('aarogya');
    }
    expect((await env.server.request('GET', `/api/plans/${versions.yaml}`, { as: 'anonymous' })).status).toBe(401);
  });
});
