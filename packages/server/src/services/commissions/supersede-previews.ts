import { CompiledQuery } from 'kysely';
import type { Db } from '../context.ts';

/** What superseding needs of a connection: plain SQL with parameters (a Kysely handle or a raw session). */
export interface SqlStatements {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** Plain SQL through a Kysely handle, inside its transaction if it is one. */
export function statementsOf(db: Db): SqlStatements {
  return {
    query: async <R>(text: string, params: unknown[] = []) => (await db.executeQuery<R>(CompiledQuery.raw(text, params))).rows,
  };
}

/** The table holding one run's lines: a partition of commission_lines. */
export const runLinesTable = (runId: number): string => `commission_lines_run_${Math.trunc(Number(runId))}`;

/**
 * The preview and approved runs of these periods lapse: they keep their member
 * outcomes (a later preview is compared with them), not their lines. Returns
 * the runs superseded.
 */
export async function supersedePreviews(db: Db | SqlStatements, periodIds: number[]): Promise<number[]> {
  const statements = 'query' in db ? db : statementsOf(db);
  const runs = await markPreviewsSuperseded(statements, periodIds);
  await dropRunLines(statements, runs);
  return runs;
}

/** Marks the period's preview and approved runs superseded (row locks only); their lines go with `dropRunLines`. */
export async function markPreviewsSuperseded(statements: SqlStatements, periodIds: number[]): Promise<number[]> {
  if (periodIds.length === 0) return [];
  const rows = await statements.query<{ id: number }>(
    `UPDATE commission_runs SET status = 'superseded' WHERE period_id = ANY($1::bigint[]) AND status IN ('preview', 'approved') RETURNING id`,
    [periodIds],
  );
  return rows.map((row) => Number(row.id));
}

/**
 * Drops the lines of superseded runs: each run's partition at once, however
 * many lines it holds. This locks commission_lines against readers until the
 * transaction ends, so a long transaction does it last.
 */
export async function dropRunLines(statements: SqlStatements, runIds: readonly number[]): Promise<void> {
  for (const runId of runIds) await statements.query(`DROP TABLE IF EXISTS ${runLinesTable(runId)}`);
}
