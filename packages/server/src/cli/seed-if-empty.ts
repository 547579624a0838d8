import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connection.ts';
import { countUsers, createOwner } from '../services/auth/users.ts';
import { SYSTEM_ACTOR } from '../services/context.ts';
import { createDemoDistributorAccount } from '../services/demo/demo-distributor.ts';
import { createDemoStaffAccounts } from '../services/demo/demo-staff.ts';
import { seedDemo } from '../services/demo/seed-demo.ts';

/** First start: an empty database gets the demo company so every screen has something real to show. */
export async function seedDemoIfEmpty(handle: DatabaseHandle, logger: Logger): Promise<void> {
  const company = await handle.db.selectFrom('company').select('id').executeTakeFirst();
  if (company) return;
  logger.info('empty database: creating the demo company (2,000 members, 3 months of orders)…');
  const started = Date.now();
  const result = await seedDemo(handle, {});
  logger.info({ ...result, seconds: (Date.now() - started) / 1000 }, 'demo company ready');
  // A distributor to sign in as in the web app, with a password printed once.
  const ctx = { db: handle.db, actor: { ...SYSTEM_ACTOR, label: 'demo' }, language: 'en' as const, log: logger };
  const demo = await createDemoDistributorAccount(ctx, { password: process.env.SAMOOH_DEMO_PASSWORD || undefined });
  const lines = [`Demo distributor ${demo.memberCode}: sign in to the web app as ${demo.user.email}`];
  if (!process.env.SAMOOH_DEMO_PASSWORD) lines.push(`One-time password: ${demo.password}  (shown once)`);
  // Staff to try the admin console with: two administrators (a pay run needs a second person to approve it) and support.
  for (const staff of await createDemoStaffAccounts(ctx)) lines.push(`Demo ${staff.key}: ${staff.user.email}  one-time password: ${staff.password}  (shown once)`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/**
 * First start in development: with no account at all, an owner
 * (SAMOOH_OWNER_EMAIL, default owner@example.com) is created and its one-time
 * password printed once. In production the first owner comes from
 * `samooh user create-owner`.
 */
export async function createFirstOwnerIfNone(handle: DatabaseHandle, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const ctx = { db: handle.db, actor: { ...SYSTEM_ACTOR, label: 'first-start' }, language: 'en' as const, log: logger };
  if ((await countUsers(ctx)) > 0) return;
  const created = await createOwner(ctx, { email: env.SAMOOH_OWNER_EMAIL || 'owner@example.com', password: env.SAMOOH_OWNER_PASSWORD || undefined });
  const lines = [`First start: owner account ${created.user.email} created.`];
  if (created.generated) lines.push(`One-time password: ${created.password}  (shown once; change it after signing in)`);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
