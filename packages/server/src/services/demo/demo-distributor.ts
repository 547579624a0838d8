import { sql } from 'kysely';
import type { RequestContext } from '../context.ts';
import { oneTimePassword } from '../auth/secrets.ts';
import { createUser, type UserView } from '../auth/users.ts';

export const DEMO_DISTRIBUTOR_EMAIL = 'distributor@example.com';

/**
 * A distributor account in the demo company, so the web app's distributor screens can be
 * tried at once: for the distributor (not the company's root) who sponsored the most
 * distributors, with the given password or a one-time one to print.
 */
export async function createDemoDistributorAccount(ctx: RequestContext, options: { email?: string; password?: string } = {}): Promise<{ user: UserView; memberCode: string; password: string }> {
  const { rows } = await sql<{ id: number; code: string; name: string }>`
    SELECT m.id, m.code, m.name
      FROM members m JOIN members d ON d.sponsor_id = m.id AND d.type = 'distributor'
     WHERE m.sponsor_id IS NOT NULL AND m.type = 'distributor' AND m.status = 'active'
     GROUP BY m.id ORDER BY count(*) DESC, m.id LIMIT 1`.execute(ctx.db);
  const member = rows[0];
  if (!member) throw new Error('the demo company has no distributor with a team');
  const password = options.password ?? oneTimePassword();
  const { user } = await createUser(ctx, { email: options.email ?? DEMO_DISTRIBUTOR_EMAIL, name: member.name, roles: ['distributor'], member: member.id, password });
  return { user, memberCode: member.code, password };
}
