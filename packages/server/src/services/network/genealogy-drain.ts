import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { drainGenealogy } from '../../db/tree-queries.ts';
import type { RequestContext } from '../context.ts';

const draining = new WeakSet<object>();

/**
 * How long after an enrollment the drain starts. Enrollments in a burst are
 * drained together (members deep in one chain cost the chain's length once per
 * batch, not once each), and the drain's work stays off the enrollments' own
 * path. Reads count pending members themselves, so the delay changes no figure.
 */
export const GENEALOGY_DRAIN_DELAY_MS = 500;

/**
 * After an enrollment commits, adds the new members to their uplines' team
 * sizes in the background, shortly after (one drain at a time per connection
 * pool; across processes the database's lock keeps them apart).
 */
export function scheduleGenealogyDrain(ctx: RequestContext): void {
  if (ctx.db.isTransaction) return;
  const db = ctx.db as Kysely<Database>;
  if (draining.has(db)) return;
  draining.add(db);
  const drain = async () => {
    try {
      while ((await drainGenealogy(db)) > 0);
    } catch (error) {
      ctx.log.debug({ err: error }, 'genealogy drain stopped; the next enrollment resumes it');
    } finally {
      draining.delete(db);
    }
  };
  setTimeout(() => void drain(), GENEALOGY_DRAIN_DELAY_MS).unref();
}
