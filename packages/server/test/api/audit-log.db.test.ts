import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { useApiServer, type Credentials } from '../support/http-client.ts';

/** GET /api/audit: the audit trail read back, filtered, paged and masked. */
const env = useApiServer();
const PASSWORD = 'audit-trail-password-42';
const PAN = 'ABCDE1234F';
const NEW_PAN = 'PQRSX9876K';
const BANK = '123456789012';

interface Entry {
  id: number;
  at: string;
  actor: { label: string; kind: string; name: string | null; email: string | null };
  action: string;
  entity: string;
  entityId: string;
  entityRef: string | null;
  reason: string | null;
  before: any;
  after: any;
}
interface AuditPage {
  items: Entry[];
  limit: number;
  hasMore: boolean;
  nextBefore: number | null;
}

let member: { id: number; code: string };
let other: { id: number; code: string };
let as: Record<'finance' | 'support' | 'distributor', Credentials>;
let legacyId: number;

const audit = (query: string, options: { as?: Credentials | 'anonymous' } = {}) => env.server.request<AuditPage & { error?: any }>('GET', `/api/audit${query}`, options);

/** Every entry a filter finds, following the cursor page by page. */
async function everything(query: string, limit: number): Promise<Entry[]> {
  const seen: Entry[] = [];
  let before: number | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await audit(`?limit=${limit}${query}${before === null ? '' : `&before=${before}`}`);
    expect(page.status, page.text).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.body.items);
    if (!page.body.hasMore) {
      expect(page.body.nextBefore).toBeNull();
      return seen;
    }
    expect(page.body.nextBefore).toBe(page.body.items.at(-1)!.id);
    before = page.body.nextBefore;
  }
  throw new Error('the cursor never ended');
}

beforeAll(async () => {
  const request = env.server.request;
  const enrolled = await request('POST', '/api/members', { body: { name: 'Kavita KYC', type: 'distributor', sponsor: 'SM1', pan: PAN, bankAccount: BANK, bankIfsc: 'HDFC0001234' } });
  expect(enrolled.status, enrolled.text).toBe(201);
  member = enrolled.body;
  other = (await request('POST', '/api/members', { body: { name: 'Omar Other', type: 'distributor', sponsor: 'SM1' } })).body;
  const changed = await request('PATCH', `/api/members/${member.code}`, { body: { pan: NEW_PAN, reason: 'PAN card reissued' } });
  expect(changed.status, changed.text).toBe(200);

  const ctx = env.database.ctx;
  await createUser(ctx, { email: 'farah@audit.test', name: 'Farah Finance', roles: ['finance'], password: PASSWORD });
  await createUser(ctx, { email: 'sunil@audit.test', roles: ['support'], password: PASSWORD });
  await createUser(ctx, { email: 'kavita@audit.test', roles: ['distributor'], member: member.code, password: PASSWORD });
  as = {
    finance: await env.server.signIn('farah@audit.test', PASSWORD),
    support: await env.server.signIn('sunil@audit.test', PASSWORD),
    distributor: await env.server.signIn('kavita@audit.test', PASSWORD),
  };
  // Finance opens the next period: an entry by Farah.
  const opened = await request('POST', '/api/periods', { as: as.finance });
  expect(opened.status, opened.text).toBe(201);
  // An entry written before masking, with KYC numbers whole and nested, late on 15 January 2024 UTC (16 January in India).
  const legacy = await sql<{ id: number }>`
    INSERT INTO audit_log (at, actor, action, entity, entity_id, reason, before, after)
    VALUES ('2024-01-15T20:00:00Z', 'system', 'member.kyc_imported', 'member', ${String(member.id)}, 'old import',
            ${JSON.stringify({ kyc: { pan: PAN, bank_account: BANK } })}::jsonb,
            ${JSON.stringify({ kyc: { pan: PAN, bankAccount: BANK }, accounts: [{ bankAccount: BANK }] })}::jsonb)
    RETURNING id`.execute(env.database.handle.db);
  legacyId = legacy.rows[0]!.id;
});

