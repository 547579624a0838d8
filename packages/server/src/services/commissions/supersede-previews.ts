import { sql } from 'kysely';
import type { Db } from '../context.ts';

/**
 * The preview and approved runs of these periods lapse: they keep their member
 * outcomes (a later preview is compared with them), not their lines. Returns
 * the runs superseded.
 */
export async function supersedePreviews(db: Db, periodIds: number[]): Promise<number[]> {
  if (periodIds.length === 0) return [];
  const { rows } = await sql<{ id: number }>`
    UPDATE commission_runs SET status = 'superseded'
     WHERE period_id = ANY(${periodIds}::bigint[]) AND status IN ('preview', 'approved') RETURNING id`.execute(db);
  const runs = rows.map((row) => row.id);
  if (runs.length > 0) await sql`DELETE FROM commission_lines WHERE run_id = ANY(${runs}::bigint[])`.execute(db);
  return runs;
}
