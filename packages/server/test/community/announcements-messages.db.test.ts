import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/services/auth/users.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'community-password-42';

/**
 * Sponsor tree: SM1 ← Asha (hi, Rajasthan) ← Arun ← Anil; Asha ← Aditi; Asha ← Chitra (customer);
 * SM1 ← Bala (en, Kerala) ← Bindu. Asha's team and Bala's team never see each other's posts.
 */
let database: TestDatabase;
let server: TestServer;
const m = {} as Record<'asha' | 'arun' | 'anil' | 'aditi' | 'chitra' | 'bala' | 'bindu', { id: number; code: string }>;
const as = {} as Record<'asha' | 'arun' | 'anil' | 'chitra' | 'bala' | 'bindu', Credentials>;

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  const ctx = database.ctx;
  m.asha = await enrollMember(ctx, { name: 'Asha', type: 'distributor', sponsor: 'SM1', language: 'hi', region: 'Rajasthan' });
  m.arun = await enrollMember(ctx, { name: 'Arun', type: 'distributor', sponsor: m.asha.code, region: 'Rajasthan' });
  m.anil = await enrollMember(ctx, { name: 'Anil', type: 'distributor', sponsor: m.arun.code, language: 'hi' });
  m.aditi = await enrollMember(ctx, { name: 'Aditi', type: 'distributor', sponsor: m.asha.code });
  m.chitra = await enrollMember(ctx, { name: 'Chitra', type: 'retail', sponsor: m.asha.code });
  m.bala = await enrollMember(ctx, { name: 'Bala', type: 'distributor', sponsor: 'SM1', region: 'Kerala' });
  m.bindu = await enrollMember(ctx, { name: 'Bindu', type: 'distributor', sponsor: m.bala.code, language: 'hi' });
  server = await startServer(database.handle);
  for (const key of ['asha', 'arun', 'anil', 'chitra', 'bala', 'bindu'] as const) {
    await createUser(ctx, { email: `${key}@community.test`, roles: [key === 'chitra' ? 'customer' : 'distributor'], member: m[key].code, password: PASSWORD });
    as[key] = await server.signIn(`${key}@community.test`, PASSWORD);
  }
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

const recipientsOf = async (id: number) =>
  (await database.ctx.db.selectFrom('announcement_recipients as r').innerJoin('members as m', 'm.id', 'r.member_id').select('m.name').where('r.announcement_id', '=', id).orderBy('m.name').execute()).map((row) => row.name);
