import { SamoohError } from '../../errors.ts';
import type { Actor, RequestContext } from '../context.ts';

/**
 * The one permission table. Services ask `assertCan(ctx, permission)` before
 * they read or change anything; routes only turn a session or token into an
 * actor. docs/security.md explains each role and permission.
 */
export const ROLES = ['owner', 'admin', 'finance', 'support', 'warehouse', 'distributor', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Company staff: they see every member; the member roles see only their own. */
export const STAFF_ROLES = ['owner', 'admin', 'finance', 'support', 'warehouse'] as const satisfies readonly Role[];
export const MEMBER_ROLES = ['distributor', 'customer'] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'members:read', // every member, every field (KYC numbers still masked)
  'members:write', // enroll anyone, change any member's profile, KYC, sponsor
  'network:write', // move in the placement tree, terminate, reactivate
  'products:read',
  'products:write',
  'orders:read', // every order
  'orders:write', // place an order for any buyer
  'orders:refund',
  'periods:read',
  'periods:write', // open, close, reopen pay periods (and, later, run and pay them)
  'users:manage', // accounts and password resets
  'tokens:manage', // integration tokens
  'audit:read',
  'plans:write', // store compensation plan versions
  'plans:read', // plan lint findings, what-if reruns' plan documents, forward simulations
  'commissions:read', // every run, statement, wallet and projection
  'commissions:run', // calculate, approve and commit periods
  'payouts:manage', // holds, payout batches, bank files, settlement
  'tax:manage', // the company's GSTIN, state and whether prices include tax
  'tax:report', // the monthly GST summary
  'invoices:read', // every tax invoice and credit note
  'webhooks:manage', // outbound webhook subscriptions, their delivery log and replays
  'compliance:read', // income disclosure, monitors, flags, the India checklist
  'compliance:manage', // compliance settings, scans, acknowledging flags, compliance holds
  'community:manage', // company announcements, events, training, product knowledge; moderate messages
  'reports:read', // company reports: self-reliance, retention cohorts, product feedback
  'stock:read', // warehouses and their stock
  'stock:write', // add warehouses, receive and adjust stock
  'orders:fulfil', // pack, ship and deliver orders; pick lists, packing slips, carrier files
  'orders:pay', // record that an order awaiting payment has been paid
  'autoships:read', // every member's autoship
  'autoships:manage', // set up and change an autoship for any member
  // Member-scoped: what a distributor or customer may do with their own records.
  'members:read:own', // themselves; a distributor also their sponsor and placement downline
  'members:enroll:own', // enroll recruits they sponsor themselves
  'orders:read:own', // orders they bought; a distributor also orders credited to them
  'orders:write:own', // orders they buy themselves
  'commissions:read:own', // their own statements and wallet; their own and their downline's live standing
  'invoices:read:own', // invoices and credit notes of the orders they may read
  'community:own', // their notifications, announcements to them, messages, events, training, product feedback
  'community:post:own', // announcements and team events for their own downline
  'autoships:own', // set up, change, pause, skip and cancel their own autoship
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF_READ: Permission[] = ['members:read', 'products:read', 'orders:read', 'periods:read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS.filter((permission) => !permission.endsWith(':own')),
  admin: PERMISSIONS.filter((permission) => !permission.endsWith(':own')),
  finance: [...STAFF_READ, 'orders:refund', 'orders:pay', 'periods:write', 'audit:read', 'commissions:read', 'commissions:run', 'payouts:manage', 'plans:read', 'invoices:read', 'tax:report', 'compliance:read', 'reports:read', 'stock:read', 'autoships:read'],
  support: [...STAFF_READ, 'invoices:read', 'stock:read', 'autoships:read'],
  // Works a warehouse: its stock and the orders it ships; no members, no money.
  warehouse: ['products:read', 'stock:read', 'stock:write', 'orders:fulfil'],
  distributor: ['products:read', 'periods:read', 'members:read:own', 'members:enroll:own', 'orders:read:own', 'orders:write:own', 'commissions:read:own', 'invoices:read:own', 'community:own', 'community:post:own', 'autoships:own'],
  customer: ['products:read', 'members:read:own', 'orders:read:own', 'orders:write:own', 'invoices:read:own', 'community:own', 'autoships:own'],
};

/** What an integration token may be given: no accounts, tokens or period changes. */
export const TOKEN_SCOPES = ['members:read', 'members:write', 'products:read', 'products:write', 'orders:read', 'orders:write', 'orders:refund', 'periods:read', 'invoices:read'] as const satisfies readonly Permission[];
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(actor: Actor, permission: Permission): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'anonymous':
      return false;
    case 'token': {
      // A token that may write a kind of record may also read it back.
      const scopes = actor.scopes ?? [];
      return scopes.includes(permission) || (permission.endsWith(':read') && scopes.includes(permission.replace(/:read$/, ':write')));
    }
    case 'user':
      return actor.roles.some((role) => isRole(role) && ROLE_PERMISSIONS[role].includes(permission));
  }
}

/** The refusal for an actor: 401 when nobody is signed in, else 403. */
export function refusal(actor: Actor): SamoohError {
  return actor.kind === 'anonymous' ? new SamoohError('UNAUTHENTICATED') : new SamoohError('FORBIDDEN');
}

/** Throws unless the actor has one of the permissions; returns the first one held. */
export function assertCan<P extends Permission>(ctx: Pick<RequestContext, 'actor'>, ...permissions: P[]): P {
  const held = permissions.find((permission) => can(ctx.actor, permission));
  if (held === undefined) throw refusal(ctx.actor);
  return held;
}

export function isStaff(actor: Actor): boolean {
  return actor.kind === 'system' || actor.roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role));
}
