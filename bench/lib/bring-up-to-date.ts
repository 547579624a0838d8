import { sql } from 'kysely';
import type { DatabaseHandle } from '../../packages/server/src/db/connection.ts';
import { migrate } from '../../packages/server/src/db/migrate.ts';
import { refreshProjections } from '../../packages/server/src/services/projections/refresh-projections.ts';

/**
 * Brings a kept benchmark database up to the code being measured: runs new
 * migrations, and recomputes the live standing when a migration left part
 * of it to a refresh (rows of the open period without frontline sums). The
 * servers the benchmarks start do not refresh on their own.
 */
export async function bringUpToDate(handle: DatabaseHandle): Promise<void> {
  await migrate(handle);
  const { rows } = await sql<{ stale: boolean }>`
    SELECT EXISTS (SELECT 1 FROM member_volumes v JOIN periods p ON p.id = v.period_id WHERE p.status = 'open' AND v.legs_gv IS NULL) AS stale`.execute(handle.db);
  if (!rows[0]!.stale) return;
  const started = performance.now();
  await refreshProjections(handle);
  console.log(`live standing recomputed after a migration in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
