import type { RequestContext } from '../context.ts';
import type { Role } from '../auth/permissions.ts';
import { oneTimePassword } from '../auth/secrets.ts';
import { createUser, type UserView } from '../auth/users.ts';

/**
 * The demo company's staff: two administrators (a period's preview is approved by someone
 * other than the person who ran it, so trying the whole pay run takes two) and a support
 * agent, who sees members and orders but no money actions.
 */
export const DEMO_STAFF = [
  { key: 'admin', email: 'admin@example.com', name: 'Asha Verma', roles: ['admin'] },
  { key: 'approver', email: 'approver@example.com', name: 'Vikram Rao', roles: ['admin'] },
  { key: 'support', email: 'support@example.com', name: 'Meena Iyer', roles: ['support'] },
] as const satisfies readonly { key: string; email: string; name: string; roles: readonly Role[] }[];

export type DemoStaffKey = (typeof DEMO_STAFF)[number]['key'];

/** Creates the demo staff accounts with the given passwords (a one-time password each when omitted). */
export async function createDemoStaffAccounts(ctx: RequestContext, passwords: Partial<Record<DemoStaffKey, string>> = {}): Promise<{ key: DemoStaffKey; user: UserView; password: string }[]> {
  const created: { key: DemoStaffKey; user: UserView; password: string }[] = [];
  for (const staff of DEMO_STAFF) {
    const password = passwords[staff.key] ?? oneTimePassword();
    const { user } = await createUser(ctx, { email: staff.email, name: staff.name, roles: [...staff.roles], password });
    created.push({ key: staff.key, user, password });
  }
  return created;
}
