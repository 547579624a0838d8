import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { drainGenealogy } from '../../db/tree-queries.ts';
import type { RequestContext } from '../context.ts';

const draining = new WeakSet<object>();

/**
 * After an enrollment commits, adds the new members to their uplines' team
 * sizes in the background (one drain at a time per connection pool; across
 * processes the database's lock keeps them apart). Reads never wait for it:
 * they count pending members themselves.
 */
export function scheduleGenealogyDrain(ctx: RequestContext): void {
  if (ctx.db.isTransaction) return;
  const db = ctx.db as Kysely<Database>;
  if (draining.has(db)) return;
  draining.add(db);
  void (async () => {
    try {
      while ((await drainGenealogy(db)) > 0);
    } catch (error) {
      ctx.log.debug({ err: error }, 'genealogy drain stopped; the next enrollment resumes it');
    } finally {
      draining.delete(db);
    }
  })();
}