describe('the audit trail', () => {
  it('lists entries newest first, with who, what, which record, why, before and after', async () => {
    const page = await audit('?limit=200');
    expect(page.status).toBe(200);
    const ids = page.body.items.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const update = page.body.items.find((entry) => entry.action === 'member.updated' && entry.entityId === String(member.id))!;
    expect(update).toMatchObject({
      actor: { label: 'user:owner@samooh.test', kind: 'user', email: 'owner@samooh.test' },
      entity: 'member',
      entityRef: member.code,
      reason: 'PAN card reissued',
    });
    expect(Date.parse(update.at)).not.toBeNaN();
    expect(update.before).toBeTypeOf('object');
    expect(update.after).toBeTypeOf('object');
    const opened = page.body.items.find((entry) => entry.action === 'period.opened' && entry.actor.email === 'farah@audit.test')!;
    expect(opened.actor).toEqual({ label: 'user:farah@audit.test', kind: 'user', name: 'Farah Finance', email: 'farah@audit.test' });
  });

  it('never shows a PAN or bank account number whole, however deep it sits', async () => {
    const page = await audit(`?entity=member&ref=${member.code}&limit=200`);
    expect(page.text).not.toContain(PAN);
    expect(page.text).not.toContain(NEW_PAN);
    expect(page.text).not.toContain(BANK);
    const legacy = page.body.items.find((entry) => entry.id === legacyId)!;
    expect(legacy.before).toEqual({ kyc: { pan: '••••••234F', bank_account: '••••••••9012' } });
    expect(legacy.after).toEqual({ kyc: { pan: '••••••234F', bankAccount: '••••••••9012' }, accounts: [{ bankAccount: '••••••••9012' }] });
    const update = page.body.items.find((entry) => entry.action === 'member.updated')!;
    expect(JSON.stringify(update.after)).toContain('876K');
  });

  it('filters by record: a member code, an id as written, and a record kind', async () => {
    const byCode = await everything(`&ref=${member.code.toLowerCase()}`, 200);
    expect(byCode.length).toBeGreaterThanOrEqual(3);
    expect(byCode.every((entry) => entry.entity === 'member' && entry.entityId === String(member.id) && entry.entityRef === member.code)).toBe(true);
    expect(byCode.map((entry) => entry.action)).toEqual(expect.arrayContaining(['member.enrolled', 'member.updated', 'member.kyc_imported']));
    const byId = await everything(`&entity=member&ref=${member.id}`, 200);
    expect(byId.map((entry) => entry.id)).toEqual(byCode.map((entry) => entry.id));
    const otherOnes = await everything(`&ref=${other.code}`, 200);
    expect(otherOnes.map((entry) => entry.action)).toEqual(['member.enrolled']);
    const periods = await everything('&entity=period', 200);
    expect(periods.length).toBeGreaterThan(0);
    expect(periods.every((entry) => entry.entity === 'period')).toBe(true);
    // A code nobody has finds nothing, and so does a member code asked for as an order.
    expect((await audit('?ref=SM999999')).body.items).toEqual([]);
    expect((await audit(`?entity=order&ref=${member.code}`)).body.items).toEqual([]);
  });

  it('filters by actor (e-mail, name or label, any case) and by action or a prefix of actions', async () => {
    const byName = await everything('&actor=farah fin', 200);
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((entry) => entry.actor.email === 'farah@audit.test')).toBe(true);
    const byEmail = await everything('&actor=FARAH@AUDIT', 200);
    expect(byEmail.map((entry) => entry.id)).toEqual(byName.map((entry) => entry.id));
    const bySystem = await everything('&actor=system', 200);
    expect(bySystem.map((entry) => entry.id)).toContain(legacyId);
    expect(bySystem.every((entry) => entry.actor.kind === 'system')).toBe(true);
    // LIKE's own characters are taken literally.
    expect((await audit('?actor=%25')).body.items).toEqual([]);

    const members = await everything('&action=member', 200);
    expect(members.length).toBeGreaterThanOrEqual(4);
    expect(members.every((entry) => entry.action.startsWith('member.'))).toBe(true);
    const updates = await everything('&action=member.updated', 200);
    expect(updates.map((entry) => entry.action)).toEqual(['member.updated']);
    // A prefix matches whole words only: "mem" is no action.
    expect((await audit('?action=mem')).body.items).toEqual([]);
  });

  it("filters by days in the company's time zone, both ends included", async () => {
    const onThe16th = await everything('&from=2024-01-16&to=2024-01-16', 200);
    expect(onThe16th.map((entry) => entry.id)).toEqual([legacyId]);
    expect(await everything('&from=2024-01-14&to=2024-01-15', 200)).toEqual([]);
    const since = await everything('&from=2024-01-17', 200);
    expect(since.length).toBeGreaterThan(0);
    expect(since.map((entry) => entry.id)).not.toContain(legacyId);
    const until = await everything('&to=2024-01-16', 200);
    expect(until.map((entry) => entry.id)).toEqual([legacyId]);
    const combined = await everything(`&from=2024-01-01&to=2024-12-31&ref=${member.code}&action=member&actor=system`, 200);
    expect(combined.map((entry) => entry.id)).toEqual([legacyId]);
  });

  it('pages by cursor: every entry exactly once, newest first', async () => {
    const all = (await audit('?limit=200')).body.items;
    expect(all.length).toBeGreaterThan(5);
    const paged = await everything('', 2);
    expect(paged.map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
    const filteredPaged = await everything(`&ref=${member.code}`, 1);
    expect(filteredPaged.map((entry) => entry.id)).toEqual((await everything(`&ref=${member.code}`, 200)).map((entry) => entry.id));
  });

  it('is for owners, admins and finance: support and distributors are refused, nobody signed in too', async () => {
    expect((await audit('', { as: as.finance })).status).toBe(200);
    const support = await audit('', { as: as.support });
    expect(support.status).toBe(403);
    expect(support.body.error.code).toBe('FORBIDDEN');
    const distributor = await audit(`?ref=${member.code}`, { as: as.distributor });
    expect(distributor.status).toBe(403);
    expect(distributor.text).not.toContain('234F');
    expect((await audit('', { as: 'anonymous' })).status).toBe(401);
  });

  it('is described in the OpenAPI document from the same schemas that validate it', async () => {
    const document = await env.server.request('GET', '/api/openapi.json');
    const operation = document.body.paths['/api/audit'].get;
    expect(operation.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`).sort()).toEqual(
      ['query:action', 'query:actor', 'query:before', 'query:entity', 'query:from', 'query:limit', 'query:ref', 'query:to'],
    );
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400']));
    expect(document.body.components.schemas.AuditEntry.properties).toHaveProperty('before');
    expect(Object.keys(document.body.components.schemas.AuditEntry.properties)).toEqual(expect.arrayContaining(['at', 'actor', 'action', 'entity', 'entityRef', 'reason', 'after']));
  });

  it('refuses filters it cannot read with a coded error', async () => {
    for (const query of ['?from=2024-02-01&to=2024-01-01', '?entity=Member;DROP', '?from=yesterday', '?limit=0', '?limit=201', '?before=-1', '?action=%20']) {
      const answer = await audit(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code, query).toBeTypeOf('string');
    }
  });
});
