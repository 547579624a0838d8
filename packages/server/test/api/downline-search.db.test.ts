import { describe, expect, it } from 'vitest';
import { searchDownline, type DownlineMatch, type TreeName } from '../../src/db/tree-queries.ts';
import { escapeLike } from '../../src/services/members/search-members.ts';
import { useApiServer } from '../support/http-client.ts';
import { enrollThrough, type EnrolledMember } from '../support/members-api.ts';

const env = useApiServer();
const enroll = enrollThrough(() => env.server);

/** A seeded generator: the same tree on every run and both databases. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

interface Row {
  id: number;
  code: string;
  name: string;
  type: string;
  status: string;
  phone: string | null;
  sponsor_id: number | null;
  placement_parent_id: number | null;
}

/** The search worked out by brute force: a breadth-first walk of the parent links in memory, then filter, sort and page. */
function bruteForce(rows: Row[], ancestorId: number, tree: TreeName, q: string | null, maxLevels: number, limit: number, offset: number) {
  const children = new Map<number, Row[]>();
  for (const row of rows) {
    const parent = tree === 'sponsor' ? row.sponsor_id : row.placement_parent_id;
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const found: { row: Row; distance: number }[] = [];
  let level = [ancestorId];
  for (let distance = 1; distance <= maxLevels && level.length > 0; distance++) {
    const next: number[] = [];
    for (const id of level) {
      for (const child of children.get(id) ?? []) {
        found.push({ row: child, distance });
        next.push(child.id);
      }
    }
    level = next;
  }
  const digits = q?.replace(/[^0-9]/g, '') ?? '';
  const matches = ({ row }: { row: Row }) =>
    q === null ||
    row.name.toLowerCase().includes(q.toLowerCase()) ||
    row.code.startsWith(q.toUpperCase()) ||
    (digits.length >= 4 && (row.phone ?? '').endsWith(digits));
  return found
    .filter(matches)
    .sort((a, b) => a.distance - b.distance || a.row.id - b.row.id)
    .slice(offset, offset + limit)
    .map(({ row, distance }) => ({ id: row.id, code: row.code, distance }));
}

const SURNAMES = ['Sharma', 'Kumar', 'Patel', 'Rao', 'Iyer', 'Devi', 'Singh'];
const GIVEN = ['Asha', 'Ravi', 'Meena', 'Arjun', 'Kiran', 'Sunita', 'Vikram', 'Pooja'];

describe('downline search', () => {
  it('finds the same members through the trigram indexes, by walking the levels, and by brute force, after enrollments, moves and terminations', async () => {
    const pick = random(20261128);
    const distributors: EnrolledMember[] = [{ id: 1, code: 'SM1' }];
    const policies = ['spillover', 'extreme-left', 'extreme-right', 'alternate', 'weaker-leg-count'];
    const enrollSome = async (count: number, tag: string) => {
      for (let i = 0; i < count; i++) {
        const sponsor = distributors[pick(distributors.length)]!;
        const name = `${GIVEN[pick(GIVEN.length)]} ${SURNAMES[pick(SURNAMES.length)]} ${tag}${i}`;
        const customer = pick(6) === 0;
        const response = await env.server.request('POST', '/api/members', {
          body: {
            name,
            type: customer ? 'retail' : 'distributor',
            sponsor: sponsor.code,
            phone: `98${String(10_000_000 + pick(90_000_000))}`,
            ...(customer ? {} : { placement: { policy: policies[pick(policies.length)] } }),
          },
        });
        expect(response.status, response.text).toBe(201);
        if (!customer) distributors.push(response.body as EnrolledMember);
      }
    };
    await enrollSome(70, 'a');

    // Tree changes, each possibly refused (a cycle, a taken slot, the placement rule): what is accepted changes the trees.
    let changed = 0;
    for (let i = 0; i < 24; i++) {
      const member = distributors[1 + pick(distributors.length - 1)]!;
      const other = distributors[pick(distributors.length)]!;
      const kind = i % 3;
      const response =
        kind === 0
          ? await env.server.request('POST', `/api/members/${member.code}/placement`, { body: { parent: other.code, slot: pick(2) === 0 ? 'L' : 'R', reason: 'rebalance' } })
          : kind === 1
            ? await env.server.request('PATCH', `/api/members/${member.code}`, { body: { sponsor: other.code, reason: 'sponsor corrected' } })
            : await env.server.request('POST', `/api/members/${member.code}/terminate`, { body: { reason: 'left the business' } });
      expect([200, 404, 409, 422], response.text).toContain(response.status);
      if (response.status === 200) changed++;
      if (kind === 2 && response.status === 200) distributors.splice(distributors.indexOf(member), 1);
    }
    expect(changed).toBeGreaterThan(8);
    await enrollSome(20, 'b');

    const db = env.database.handle.db;
    const rows = (await db.selectFrom('members').select(['id', 'code', 'name', 'type', 'status', 'phone', 'sponsor_id', 'placement_parent_id']).execute()) as Row[];
    const phone = rows.find((row) => row.phone)!.phone!;
    const terms = [null, 'sharma', 'ravi', 'kum', 'SM10', 'a1', 'zzq', phone.slice(-5)];
    const ancestors = [1, ...Array.from({ length: 6 }, () => distributors[pick(distributors.length)]!.id)];
    let compared = 0;
    let nonEmpty = 0;
    for (const ancestorId of ancestors) {
      for (const tree of ['sponsor', 'placement'] as const) {
        for (const q of terms) {
          for (const [maxLevels, limit, offset] of [[50, 100, 0], [2, 100, 0], [50, 4, 3]] as const) {
            const expected = bruteForce(rows, ancestorId, tree, q, maxLevels, limit, offset);
            const digits = q?.replace(/[^0-9]/g, '') ?? '';
            const filter = {
              term: q,
              like: q ? `%${escapeLike(q.toLowerCase())}%` : null,
              code: q ? `${escapeLike(q.toUpperCase())}%` : null,
              digits: digits.length >= 4 ? `%${digits}` : null,
              maxLevels,
              limit,
              offset,
            };
            const shape = (found: DownlineMatch[]) => found.map((m) => ({ id: Number(m.id), code: m.code, distance: Number(m.distance) }));
            for (const strategy of ['index', 'walk', 'auto'] as const) {
              expect(shape(await searchDownline(db, ancestorId, tree, { ...filter, strategy })), `${strategy} ${tree} ${ancestorId} ${q} ${maxLevels}`).toEqual(expected);
            }
            compared++;
            if (expected.length > 0) nonEmpty++;
          }
        }
      }
    }
    expect(compared).toBe(ancestors.length * 2 * terms.length * 3);
    expect(nonEmpty).toBeGreaterThan(compared / 4);

    // Over HTTP, as staff: a phone search finds the member whose number ends with the digits.
    const owner = rows.find((row) => row.phone === phone)!;
    const response = await env.server.request('GET', `/api/members/SM1/downline?q=${phone.slice(-6)}&maxLevels=50`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.items.map((m: { code: string }) => m.code)).toContain(owner.code);
  }, 240_000);
});
