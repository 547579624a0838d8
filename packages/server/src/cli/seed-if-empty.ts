import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connection.ts';
import { seedDemo } from '../services/demo/seed-demo.ts';

/** First start: an empty database gets the demo company so every screen has something real to show. */
export async function seedDemoIfEmpty(handle: DatabaseHandle, logger: Logger): Promise<void> {
  const company = await handle.db.selectFrom('company').select('id').executeTakeFirst();
  if (company) return;
  logger.info('empty database: creating the demo company (2,000 members, 3 months of orders)…');
  const started = Date.now();
  const result = await seedDemo(handle, {});
  logger.info({ ...result, seconds: (Date.now() - started) / 1000 }, 'demo company ready');
}
