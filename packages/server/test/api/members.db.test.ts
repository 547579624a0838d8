import { describe, expect, it } from 'vitest';
import { useApiServer } from '../support/http-client.ts';

const env = useApiServer();

const enroll = (body: Record<string, unknown>) => env.server.request('POST', '/api/members', { body });
const memberCount = async () => Number((await env.database.handle.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const auditCount = async () => Number((await env.database.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('enrolling members', () => {
  it('enrolls a distributor under a sponsor and places them in the first free slot', async () => {
    const response = await enroll({ name: 'Asha Verma', type: 'distributor', sponsor: 'SM1', phone: '+919812345678', language: 'hi', pan: 'ABCDE1234F', bankAccount: '123456789012', bankIfsc: 'HDFC0001234' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Asha Verma',
      type: 'distributor',
      status: 'active',
      language: 'hi',
      sponsor: { code: 'SM1' },
      placement: { parentCode: 'SM1', slot: 'L' },
      kyc: { status: 'submitted', pan: '••••••234F', bankAccount: '••••••••9012', bankIfsc: 'HDFC0001234' },
    });
    expect(response.body.code).toMatch(/^SM\d{6}$/);
    expect(response.text).not.toContain('ABCDE1234F');
    expect(response.text).not.toContain('123456789012');

    const second = await enroll({ name: 'Bharat Singh', type: 'distributor', sponsor: 'SM1' });
    expect(second.body.placement).toMatchObject({ parentCode: 'SM1', slot: 'R' });
    // Both slots of the root are full: the next spills over to the first free slot one level down, left to right.
    const third = await enroll({ name: 'Chetna Rao', type: 'distributor', sponsor: 'SM1' });
    expect(third.body.placement).toMatchObject({ parentCode: response.body.code, slot: 'L' });
  });

  it('places a distributor in an explicit slot inside the sponsor downline', async () => {
    const sponsor = await enroll({ name: 'Deepak Jain', type: 'distributor', sponsor: 'SM1' });
    const response = await enroll({ name: 'Esha Gupta', type: 'distributor', sponsor: sponsor.body.code, placement: { parent: sponsor.body.code, slot: 'R' } });
    expect(response.status).toBe(201);
    expect(response.body.placement).toMatchObject({ parentCode: sponsor.body.code, slot: 'R' });
  });

  it('enrolls customers without a placement', async () => {
    const response = await enroll({ name: 'Farah Khan', type: 'retail', sponsor: 'SM1' });
    expect(response.status).toBe(201);
    expect(response.body.placement).toBeNull();
  });

  it.each([
    [{ name: 'X', type: 'distributor', sponsor: 'SM999999' }, 422, 'SPONSOR_NOT_FOUND'],
    [{ name: 'X', type: 'retail', sponsor: 'SM1', placement: { parent: 'SM1', slot: 'L' } }, 422, 'PLACEMENT_FOR_CUSTOMER'],
    [{ name: 'X', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 'L' } }, 409, 'PLACEMENT_SLOT_TAKEN'],
    [{ name: 'X', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM777777', slot: 'L' } }, 422, 'PLACEMENT_PARENT_NOT_FOUND'],
    [{ name: 'X', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 3 } }, 422, 'PLACEMENT_SLOT_INVALID'],
  ])('refuses %j with %i %s and writes nothing', async (body, status, code) => {
    const [membersBefore, auditBefore] = [await memberCount(), await auditCount()];
    const response = await enroll(body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toBeTypeOf('string');
    expect([await memberCount(), await auditCount()]).toEqual([membersBefore, auditBefore]);
  });

  it('refuses a placement outside the sponsor placement downline', async () => {
    const sponsor = await enroll({ name: 'Gita Sponsor', type: 'distributor', sponsor: 'SM1' });
    const before = await memberCount();
    // The root sits above the new sponsor, so it is outside the sponsor's placement downline.
    const response = await enroll({ name: 'Ila', type: 'distributor', sponsor: sponsor.body.code, placement: { parent: 'SM1', slot: 'L' } });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE');
    expect(response.body.error.message).toBe(`Placement parent SM1 is not in the placement downline of sponsor ${sponsor.body.code}.`);
    expect(await memberCount()).toBe(before);
  });

  it('refuses a customer as sponsor', async () => {
    const customer = await enroll({ name: 'Jaya Customer', type: 'preferred', sponsor: 'SM1' });
    const response = await enroll({ name: 'X', type: 'retail', sponsor: customer.body.code });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('SPONSOR_NOT_DISTRIBUTOR');
  });

  it('names every invalid field', async () => {
    const response = await enroll({ name: '', type: 'boss', sponsor: 'SM1', phone: '12', email: 'not-mail', pan: 'XYZ', extra: 1 });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const paths = response.body.error.details.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.type', 'body.phone', 'body.email', 'body.pan']));
    expect(response.body.error.message).toContain('body.type');
  });

  it('answers in Hindi when asked', async () => {
    const response = await env.server.request('POST', '/api/members', { body: { name: 'X', type: 'retail', sponsor: 'SM424242' }, headers: { 'accept-language': 'hi-IN,hi;q=0.9' } });
    expect(response.body.error).toMatchObject({ code: 'SPONSOR_NOT_FOUND', message: 'प्रायोजक SM424242 मौजूद नहीं है।' });
  });
});

describe('reading members and the trees', () => {
  it('gets a member by id and by code, and 404s an unknown one', async () => {
    const created = await enroll({ name: 'Kiran Patel', type: 'distributor', sponsor: 'SM1', email: 'kiran@example.in' });
    const byCode = await env.server.request('GET', `/api/members/${created.body.code}`);
    const byId = await env.server.request('GET', `/api/members/${created.body.id}`);
    expect(byCode.status).toBe(200);
    expect(byId.body).toEqual(byCode.body);
    const missing = await env.server.request('GET', '/api/members/SM000404');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('MEMBER_NOT_FOUND');
  });

  it('searches by name, code and phone, paged', async () => {
    const created = await enroll({ name: 'Lakshmi Narayanan', type: 'distributor', sponsor: 'SM1', phone: '9000012345' });
    expect((await env.server.request('GET', '/api/members?q=narayan')).body.items.map((m: { code: string }) => m.code)).toEqual([created.body.code]);
    expect((await env.server.request('GET', `/api/members?q=${created.body.code}`)).body.items[0].code).toBe(created.body.code);
    expect((await env.server.request('GET', '/api/members?q=0012345')).body.items[0].code).toBe(created.body.code);
    const page1 = await env.server.request('GET', '/api/members?limit=2&offset=0');
    const page2 = await env.server.request('GET', '/api/members?limit=2&offset=2');
    expect(page1.body).toMatchObject({ limit: 2, offset: 0, hasMore: true });
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items[0].id).toBeGreaterThan(page1.body.items[1].id);
    expect((await env.server.request('GET', '/api/members?limit=0')).status).toBe(400);
    expect((await env.server.request('GET', '/api/members?q=%25')).body.items).toEqual([]);
  });

  it('lists the frontline in either tree and the upline to the root', async () => {
    const a = await enroll({ name: 'Mohan A', type: 'distributor', sponsor: 'SM1' });
    const b = await enroll({ name: 'Nisha B', type: 'distributor', sponsor: a.body.code, placement: { parent: a.body.code, slot: 'L' } });
    const c = await enroll({ name: 'Om C', type: 'distributor', sponsor: b.body.code, placement: { parent: b.body.code, slot: 'R' } });
    const frontline = await env.server.request('GET', `/api/members/${a.body.code}/frontline`);
    expect(frontline.body).toMatchObject({ tree: 'sponsor', hasMore: false, items: [{ code: b.body.code, children: 1 }] });
    const placement = await env.server.request('GET', `/api/members/${b.body.code}/frontline?tree=placement`);
    expect(placement.body.items).toEqual([expect.objectContaining({ code: c.body.code, slot: 'R', children: 0 })]);
    const upline = await env.server.request('GET', `/api/members/${c.body.code}/upline`);
    expect(upline.body.upline.map((entry: { code: string; distance: number }) => [entry.code, entry.distance])).toEqual([
      [b.body.code, 1],
      [a.body.code, 2],
      ['SM1', 3],
    ]);
    expect(upline.body.depth).toBe(3);
    expect((await env.server.request('GET', `/api/members/${c.body.code}/upline?tree=sideways`)).status).toBe(400);
  });
});

describe('updating members', () => {
  it('updates the profile and writes an audit entry with KYC masked', async () => {
    const created = await enroll({ name: 'Pooja', type: 'distributor', sponsor: 'SM1' });
    const response = await env.server.request('PATCH', `/api/members/${created.body.code}`, { body: { name: 'Pooja Sharma', pan: 'PQRST6789Z', reason: 'KYC received' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ name: 'Pooja Sharma', kyc: { status: 'submitted', pan: '••••••789Z' } });
    const audit = await env.database.handle.db.selectFrom('audit_log').selectAll().where('entity_id', '=', String(created.body.id)).where('action', '=', 'member.updated').executeTakeFirstOrThrow();
    expect(audit.reason).toBe('KYC received');
    expect(JSON.stringify(audit.after)).not.toContain('PQRST6789Z');
    expect(audit.after).toMatchObject({ name: 'Pooja Sharma', pan: '••••••789Z' });
  });

  it('upgrades a customer to distributor, keeping the sponsor, and places them', async () => {
    const customer = await enroll({ name: 'Quasim', type: 'preferred', sponsor: 'SM1' });
    const response = await env.server.request('PATCH', `/api/members/${customer.body.code}`, { body: { type: 'distributor' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ type: 'distributor', sponsor: { code: 'SM1' } });
    expect(response.body.placement).not.toBeNull();
    expect(response.body.upgradedAt).not.toBeNull();
    const back = await env.server.request('PATCH', `/api/members/${customer.body.code}`, { body: { type: 'retail' } });
    expect(back.body.error.code).toBe('DOWNGRADE_NOT_ALLOWED');
  });

  it('upgrades a customer where asked, keeping their sponsor and order history, and refuses a slot outside the sponsor’s downline', async () => {
    const sponsor = await enroll({ name: 'Upgrade Sponsor', type: 'distributor', sponsor: 'SM1' });
    const other = await enroll({ name: 'Upgrade Other', type: 'distributor', sponsor: 'SM1' });
    const customer = await enroll({ name: 'Upgrade Customer', type: 'retail', sponsor: sponsor.body.code });
    const order = async () => (await env.server.request('POST', '/api/orders', { body: { buyer: customer.body.code, items: [{ product: 'TULSI-60', quantity: 1 }] } })).body;
    const before = await order();
    expect(before).toMatchObject({ priceTier: 'retail', credited: { code: sponsor.body.code } });

    const outside = await env.server.request('PATCH', `/api/members/${customer.body.code}`, { body: { type: 'distributor', placement: { parent: other.body.code, slot: 'L' } } });
    expect([outside.status, outside.body.error.code]).toEqual([422, 'PLACEMENT_OUTSIDE_SPONSOR_DOWNLINE']);
    expect((await env.server.request('GET', `/api/members/${customer.body.code}`)).body).toMatchObject({ type: 'retail', placement: null, upgradedAt: null });
    const alone = await env.server.request('PATCH', `/api/members/${customer.body.code}`, { body: { placement: { policy: 'extreme-right' } } });
    expect(alone.status).toBe(400);

    const upgraded = await env.server.request('PATCH', `/api/members/${customer.body.code}`, { body: { type: 'distributor', placement: { parent: sponsor.body.code, slot: 'R' } } });
    expect(upgraded.status, upgraded.text).toBe(200);
    expect(upgraded.body).toMatchObject({ type: 'distributor', sponsor: { code: sponsor.body.code }, placement: { parentCode: sponsor.body.code, slot: 'R' } });
    const after = await order();
    expect(after).toMatchObject({ priceTier: 'distributor', credited: { code: customer.body.code } });
    const history = await env.server.request('GET', `/api/orders/${before.id}`);
    expect(history.body).toMatchObject({ priceTier: 'retail', credited: { code: sponsor.body.code } });
    const frontline = await env.server.request('GET', `/api/members/${sponsor.body.code}/frontline?tree=placement`);
    expect(frontline.body.items).toMatchObject([{ code: customer.body.code, slot: 'R', teamSize: 0 }]);
  });

  it('changes a sponsor, and refuses a change that would make a cycle', async () => {
    const top = await enroll({ name: 'Ravi Top', type: 'retail', sponsor: 'SM1' });
    expect(top.status).toBe(201);
    const a = await enroll({ name: 'Sunita A', type: 'distributor', sponsor: 'SM1' });
    const b = await enroll({ name: 'Tarun B', type: 'distributor', sponsor: a.body.code, placement: { parent: a.body.code, slot: 'L' } });
    const c = await enroll({ name: 'Uma C', type: 'distributor', sponsor: b.body.code, placement: { parent: b.body.code, slot: 'L' } });

    const cycle = await env.server.request('PATCH', `/api/members/${a.body.code}`, { body: { sponsor: c.body.code, reason: 'transfer' } });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.code).toBe('SPONSOR_CYCLE');
    const self = await env.server.request('PATCH', `/api/members/${a.body.code}`, { body: { sponsor: a.body.code, reason: 'transfer' } });
    expect(self.body.error.code).toBe('SPONSOR_CYCLE');
    expect((await env.server.request('GET', `/api/members/${a.body.code}`)).body.sponsor.code).toBe('SM1');

    // C moves up to A: C's placement parent B lies in A's placement downline, so the rule still holds.
    const moved = await env.server.request('PATCH', `/api/members/${c.body.code}`, { body: { sponsor: a.body.code, reason: 'sponsor transfer approved' } });
    expect(moved.status).toBe(200);
    expect(moved.body.sponsor.code).toBe(a.body.code);
    const root = await env.server.request('PATCH', '/api/members/SM1', { body: { sponsor: a.body.code, reason: 'transfer' } });
    const noReason = await env.server.request('PATCH', `/api/members/${c.body.code}`, { body: { sponsor: 'SM1' } });
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'body.reason' })]);
    expect(root.body.error.code).toBe('ROOT_SPONSOR_CHANGE');
  });

  it('refuses an empty update', async () => {
    const response = await env.server.request('PATCH', '/api/members/SM1', { body: { reason: 'nothing' } });
    expect(response.status).toBe(400);
  });
});
