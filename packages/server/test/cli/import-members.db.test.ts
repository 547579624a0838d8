import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRejected } from '../../src/services/imports/import-errors.ts';
import { importMembers } from '../../src/services/imports/import-members.ts';
import { smallCompany } from '../support/fixtures.ts';
import { expectGenealogyConsistent } from '../support/genealogy-oracle.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'samooh-import-'));
const csv = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const count = async () => Number((await database.handle.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  database = await createTestDatabase();
  await smallCompany(database.ctx);
});
afterAll(async () => database?.drop());

async function rejection(path: string): Promise<ImportRejected> {
  const before = await count();
  const error = await importMembers(database.handle, path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejected);
  expect(await count()).toBe(before);
  return error as ImportRejected;
}

describe('samooh import members', () => {
  it('imports rows in any order, resolving sponsors and placements from the file and the database', async () => {
    const path = csv(
      'good.csv',
      [
        'code,name,type,sponsor_code,placement_parent_code,placement_slot,phone,email,language,joined_at,pan',
        // A child before its parent: the order of rows does not matter.
        'IMP-3,Chitra,distributor,IMP-1,IMP-1,L,9811111111,,hi,2026-09-01,',
        'IMP-1,Aditya,distributor,SM1,SM1,L,,aditya@example.in,en,2026-08-15T10:00:00+05:30,ABCDE1234F',
        'IMP-2,Bela,retail,IMP-1,,,,,,,',
        'IMP-4,Dev,distributor,IMP-3,SM1,R,,,,,',
      ].join('\n'),
    );
    const before = await count();
    await expect(importMembers(database.handle, path)).resolves.toEqual({ imported: 4 });
    expect(await count()).toBe(before + 4);
    const rows = await database.handle.db
      .selectFrom('members as m')
      .leftJoin('members as s', 's.id', 'm.sponsor_id')
      .leftJoin('members as p', 'p.id', 'm.placement_parent_id')
      .select(['m.code', 's.code as sponsor', 'p.code as parent', 'm.placement_slot', 'm.type', 'm.language', 'm.joined_at', 'm.kyc_status'])
      .where('m.code', 'like', 'IMP-%')
      .orderBy('m.code')
      .execute();
    expect(rows.map((r) => [r.code, r.sponsor, r.parent, r.placement_slot, r.type])).toEqual([
      ['IMP-1', 'SM1', 'SM1', 0, 'distributor'],
      ['IMP-2', 'IMP-1', null, null, 'retail'],
      ['IMP-3', 'IMP-1', 'IMP-1', 0, 'distributor'],
      ['IMP-4', 'IMP-3', 'SM1', 1, 'distributor'],
    ]);
    expect(rows[0]!.joined_at.toISOString()).toBe('2026-08-15T04:30:00.000Z');
    // A date alone is midnight in India.
    expect(rows[2]!.joined_at.toISOString()).toBe('2026-08-31T18:30:00.000Z');
    expect(rows[0]!.kyc_status).toBe('submitted');
  });

  it('reports every bad row with its line, column and reason, and writes nothing', async () => {
    const path = csv(
      'bad.csv',
      [
        'code,name,type,sponsor_code,placement_parent_code,placement_slot,phone',
        'BAD-1,,distributor,SM1,SM1,X,12', // line 2: empty name, bad slot, bad phone
        'BAD-2,Ok,boss,SM1,,,', // line 3: bad type
        'BAD-3,Ok,retail,SM1,SM1,L,', // line 4: a customer with a placement
        'BAD-4,Ok,distributor,SM1,,,', // line 5: a distributor without a placement
      ].join('\n'),
    );
    const error = await rejection(path);
    const found = error.errors.map((e) => `${e.line}:${e.column}`).sort();
    expect(found).toEqual(['2:name', '2:phone', '2:placement_slot', '3:type', '4:placement_parent_code', '5:placement_parent_code', '5:placement_slot'].sort());
    expect(error.report).toContain('line 2, column placement_slot: L or R');
    expect(error.report).toContain('nothing was imported');
  });

  it('refuses unknown and customer sponsors, taken and doubled slots, duplicate and existing codes', async () => {
    const path = csv(
      'refs.csv',
      [
        'code,name,type,sponsor_code,placement_parent_code,placement_slot',
        'REF-1,A,distributor,NOPE-1,IMP-4,L', // unknown sponsor
        'REF-2,B,distributor,IMP-2,IMP-4,R', // sponsor IMP-2 is a customer
        'REF-3,C,distributor,SM1,SM1,L', // SM1's left is taken (by IMP-1)
        'REF-4,D,distributor,SM1,IMP-3,R',
        'REF-5,E,distributor,SM1,IMP-3,R', // same slot as line 5
        'REF-4,F,retail,SM1,,', // duplicate code in the file
        'IMP-1,G,retail,SM1,,', // code already in the database
        'REF-8,H,distributor,SM1,GHOST,L', // unknown placement parent
      ].join('\n'),
    );
    const error = await rejection(path);
    const byLine = Object.fromEntries(error.errors.map((e) => [e.line, `${e.column}: ${e.reason}`]));
    expect(byLine[2]).toBe('sponsor_code: sponsor NOPE-1 is neither in the file nor in the database');
    expect(byLine[3]).toBe('sponsor_code: sponsor IMP-2 is a customer; only a distributor can sponsor');
    expect(byLine[4]).toBe('placement_slot: slot already taken by IMP-1 under SM1');
    expect(byLine[6]).toBe('placement_slot: slot under IMP-3 is also given to line 5');
    expect(byLine[7]).toBe('code: code REF-4 appears more than once (first on line 5)');
    expect(byLine[8]).toBe('code: member IMP-1 already exists');
    expect(byLine[9]).toBe('placement_parent_code: placement parent GHOST is neither in the file nor in the database');
  });

  it('refuses a terminated sponsor or placement parent', async () => {
    await database.handle.db.insertInto('members').values({ code: 'GONE-1', name: 'Gone', type: 'distributor', sponsor_id: 1, status: 'terminated', terminated_at: new Date() }).execute();
    const path = csv('terminated.csv', ['code,name,type,sponsor_code,placement_parent_code,placement_slot', 'T-1,A,distributor,GONE-1,GONE-1,L'].join('\n'));
    const error = await rejection(path);
    expect(error.errors.map((e) => `${e.column}: ${e.reason}`)).toEqual([
      'placement_parent_code: placement parent GONE-1 is terminated',
      'sponsor_code: sponsor GONE-1 is terminated',
    ]);
  });

  it('refuses a sponsor cycle inside the file', async () => {
    const path = csv(
      'cycle.csv',
      ['code,name,type,sponsor_code,placement_parent_code,placement_slot', 'CYC-1,A,distributor,CYC-2,IMP-4,L', 'CYC-2,B,distributor,CYC-1,CYC-1,L'].join('\n'),
    );
    const error = await rejection(path);
    expect(error.errors.filter((e) => e.column === 'sponsor_code').map((e) => e.line)).toEqual([2, 3]);
    expect(error.report).toContain('loops back on itself');
  });

  it('refuses a file with a missing or unknown column', async () => {
    const error = await rejection(csv('header.csv', 'code,name,sponsor,type\nX-1,A,SM1,retail\n'));
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { line: 1, column: 'sponsor_code', reason: 'this required column is missing from the header' },
        expect.objectContaining({ line: 1, column: 'sponsor' }),
      ]),
    );
  });

  it('refuses malformed CSV with the line', async () => {
    const error = await rejection(csv('broken.csv', 'code,name,type,sponsor_code\n"X-1,A,retail,SM1\n'));
    expect(error.errors[0]!.column).toBe('*');
  });
});

describe('samooh import members and the genealogy index', () => {
  it('fills the genealogy index of the imported members and of the members above them', async () => {
    // A chain under a member enrolled before the import, deep enough for jump pointers to reach back into the database.
    const { enrollMember } = await import('../../src/services/members/enroll-member.ts');
    let parent = 'SM1';
    for (let i = 0; i < 6; i++) parent = (await enrollMember(database.ctx, { name: `Before ${i}`, type: 'distributor', sponsor: parent, placement: { policy: 'extreme-right' } })).code;
    const lines = ['code,name,type,sponsor_code,placement_parent_code,placement_slot'];
    for (let i = 1; i <= 40; i++) {
      const up = i === 1 ? parent : `GEN-${Math.floor(i / 2)}`;
      lines.push(`GEN-${i},Gen ${i},distributor,${up},${up},${i === 1 || i % 2 === 0 ? 'L' : 'R'}`);
    }
    lines.push(`GEN-C,Gen Customer,retail,GEN-7,,`);
    await expect(importMembers(database.handle, csv('genealogy.csv', lines.join('\n')))).resolves.toEqual({ imported: 41 });
    await expectGenealogyConsistent(database.handle.db);
  });

});
