import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePlanVersion } from '../../src/services/commissions/plan-versions.ts';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { applyVolumeEvents } from '../../src/services/projections/apply-volume-events.ts';
import { refreshProjections } from '../../src/services/projections/refresh-projections.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const wellness = readFileSync(new URL('../../../../examples/plans/wellness-unilevel.yaml', import.meta.url), 'utf8').replace('effectiveFrom: 2026-01-01', 'effectiveFrom: 2020-01-01');

let database: TestDatabase;
let server: TestServer;
const codes: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
  await savePlanVersion(database.ctx, wellness);
  // SM1 ← A (left) ← B (left of A), C (right of A); D a retail customer of C.
  const a = await enrollMember(database.ctx, { name: 'Asha', type: 'distributor', sponsor: 'SM1', placement: { parent: 'SM1', slot: 'L' } });
  const b = await enrollMember(database.ctx, { name: 'Bharat', type: 'distributor', sponsor: a.code, placement: { parent: a.code, slot: 'L' } });
  const c = await enrollMember(database.ctx, { name: 'Chitra', type: 'distributor', sponsor: a.code, placement: { parent: a.code, slot: 'R' } });
  const d = await enrollMember(database.ctx, { name: 'Dev', type: 'retail', sponsor: c.code });
  Object.assign(codes, { a: a.code, b: b.code, c: c.code, d: d.code });
  server = await startServer(database.handle);
});
afterAll(async () => {
  await server.close();
  await database.drop();
});

const projection = async (code: string) => (await server.request('GET', `/api/members/${code}/projection`)).body;
const applyAll = () => database.handle.db.transaction().execute((tx) => applyVolumeEvents(tx));

describe('live projections of the open period', () => {
  it('adds an order to PV of the buyer, GV of every sponsor above, and the placement leg of every ancestor', async () => {
    await server.request('POST', '/api/orders', { body: { buyer: codes.b, items: [{ product: 'TULSI-60', quantity: 3 }] } }); // QV 60
    await server.request('POST', '/api/orders', { body: { buyer: codes.d, items: [{ product: 'NEEM-SOAP', quantity: 2 }] } }); // QV 10, counts for C
    expect(await applyAll()).toBe(2);
    expect(await applyAll()).toBe(0);
    const [a, b, c, root] = await Promise.all([projection(codes.a!), projection(codes.b!), projection(codes.c!), projection('SM1')]);
    expect([b.pv, b.gv]).toEqual([60, 60]);
    expect([c.pv, c.gv]).toEqual([10, 10]);
    expect([a.pv, a.gv, a.leftVolume, a.rightVolume]).toEqual([0, 70, 60, 10]);
    expect([root.gv, root.leftVolume, root.rightVolume]).toEqual([70, 70, 0]);
  });

  it('says what the next rank still needs, from the live volumes', async () => {
    const a = await projection(codes.a!);
    // Manager: active (100 PV), GV 1000 with at most 500 from one leg, 2 sponsored actives.
    expect(a.progress).toEqual({
      nextRank: 'manager',
      needs: [
        { requirement: 'active', required: 100, current: 0, missing: 100 },
        { requirement: 'gv', required: 1000, current: 70, missing: 930, maxLegShare: '50%' },
        { requirement: 'sponsoredActive', required: 2, current: 0, missing: 2 },
      ],
    });
  });

  it('takes a refund of an open-period order straight off the volumes', async () => {
    const { body: order } = await server.request('POST', '/api/orders', { body: { buyer: codes.c, items: [{ product: 'TULSI-60', quantity: 1 }] } });
    await server.request('POST', `/api/orders/${order.number}/refunds`, { body: { reason: 'Changed mind' } });
    await applyAll();
    expect((await projection(codes.c!)).gv).toBe(10);
    expect((await projection(codes.a!)).rightVolume).toBe(10);
  });

  it('agrees with a full recompute by the engine, which also brings ranks and projected earnings', async () => {
    const standing = async () => Object.fromEntries(await Promise.all(['SM1', codes.a!, codes.b!, codes.c!].map(async (code) => {
      const p = await projection(code);
      return [code, [p.pv, p.gv, p.leftVolume, p.rightVolume]];
    })));
    const incremental = await standing();
    await server.request('POST', '/api/orders', { body: { buyer: codes.b, items: [{ product: 'TULSI-60', quantity: 5 }] } }); // QV 100, not yet applied
    expect(await refreshProjections(database.handle)).toMatchObject({ members: 4 });
    // The recompute agrees with the incremental figures, plus the order not yet applied, whose pending change it removed.
    const full = await standing();
    expect(full).toEqual({
      SM1: [incremental.SM1![0], incremental.SM1![1] + 100, incremental.SM1![2] + 100, incremental.SM1![3]],
      [codes.a!]: [0, 170, 160, 10],
      [codes.b!]: [160, 160, 0, 0],
      [codes.c!]: [10, 10, 0, 0],
    });
    expect(incremental[codes.a!]).toEqual([0, 70, 60, 10]);
    expect(await applyAll()).toBe(0);
    const b = await projection(codes.b!);
    expect([b.pv, b.active]).toEqual([160, true]);
    // Only retail profit is earned so far: Dev paid ₹120 a soap that Chitra buys at ₹95, twice → 5000 paise.
    // Asha and SM1 have no PV, so they are not active and the unilevel pays no one above Bharat.
    expect(b.projectedEarnings).toBe(0);
    expect((await projection(codes.c!)).projectedEarnings).toBe(5000);
    expect((await projection(codes.a!)).projectedEarnings).toBe(0);
  });
});