const count = async (table: 'announcements' | 'announcement_recipients' | 'messages') =>
  Number((await database.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const post = (who: Credentials | undefined, audience: unknown, title = 'Team meeting') =>
  server.request('POST', '/api/announcements', { as: who, body: { language: 'hi', title, body: 'रविवार को मिलते हैं', audience } });

describe('announcements', () => {
  it('reaches a distributor\'s whole downline and never another team', async () => {
    const posted = await post(as.asha, { scope: 'downline' });
    expect(posted.status, posted.text).toBe(201);
    expect(await recipientsOf(posted.body.id)).toEqual(['Aditi', 'Anil', 'Arun', 'Chitra']);
    expect(posted.body.recipients).toBe(4);
    const anil = await server.request('GET', `/api/members/${m.anil.code}/announcements`, { as: as.anil });
    expect(anil.body.items).toMatchObject([{ id: posted.body.id, title: 'Team meeting', body: 'रविवार को मिलते हैं', language: 'hi', author: { code: m.asha.code }, readAt: null }]);
    for (const other of ['bala', 'bindu'] as const) {
      const list = await server.request('GET', `/api/members/${m[other].code}/announcements`, { as: as[other] });
      expect(list.body.items, other).toEqual([]);
    }
    const read = await server.request('POST', `/api/members/${m.anil.code}/announcements/${posted.body.id}/read`, { as: as.anil });
    expect(read.body).toEqual({ marked: 1 });
    expect((await server.request('GET', `/api/members/${m.anil.code}/announcements`, { as: as.anil })).body.items[0].readAt).not.toBeNull();
    // Bala cannot read Anil's list.
    expect((await server.request('GET', `/api/members/${m.anil.code}/announcements`, { as: as.bala })).status).toBe(403);
  });

  it('narrows to the frontline, to N levels, or to one leg', async () => {
    expect(await recipientsOf((await post(as.asha, { scope: 'downline', frontline: true })).body.id)).toEqual(['Aditi', 'Arun', 'Chitra']);
    expect(await recipientsOf((await post(as.asha, { scope: 'downline', levels: 1 })).body.id)).toEqual(['Aditi', 'Arun', 'Chitra']);
    expect(await recipientsOf((await post(as.asha, { scope: 'downline', levels: 2 })).body.id)).toEqual(['Aditi', 'Anil', 'Arun', 'Chitra']);
    expect(await recipientsOf((await post(as.asha, { scope: 'downline', leg: m.arun.code })).body.id)).toEqual(['Anil', 'Arun']);
    expect(await recipientsOf((await post(as.bala, { scope: 'downline' })).body.id)).toEqual(['Bindu']);
  });

  it('refuses a foreign leg or an empty audience with a code, and writes nothing', async () => {
    const before = [await count('announcements'), await count('announcement_recipients')];
    for (const leg of [m.bindu.code, m.anil.code, 'SM1', 'SM999999']) {
      const foreign = await post(as.asha, { scope: 'downline', leg });
      expect(foreign.status, leg).toBe(422);
      expect(foreign.body.error.code).toBe('ANNOUNCEMENT_AUDIENCE_FOREIGN');
    }
    const empty = await post(as.anil, { scope: 'downline' });
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatchObject({ code: 'ANNOUNCEMENT_AUDIENCE_EMPTY', message: 'Nobody is in this audience, so the announcement was not posted.' });
    const nowhere = await post(undefined, { scope: 'company', region: 'Atlantis' });
    expect(nowhere.body.error.code).toBe('ANNOUNCEMENT_AUDIENCE_EMPTY');
    const rank = await post(undefined, { scope: 'company', rankAtLeast: 'diamond' });
    expect(rank.body.error.code).toBe('RANK_UNKNOWN');
    expect([await count('announcements'), await count('announcement_recipients')]).toEqual(before);
    // A distributor cannot speak for the company, and a customer cannot post at all.
    expect((await post(as.asha, { scope: 'company' })).status).toBe(403);
    expect((await post(as.chitra, { scope: 'downline' })).status).toBe(403);
  });

  it('lets the company address everyone, a region or a language', async () => {
    const everyone = await post(undefined, { scope: 'company' }, 'New product');
    expect(everyone.body.recipients).toBe(8);
    expect(await recipientsOf((await post(undefined, { scope: 'company', region: 'rajasthan' })).body.id)).toEqual(['Arun', 'Asha']);
    expect(await recipientsOf((await post(undefined, { scope: 'company', language: 'hi' })).body.id)).toEqual(['Anil', 'Asha', 'Bindu']);
    expect(await recipientsOf((await post(undefined, { scope: 'company', language: 'hi', region: 'Rajasthan' })).body.id)).toEqual(['Asha']);
    const all = await server.request('GET', '/api/announcements?limit=3');
    expect(all.body.items[0]).toMatchObject({ author: null, audience: { scope: 'company', language: 'hi', region: 'Rajasthan' }, recipients: 1 });
  });
});

describe('messages', () => {
  const send = (who: Credentials, from: string, to: string, body = 'Namaste') => server.request('POST', `/api/members/${from}/messages`, { as: who, body: { to, body } });

  it('go between a member and their sponsor or their frontline, and nowhere else', async () => {
    const up = await send(as.arun, m.arun.code, m.asha.code, 'Can we meet?');
    expect(up.status, up.text).toBe(201);
    expect(up.body).toMatchObject({ from: { code: m.arun.code }, to: { code: m.asha.code }, body: 'Can we meet?', hidden: null });
    expect((await send(as.asha, m.asha.code, m.arun.code, 'Yes, Sunday')).status).toBe(201);
    expect((await send(as.chitra, m.chitra.code, m.asha.code, 'Where is my order?')).status).toBe(201);
    const before = await count('messages');
    for (const [who, from, to] of [
      [as.asha, m.asha.code, m.anil.code], // two levels down
      [as.anil, m.anil.code, m.asha.code], // two levels up
      [as.asha, m.asha.code, m.bala.code], // another team
      [as.asha, m.asha.code, m.bindu.code],
      [as.arun, m.arun.code, m.aditi.code], // a sibling
    ] as const) {
      const refused = await send(who, from, to);
      expect(refused.status, `${from} → ${to}`).toBe(422);
      expect(refused.body.error.code).toBe('MESSAGE_OUTSIDE_LINES');
    }
    // Only as oneself.
    expect((await send(as.asha, m.arun.code, m.asha.code)).status).toBe(403);
    expect(await count('messages')).toBe(before);
    const asha = await server.request('GET', `/api/members/${m.asha.code}/messages?with=${m.arun.code}`, { as: as.asha });
    expect(asha.body.items.map((item: { body: string }) => item.body)).toEqual(['Yes, Sunday', 'Can we meet?']);
    expect(asha.body.items[1].readAt).toBeNull();
    const again = await server.request('GET', `/api/members/${m.asha.code}/messages?with=${m.arun.code}`, { as: as.asha });
    expect(again.body.items[1].readAt).not.toBeNull();
  });

  it('lets the company hide a message and turn a member\'s messaging off', async () => {
    const rude = await send(as.arun, m.arun.code, m.asha.code, 'Something rude');
    const hidden = await server.request('POST', `/api/messages/${rude.body.id}/hide`, { body: { reason: 'abusive' } });
    expect(hidden.status, hidden.text).toBe(200);
    const member = await server.request('GET', `/api/members/${m.asha.code}/messages`, { as: as.asha });
    expect(member.body.items.map((item: { body: string }) => item.body)).not.toContain('Something rude');
    const moderator = await server.request('GET', `/api/members/${m.asha.code}/messages`);
    expect(moderator.body.items[0]).toMatchObject({ body: 'Something rude', hidden: { reason: 'abusive' } });
    expect((await server.request('POST', `/api/messages/${rude.body.id}/hide`, { as: as.asha, body: { reason: 'x' } })).status).toBe(403);
    expect((await server.request('POST', '/api/messages/999999/hide', { body: { reason: 'x' } })).body.error.code).toBe('MESSAGE_NOT_FOUND');

    expect((await server.request('PUT', `/api/members/${m.arun.code}/messaging`, { body: { disabled: 'repeated abuse' } })).body).toMatchObject({ messagingDisabled: 'repeated abuse' });
    const off = await send(as.arun, m.arun.code, m.asha.code);
    expect(off.status).toBe(422);
    expect(off.body.error.code).toBe('MESSAGING_DISABLED');
    await server.request('PUT', `/api/members/${m.arun.code}/messaging`, { body: { disabled: null } });
    expect((await send(as.arun, m.arun.code, m.asha.code)).status).toBe(201);
  });
});
