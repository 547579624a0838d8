import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DatabaseHandle } from '../../db/connection.ts';

const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.number().int().describe('Migrations applied'),
  time: z.string(),
});

export const healthRoutes =
  (database: DatabaseHandle): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/health', { config: { public: true }, schema: { tags: ['system'], summary: 'Is Samooh up, and on which database', response: { 200: Health } } }, async () => {
      const row = await sql<{ count: number }>`SELECT count(*)::int AS count FROM schema_migrations`.execute(database.db);
      return { status: 'ok' as const, database: database.driver, migrations: row.rows[0]?.count ?? 0, time: new Date().toISOString() };
    });
  };
