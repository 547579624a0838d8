import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollMember } from '../../src/services/members/enroll-member.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServerProcess } from '../support/server-process.ts';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/test-database.ts';

/**
 * Enrollments a process committed but did not get to count (it stopped or died before its
 * drain ran) are counted by the next server that starts, not only at the next enrollment:
 * until they are, every team read adds them up itself.
 */
describe.skipIf(TEST_DB !== 'postgres')('a server starting over enrollments left uncounted', () => {
  let database: TestDatabase;
  const pending = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM genealogy_pending`.execute(database.handle.db)).rows[0]!.n);

  beforeAll(async () => {
    database = await createTestDatabase();
    await smallCompany(database.ctx);
  }, 600_000);
  afterAll(() => database?.drop());

  it('counts them at start', async () => {
    // Enrolled inside a transaction, as a process that dies before its drain leaves them.
    await database.handle.db.transaction().execute(async (tx) => {
      const leader = await enrollMember({ ...database.ctx, db: tx }, { name: 'Left Leader', type: 'distributor', sponsor: 'SM1' });
      for (let i = 0; i < 5; i += 1) await enrollMember({ ...database.ctx, db: tx }, { name: `Left Recruit ${i}`, type: 'distributor', sponsor: leader.code });
    });
    expect(await pending()).toBeGreaterThan(0);
    const server = await startServerProcess(database.url!);
    try {
      await expect.poll(pending, { timeout: 15_000, interval: 100 }).toBe(0);
    } finally {
      await server.kill('SIGTERM');
    }
    const team = await sql<{ team: number }>`SELECT team FROM genealogy_counts c JOIN members m ON m.id = c.member_id WHERE c.tree = 'sponsor' AND m.code = 'SM1'`.execute(database.handle.db);
    expect(team.rows[0]!.team).toBe(6);
  });
});
