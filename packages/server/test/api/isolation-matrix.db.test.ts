import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/auth/api-tokens.ts';
import { createUser } from '../../src/services/auth/users.ts';
import { updateProduct } from '../../src/services/products/save-product.ts';
import { setTaxSettings } from '../../src/services/tax/tax-settings.ts';
import { smallCompany } from '../support/fixtures.ts';
import { startServer, type ApiResponse, type Credentials, type TestServer } from '../support/http-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * The isolation matrix: every route × every role × a record that is the
 * actor's own, in their downline, in their upline, or unrelated. Each cell
 * asserts the status code; every answer a distributor, customer or
 * integration gets is searched for other members' contact and KYC details;
 * every refusal is checked to have written nothing.
 *
 * The expectations below are written out from docs/security.md, not computed
 * from the permission module: they are the specification the code must meet.
 */

type Role = 'anonymous' | 'owner' | 'admin' | 'finance' | 'support' | 'warehouse' | 'distributor' | 'customer' | 'storefront';
type Relation = 'own' | 'downline' | 'upline' | 'unrelated';
type Key = 'ME' | 'DOWN' | 'UP' | 'OTHER' | 'CUST';

const ROLES: Role[] = ['anonymous', 'owner', 'admin', 'finance', 'support', 'warehouse', 'distributor', 'customer', 'storefront'];
const RELATIONS: Relation[] = ['own', 'downline', 'upline', 'unrelated'];
const PASSWORD = 'matrix-password-42';

interface Seeded {
  key: Key;
  id: number;
  code: string;
  phone: string;
  email: string;
  pan: string;
  bank: string;
  order: string;
  /** The credit note of a refund of that order. */
  creditNote: number;
  /** An active autoship of this member, and a cancelled one (every change of it is refused by state). */
  autoship: number;
  cancelledAutoship: number;
  /** An order placed in this distributor's shop (for a customer: bought in their distributor's shop), its payment already recorded. */
  shopOrder: string;
}

/** Who each record is, for each role. A customer has no downline: DOWN is their sponsor's, not theirs. */
const RECORD_FOR: Record<'distributor' | 'customer' | 'other', Record<Relation, Key>> = {
  distributor: { own: 'ME', downline: 'DOWN', upline: 'UP', unrelated: 'OTHER' },
  customer: { own: 'CUST', downline: 'DOWN', upline: 'ME', unrelated: 'OTHER' },
  other: { own: 'ME', downline: 'DOWN', upline: 'UP', unrelated: 'OTHER' },
};
const recordKey = (role: Role, relation: Relation): Key => RECORD_FOR[role === 'distributor' || role === 'customer' ? role : 'other'][relation];

/** Who may call a route: these roles on every record; the member roles only on the relations listed. */
interface Allow {
  roles?: Role[];
  distributor?: Relation[];
  customer?: Relation[];
}

interface RouteCase {
  method: string;
  /** As in the OpenAPI document. */
  path: string;
  url: (record: Seeded, role: Role) => string;
  body?: (record: Seeded, role: Role) => unknown;
  allow: Allow;
  /** The status an allowed call gets: success, or a domain refusal that proves the permission check passed. */
  ok: number;
  /** Routes whose only subject is the caller, tested in accounts.db.test.ts. */
  elsewhere?: string;
}

const STAFF: Role[] = ['owner', 'admin', 'finance', 'support'];
const MANAGERS: Role[] = ['owner', 'admin'];
const FINANCE: Role[] = ['owner', 'admin', 'finance'];
/** Warehouse staff work stock and ship orders; owners and admins may too. */
const STOCK_READERS: Role[] = ['owner', 'admin', 'finance', 'support', 'warehouse'];
const STOCK_KEEPERS: Role[] = ['owner', 'admin', 'warehouse'];
const AUTOSHIP_BODY = { items: [{ product: 'NEEM-SOAP', quantity: 1 }], dayOfMonth: 15, paymentMethod: { type: 'test', reference: 'mandate-1' }, shippingAddress: { name: 'Matrix', line1: '1 Road', city: 'Pune', state: 'Maharashtra', pincode: '411001' } };
/** The open period of the test company, known once it is set up. */
let openPeriod = 0;
const ALL_MEMBER: Relation[] = ['own', 'downline'];
let unique = 0;
const MINIMAL_PLAN = 'plan: matrix\nversion: 1\neffectiveFrom: 2020-01-01\ncurrency: INR\nbonuses:\n  - { id: u, type: unilevel, levels: [5%] }\n';
const TINY_ASSUMPTIONS = {
  initialDistributors: 1, recruitsPerDistributor: 0, churn: '0%', customerShare: '0%',
  buying: { distributor: { ordersPerMonth: 1, cv: 10 }, preferred: { ordersPerMonth: 0, cv: 0 }, retail: { ordersPerMonth: 0, cv: 0 } },
};

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/members', url: (r) => `/api/members?q=${r.code}`, allow: { roles: STAFF }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}', url: (r) => `/api/members/${r.code}`, allow: { roles: STAFF, distributor: ALL_MEMBER, customer: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/frontline', url: (r) => `/api/members/${r.code}/frontline?tree=placement`, allow: { roles: STAFF, distributor: ALL_MEMBER }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/upline', url: (r) => `/api/members/${r.code}/upline`, allow: { roles: STAFF, distributor: ALL_MEMBER }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/downline', url: (r) => `/api/members/${r.code}/downline?maxLevels=5`, allow: { roles: STAFF, distributor: ALL_MEMBER }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/downline/{member}', url: (r) => `/api/members/${r.code}/downline/${r.code}`, allow: { roles: STAFF, distributor: ALL_MEMBER }, ok: 200 },
  {
    method: 'POST',
    path: '/api/members',
    url: () => '/api/members',
    body: (r) => ({ name: `Recruit ${++unique}`, type: 'retail', sponsor: r.key === 'CUST' ? 'SM1' : r.code }),
    allow: { roles: MANAGERS, distributor: ['own'] },
    ok: 201,
  },
  { method: 'PATCH', path: '/api/members/{ref}', url: (r) => `/api/members/${r.code}`, body: () => ({ language: 'en' }), allow: { roles: MANAGERS }, ok: 200 },
  { method: 'PATCH', path: '/api/members/{ref}/profile', url: (r) => `/api/members/${r.code}/profile`, body: () => ({ region: 'Matrix' }), allow: { roles: MANAGERS, distributor: ['own'], customer: ['own'] }, ok: 200 },
  {
    method: 'POST',
    path: '/api/members/{ref}/placement',
    url: (r) => `/api/members/${r.code}/placement`,
    body: () => ({ parent: 'SM1', slot: 'L', reason: 'matrix' }),
    allow: { roles: MANAGERS },
    ok: 409,
  },
  { method: 'POST', path: '/api/members/{ref}/terminate', url: (r) => `/api/members/${r.code}/terminate`, body: () => ({ reason: 'matrix', effectivePeriod: 999_999 }), allow: { roles: MANAGERS }, ok: 404 },
  { method: 'POST', path: '/api/members/{ref}/reactivate', url: (r) => `/api/members/${r.code}/reactivate`, body: () => ({ reason: 'matrix' }), allow: { roles: MANAGERS }, ok: 422 },
  { method: 'GET', path: '/api/members/{ref}/downline-statistics', url: (r) => `/api/members/${r.code}/downline-statistics?maxLevels=5`, allow: { roles: STAFF, distributor: ALL_MEMBER }, ok: 200 },
  { method: 'POST', path: '/api/members/{ref}/merge', url: (r) => `/api/members/${r.code}/merge`, body: () => ({ into: 'SM999999', reason: 'matrix' }), allow: { roles: MANAGERS }, ok: 404 },
  { method: 'GET', path: '/api/referrals/{code}', url: () => '/api/referrals/SM1', allow: {}, ok: 200, elsewhere: 'public: a shop shows whose referral link it is (genealogy tests)' },
  { method: 'GET', path: '/api/products', url: () => '/api/products', allow: { roles: [...STAFF, 'warehouse', 'distributor', 'customer', 'storefront'] }, ok: 200 },
  { method: 'GET', path: '/api/products/{ref}', url: () => '/api/products/TULSI-60', allow: { roles: [...STAFF, 'warehouse', 'distributor', 'customer', 'storefront'] }, ok: 200 },
  {
    method: 'POST',
    path: '/api/products',
    url: () => '/api/products',
    body: () => ({ sku: 'TULSI-60', name: { en: 'Dup', hi: 'डुप' }, qv: 1, cv: 1, prices: [{ currency: 'INR', retailPrice: 100, distributorPrice: 90 }] }),
    allow: { roles: MANAGERS },
    ok: 409,
  },
  { method: 'PATCH', path: '/api/products/{ref}', url: () => '/api/products/NEEM-SOAP', body: () => ({ qv: 5 }), allow: { roles: MANAGERS }, ok: 200 },
  { method: 'POST', path: '/api/products/{ref}/deactivate', url: () => '/api/products/OLD-KIT/deactivate', allow: { roles: MANAGERS }, ok: 200 },
  {
    method: 'POST',
    path: '/api/orders',
    url: () => '/api/orders',
    body: (r) => ({ buyer: r.code, items: [{ product: 'NEEM-SOAP', quantity: 1 }] }),
    allow: { roles: [...MANAGERS, 'storefront'], distributor: ['own'], customer: ['own'] },
    ok: 201,
  },
  { method: 'GET', path: '/api/orders', url: (r) => `/api/orders?buyer=${r.code}`, allow: { roles: [...STAFF, 'storefront', 'distributor', 'customer'] }, ok: 200 },
  { method: 'GET', path: '/api/orders/{ref}', url: (r) => `/api/orders/${r.order}`, allow: { roles: [...STAFF, 'storefront'], distributor: ['own'], customer: ['own'] }, ok: 200 },
  {
    method: 'POST',
    path: '/api/orders/{ref}/refunds',
    url: (r) => `/api/orders/${r.order}/refunds`,
    body: () => ({ lines: [{ lineNo: 99, quantity: 1 }], reason: 'matrix' }),
    allow: { roles: ['owner', 'admin', 'finance'] },
    ok: 422,
  },
  // No cooling-off period is configured here, and line 99 does not exist: refused after the permission check, nothing written.
  { method: 'POST', path: '/api/orders/{ref}/cooling-off-refund', url: (r) => `/api/orders/${r.order}/cooling-off-refund`, body: () => ({ reason: 'matrix' }), allow: { roles: ['owner', 'admin', 'finance'] }, ok: 422 },
  { method: 'POST', path: '/api/orders/{ref}/buy-back', url: (r) => `/api/orders/${r.order}/buy-back`, body: () => ({ lines: [{ lineNo: 99, quantity: 1 }], reason: 'matrix' }), allow: { roles: ['owner', 'admin', 'finance'] }, ok: 422 },
  { method: 'GET', path: '/api/periods', url: () => '/api/periods', allow: { roles: [...STAFF, 'distributor'] }, ok: 200 },
  { method: 'POST', path: '/api/periods', url: () => '/api/periods', allow: { roles: ['owner', 'admin', 'finance'] }, ok: 201 },
  { method: 'POST', path: '/api/periods/{id}/close', url: () => '/api/periods/999999/close', allow: { roles: ['owner', 'admin', 'finance'] }, ok: 404 },
  { method: 'POST', path: '/api/periods/{id}/reopen', url: () => '/api/periods/999999/reopen', allow: { roles: ['owner', 'admin', 'finance'] }, ok: 404 },
  { method: 'POST', path: '/api/periods/{id}/pay', url: () => '/api/periods/999999/pay', allow: { roles: ['owner', 'admin', 'finance'] }, ok: 404 },
  // The money path: finance runs periods and payouts; a distributor reads their own earnings and the live standing of their team.
  { method: 'GET', path: '/api/plans', url: () => '/api/plans', allow: { roles: [...STAFF, 'distributor'] }, ok: 200 },
  { method: 'POST', path: '/api/plans', url: () => '/api/plans', body: () => ({ source: 'plan: incomplete' }), allow: { roles: MANAGERS }, ok: 422 },
  { method: 'GET', path: '/api/plans/{id}', url: () => '/api/plans/999999', allow: { roles: FINANCE }, ok: 404 },
  { method: 'POST', path: '/api/periods/{id}/calculate', url: () => '/api/periods/999999/calculate', allow: { roles: FINANCE }, ok: 404 },
  { method: 'GET', path: '/api/periods/{id}/runs', url: () => `/api/periods/${openPeriod}/runs`, allow: { roles: FINANCE }, ok: 200 },
  { method: 'GET', path: '/api/runs/{id}', url: () => '/api/runs/999999', allow: { roles: FINANCE }, ok: 404 },
  { method: 'POST', path: '/api/runs/{id}/approve', url: () => '/api/runs/999999/approve', allow: { roles: FINANCE }, ok: 404 },
  { method: 'POST', path: '/api/runs/{id}/commit', url: () => '/api/runs/999999/commit', allow: { roles: FINANCE }, ok: 404 },
  { method: 'GET', path: '/api/members/{ref}/statement', url: (r) => `/api/members/${r.code}/statement?period=${openPeriod}`, allow: { roles: FINANCE, distributor: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/statement.{format}', url: (r) => `/api/members/${r.code}/statement.csv?period=${openPeriod}`, allow: { roles: FINANCE, distributor: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/wallet', url: (r) => `/api/members/${r.code}/wallet`, allow: { roles: FINANCE, distributor: ['own'] }, ok: 200 },
  { method: 'POST', path: '/api/members/{ref}/wallet/adjustments', url: (r) => `/api/members/${r.code}/wallet/adjustments`, body: () => ({ amount: 100, reason: 'isolation matrix' }), allow: { roles: FINANCE }, ok: 201 },
  // No plan is stored here: an allowed caller gets as far as PLAN_NOT_IN_FORCE.
  { method: 'GET', path: '/api/members/{ref}/projection', url: (r) => `/api/members/${r.code}/projection`, allow: { roles: FINANCE, distributor: ALL_MEMBER }, ok: 422 },
  { method: 'PUT', path: '/api/members/{ref}/payout-hold', url: (r) => `/api/members/${r.code}/payout-hold`, body: () => ({ hold: null }), allow: { roles: FINANCE }, ok: 200 },
  { method: 'GET', path: '/api/payouts/wallets', url: () => '/api/payouts/wallets', allow: { roles: FINANCE }, ok: 200 },
  { method: 'POST', path: '/api/payout-batches', url: () => '/api/payout-batches', allow: { roles: FINANCE }, ok: 422 },
  { method: 'GET', path: '/api/payout-batches/{id}', url: () => '/api/payout-batches/999999', allow: { roles: FINANCE }, ok: 404 },
  { method: 'GET', path: '/api/payout-batches/{id}/bank-file.csv', url: () => '/api/payout-batches/999999/bank-file.csv', allow: { roles: FINANCE }, ok: 404 },
  { method: 'POST', path: '/api/payouts/{id}/paid', url: () => '/api/payouts/999999/paid', allow: { roles: FINANCE }, ok: 404 },
  { method: 'POST', path: '/api/payouts/{id}/failed', url: () => '/api/payouts/999999/failed', body: () => ({ reason: 'matrix' }), allow: { roles: FINANCE }, ok: 404 },
  // The plan lab: staff who run the money lint plans, rerun committed periods with another plan and simulate plans.
  { method: 'POST', path: '/api/plans/lint', url: () => '/api/plans/lint', body: () => ({ source: MINIMAL_PLAN }), allow: { roles: FINANCE }, ok: 200 },
  { method: 'GET', path: '/api/plans/{id}/lint', url: () => '/api/plans/999999/lint', allow: { roles: FINANCE }, ok: 404 },
  { method: 'POST', path: '/api/periods/{id}/whatif', url: () => '/api/periods/999999/whatif', body: () => ({ source: MINIMAL_PLAN }), allow: { roles: FINANCE }, ok: 404 },
  {
    method: 'POST',
    path: '/api/simulations',
    url: () => '/api/simulations',
    body: () => ({ source: MINIMAL_PLAN, assumptions: TINY_ASSUMPTIONS, months: 1, seed: 1 }),
    allow: { roles: FINANCE },
    ok: 200,
  },
  // Compliance: owners and admins manage it; finance reads it; members see none of it.
  { method: 'GET', path: '/api/compliance/income-disclosure', url: () => '/api/compliance/income-disclosure?from=999999', allow: { roles: FINANCE }, ok: 404 },
  { method: 'GET', path: '/api/compliance/income-disclosure.{format}', url: () => '/api/compliance/income-disclosure.csv?from=999999', allow: { roles: FINANCE }, ok: 404 },
  { method: 'GET', path: '/api/compliance/settings', url: () => '/api/compliance/settings', allow: { roles: FINANCE }, ok: 200 },
  {
    method: 'PATCH',
    path: '/api/compliance/settings',
    url: () => '/api/compliance/settings',
    body: () => ({ customerShareWarnBelowPercent: 10, customerShareAlertBelowPercent: 20 }),
    allow: { roles: MANAGERS },
    ok: 422,
  },
  { method: 'GET', path: '/api/compliance/periods/{id}/monitors', url: () => '/api/compliance/periods/999999/monitors', allow: { roles: FINANCE }, ok: 404 },
  { method: 'POST', path: '/api/compliance/periods/{id}/scan', url: () => '/api/compliance/periods/999999/scan', allow: { roles: MANAGERS }, ok: 404 },
  { method: 'GET', path: '/api/compliance/flags', url: () => '/api/compliance/flags', allow: { roles: FINANCE }, ok: 200 },
  { method: 'POST', path: '/api/compliance/flags/{id}/acknowledge', url: () => '/api/compliance/flags/999999/acknowledge', body: () => ({ note: 'matrix' }), allow: { roles: MANAGERS }, ok: 404 },
  { method: 'GET', path: '/api/compliance/holds', url: () => '/api/compliance/holds', allow: { roles: FINANCE }, ok: 200 },
  { method: 'PUT', path: '/api/members/{ref}/compliance-hold', url: (r) => `/api/members/${r.code}/compliance-hold`, body: () => ({ hold: null }), allow: { roles: MANAGERS }, ok: 200 },
  { method: 'GET', path: '/api/compliance/india-checklist', url: () => '/api/compliance/india-checklist', allow: { roles: FINANCE }, ok: 200 },
  // Community: a member's own notifications and preferences; staff may read them to answer questions.
  { method: 'GET', path: '/api/members/{ref}/notifications', url: (r) => `/api/members/${r.code}/notifications`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'POST', path: '/api/members/{ref}/notifications/read', url: (r) => `/api/members/${r.code}/notifications/read`, body: () => ({ all: true }), allow: { distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/notification-preferences', url: (r) => `/api/members/${r.code}/notification-preferences`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'PUT', path: '/api/members/{ref}/notification-preferences', url: (r) => `/api/members/${r.code}/notification-preferences`, body: () => ({ quietHours: null }), allow: { distributor: ['own'], customer: ['own'] }, ok: 200 },
  // Announcements: the company to anyone; a distributor to their own downline (any record: the audience is their own team).
  {
    method: 'POST',
    path: '/api/announcements',
    url: () => '/api/announcements',
    body: (_r, role) => ({ language: 'en', title: 'Matrix', body: 'Hello', audience: role === 'distributor' || role === 'customer' ? { scope: 'downline' } : { scope: 'company' } }),
    allow: { roles: MANAGERS, distributor: RELATIONS },
    ok: 201,
  },
  { method: 'GET', path: '/api/announcements', url: () => '/api/announcements', allow: { roles: MANAGERS }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/announcements', url: (r) => `/api/members/${r.code}/announcements`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'POST', path: '/api/members/{ref}/announcements/{id}/read', url: (r) => `/api/members/${r.code}/announcements/999999/read`, allow: { distributor: ['own'], customer: ['own'] }, ok: 200 },
  // Messages go to one's sponsor (or frontline); moderators (owner, admin) read and hide them.
  { method: 'POST', path: '/api/members/{ref}/messages', url: (r) => `/api/members/${r.code}/messages`, body: (r) => ({ to: sponsorCode(r.key), body: 'Namaste' }), allow: { distributor: ['own'], customer: ['own'] }, ok: 201 },
  { method: 'GET', path: '/api/members/{ref}/messages', url: (r) => `/api/members/${r.code}/messages`, allow: { roles: MANAGERS, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'POST', path: '/api/messages/{id}/hide', url: () => '/api/messages/999999/hide', body: () => ({ reason: 'matrix' }), allow: { roles: MANAGERS }, ok: 404 },
  { method: 'PUT', path: '/api/members/{ref}/messaging', url: (r) => `/api/members/${r.code}/messaging`, body: () => ({ disabled: null }), allow: { roles: MANAGERS }, ok: 200 },
  // Events: the company's for everyone, a distributor's for their team; organizers and the company see registrations.
  {
    method: 'POST',
    path: '/api/events',
    url: () => '/api/events',
    body: (_r, role) => ({ scope: role === 'distributor' || role === 'customer' ? 'team' : 'company', kind: 'meeting', language: 'en', title: 'Matrix', place: 'Jaipur', startsAt: '2030-01-01T10:00:00Z', endsAt: '2030-01-01T12:00:00Z' }),
    allow: { roles: MANAGERS, distributor: RELATIONS },
    ok: 201,
  },
  { method: 'GET', path: '/api/events', url: () => '/api/events', allow: { roles: MANAGERS, distributor: RELATIONS, customer: RELATIONS }, ok: 200 },
  { method: 'POST', path: '/api/events/{id}/registrations', url: () => '/api/events/999999/registrations', allow: { distributor: RELATIONS, customer: RELATIONS }, ok: 404 },
  { method: 'GET', path: '/api/events/{id}/registrations', url: () => '/api/events/999999/registrations', allow: { roles: MANAGERS, distributor: RELATIONS }, ok: 404 },
  { method: 'POST', path: '/api/events/{id}/attendance', url: () => '/api/events/999999/attendance', body: () => ({ members: ['SM1'] }), allow: { roles: MANAGERS, distributor: RELATIONS }, ok: 404 },
  { method: 'GET', path: '/api/recognition', url: () => '/api/recognition?month=2026-01', allow: { roles: [...STAFF, 'distributor', 'customer'] }, ok: 200 },
  { method: 'GET', path: '/api/members/{ref}/recognition', url: (r) => `/api/members/${r.code}/recognition`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'PUT', path: '/api/members/{ref}/recognition', url: (r) => `/api/members/${r.code}/recognition`, body: () => ({ optOut: false }), allow: { roles: MANAGERS, distributor: ['own'], customer: ['own'] }, ok: 200 },
  // Training: the company writes courses and files; members learn; the company (and finance) sees completion.
  { method: 'POST', path: '/api/courses', url: () => '/api/courses', body: () => ({ title: { en: 'Matrix', hi: 'मैट्रिक्स' } }), allow: { roles: MANAGERS }, ok: 201 },
  { method: 'GET', path: '/api/courses', url: () => '/api/courses', allow: { roles: MANAGERS, distributor: RELATIONS, customer: RELATIONS }, ok: 200 },
  { method: 'GET', path: '/api/courses/{id}', url: () => '/api/courses/999999', allow: { roles: MANAGERS, distributor: RELATIONS, customer: RELATIONS }, ok: 404 },
  { method: 'POST', path: '/api/courses/{id}/lessons', url: () => '/api/courses/999999/lessons', body: () => ({ kind: 'text', title: { en: 'x', hi: 'x' } }), allow: { roles: MANAGERS }, ok: 404 },
  { method: 'POST', path: '/api/lessons/{id}/complete', url: () => '/api/lessons/999999/complete', allow: { distributor: RELATIONS, customer: RELATIONS }, ok: 404 },
  { method: 'GET', path: '/api/courses/{id}/completion', url: () => '/api/courses/999999/completion', allow: { roles: FINANCE }, ok: 404 },
  // A JSON body is not an allowed file type: an allowed caller gets as far as FILE_TYPE_NOT_ALLOWED.
  { method: 'POST', path: '/api/training-files', url: () => '/api/training-files?name=matrix.pdf', allow: { roles: MANAGERS }, ok: 415 },
  { method: 'GET', path: '/api/training-files/{id}', url: () => '/api/training-files/999999', allow: { roles: MANAGERS, distributor: RELATIONS, customer: RELATIONS }, ok: 404 },
  { method: 'GET', path: '/api/products/{ref}/knowledge', url: () => '/api/products/TULSI-60/knowledge', allow: { roles: [...STAFF, 'warehouse', 'distributor', 'customer', 'storefront'] }, ok: 200 },
  {
    method: 'PUT',
    path: '/api/products/{ref}/knowledge',
    url: () => '/api/products/TULSI-60/knowledge',
    body: () => ({ usage: { en: 'u', hi: 'u' }, ingredients: { en: 'i', hi: 'i' }, certifications: [], faq: [] }),
    allow: { roles: MANAGERS },
    ok: 200,
  },
  { method: 'POST', path: '/api/products/{ref}/feedback', url: () => '/api/products/TULSI-60/feedback', body: () => ({ rating: 5 }), allow: { distributor: RELATIONS, customer: RELATIONS }, ok: 201 },
  { method: 'GET', path: '/api/product-feedback', url: () => '/api/product-feedback', allow: { roles: FINANCE }, ok: 200 },
  // Company reports: owner, admin and finance.
  { method: 'GET', path: '/api/reports/self-reliance', url: () => '/api/reports/self-reliance', allow: { roles: FINANCE }, ok: 200 },
  { method: 'GET', path: '/api/reports/retention', url: () => '/api/reports/retention?by=region', allow: { roles: FINANCE }, ok: 200 },
  { method: 'GET', path: '/api/reports/product-feedback', url: () => '/api/reports/product-feedback', allow: { roles: FINANCE }, ok: 200 },
  { method: 'GET', path: '/api/users', url: () => '/api/users', allow: { roles: MANAGERS }, ok: 200 },
  { method: 'POST', path: '/api/users', url: () => '/api/users', body: () => ({ email: `staff${++unique}@matrix.test`, roles: ['support'] }), allow: { roles: MANAGERS }, ok: 201 },
  { method: 'PATCH', path: '/api/users/{id}', url: () => '/api/users/999999', body: () => ({ disabled: true }), allow: { roles: MANAGERS }, ok: 404 },
  { method: 'POST', path: '/api/users/{id}/password-reset', url: () => '/api/users/999999/password-reset', allow: { roles: MANAGERS }, ok: 404 },
  { method: 'GET', path: '/api/tokens', url: () => '/api/tokens', allow: { roles: MANAGERS }, ok: 200 },
  { method: 'POST', path: '/api/tokens', url: () => '/api/tokens', body: () => ({ name: 'matrix', scopes: ['products:read'] }), allow: { roles: MANAGERS }, ok: 201 },
  { method: 'POST', path: '/api/tokens/{id}/revoke', url: () => '/api/tokens/999999/revoke', allow: { roles: MANAGERS }, ok: 404 },
  // Tax invoices, credit notes and the GST summary: staff read them; a member the documents of their own orders.
  { method: 'GET', path: '/api/company/tax-settings', url: () => '/api/company/tax-settings', allow: { roles: FINANCE }, ok: 200 },
  { method: 'PUT', path: '/api/company/tax-settings', url: () => '/api/company/tax-settings', body: () => ({ gstin: '27AAPFU0939F1ZV', pricesIncludeTax: true }), allow: { roles: MANAGERS }, ok: 200 },
  { method: 'GET', path: '/api/orders/{ref}/invoice', url: (r) => `/api/orders/${r.order}/invoice`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/orders/{ref}/invoice/print', url: (r) => `/api/orders/${r.order}/invoice/print`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/credit-notes/{id}', url: (r) => `/api/credit-notes/${r.creditNote}`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/credit-notes/{id}/print', url: (r) => `/api/credit-notes/${r.creditNote}/print`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'GET', path: '/api/tax/gst-summary.csv', url: () => `/api/tax/gst-summary.csv?month=${new Date().toISOString().slice(0, 7)}`, allow: { roles: FINANCE }, ok: 200 },
  // Webhooks are the owner's and admins' to manage; a storefront takes orders with its token.
  { method: 'GET', path: '/api/webhooks', url: () => '/api/webhooks', allow: { roles: MANAGERS }, ok: 200 },
  { method: 'POST', path: '/api/webhooks', url: () => '/api/webhooks', body: () => ({ url: 'ftp://127.0.0.1/matrix', events: ['order.placed'] }), allow: { roles: MANAGERS }, ok: 422 },
  { method: 'PATCH', path: '/api/webhooks/{id}', url: () => '/api/webhooks/999999', body: () => ({ active: false }), allow: { roles: MANAGERS }, ok: 404 },
  { method: 'GET', path: '/api/webhooks/{id}/deliveries', url: () => '/api/webhooks/999999/deliveries', allow: { roles: MANAGERS }, ok: 404 },
  { method: 'POST', path: '/api/webhook-deliveries/{id}/replay', url: () => '/api/webhook-deliveries/999999/replay', allow: { roles: MANAGERS }, ok: 404 },
  // Without an Idempotency-Key an allowed caller gets as far as IDEMPOTENCY_KEY_REQUIRED.
  {
    method: 'POST',
    path: '/api/storefront/orders',
    url: () => '/api/storefront/orders',
    body: (r) => ({ customer: { member_code: r.code }, line_items: [{ sku: 'NEEM-SOAP', quantity: 1 }] }),
    allow: { roles: [...MANAGERS, 'storefront'] },
    ok: 428,
  },
  // Only about the caller's own account: every signed-in person may, an integration token may not.
  { method: 'PATCH', path: '/api/auth/me', url: () => '/api/auth/me', body: () => ({ language: 'en' }), allow: { roles: [...STAFF, 'warehouse', 'distributor', 'customer'] }, ok: 200 },
  { method: 'GET', path: '/api/auth/me', url: () => '/api/auth/me', allow: { roles: [...STAFF, 'warehouse', 'distributor', 'customer'] }, ok: 200 },
  // Stock and fulfilment: warehouse staff keep stock and ship; the buyer and their distributor read an order's state.
  { method: 'GET', path: '/api/warehouses', url: () => '/api/warehouses', allow: { roles: STOCK_READERS }, ok: 200 },
  { method: 'POST', path: '/api/warehouses', url: () => '/api/warehouses', body: () => ({ code: 'WH-MATRIX', name: 'Again' }), allow: { roles: STOCK_KEEPERS }, ok: 409 },
  { method: 'GET', path: '/api/warehouses/{ref}/stock', url: () => '/api/warehouses/WH-MATRIX/stock', allow: { roles: STOCK_READERS }, ok: 200 },
  { method: 'POST', path: '/api/warehouses/{ref}/stock', url: () => '/api/warehouses/WH-MATRIX/stock', body: () => ({ product: 'NO-SUCH', change: 1, reason: 'matrix' }), allow: { roles: STOCK_KEEPERS }, ok: 404 },
  { method: 'GET', path: '/api/warehouses/{ref}/pick-list.html', url: () => '/api/warehouses/WH-MATRIX/pick-list.html', allow: { roles: STOCK_KEEPERS }, ok: 200 },
  { method: 'GET', path: '/api/warehouses/{ref}/shipments.csv', url: () => '/api/warehouses/WH-MATRIX/shipments.csv', allow: { roles: STOCK_KEEPERS }, ok: 200 },
  { method: 'GET', path: '/api/orders/{ref}/fulfilment', url: (r) => `/api/orders/${r.order}/fulfilment`, allow: { roles: [...STAFF, 'warehouse', 'storefront'], distributor: ['own'], customer: ['own'] }, ok: 200 },
  // Every order here is paid, not packed: delivering is refused by the state machine once the permission check passed.
  { method: 'POST', path: '/api/orders/{ref}/fulfilment', url: (r) => `/api/orders/${r.order}/fulfilment`, body: () => ({ action: 'deliver' }), allow: { roles: STOCK_KEEPERS }, ok: 409 },
  // The work waiting at each fulfilment step: whoever fulfils, records payments or reads orders (a token that writes orders reads them back).
  { method: 'GET', path: '/api/fulfilments', url: () => '/api/fulfilments?warehouse=WH-MATRIX&state=paid', allow: { roles: [...STOCK_READERS, 'storefront'] }, ok: 200 },
  { method: 'GET', path: '/api/orders/{ref}/packing-slip.html', url: (r) => `/api/orders/${r.order}/packing-slip.html`, allow: { roles: STOCK_KEEPERS }, ok: 200 },
  // Autoship: staff read every one, owners and admins change any, a member only their own.
  { method: 'GET', path: '/api/autoships', url: (r) => `/api/autoships?member=${r.code}`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'POST', path: '/api/autoships', url: () => '/api/autoships', body: (r) => ({ member: r.code, ...AUTOSHIP_BODY }), allow: { roles: MANAGERS, distributor: ['own'], customer: ['own'] }, ok: 201 },
  { method: 'GET', path: '/api/autoships/{id}', url: (r) => `/api/autoships/${r.autoship}`, allow: { roles: STAFF, distributor: ['own'], customer: ['own'] }, ok: 200 },
  { method: 'PATCH', path: '/api/autoships/{id}', url: (r) => `/api/autoships/${r.autoship}`, body: () => ({ dayOfMonth: 15 }), allow: { roles: MANAGERS, distributor: ['own'], customer: ['own'] }, ok: 200 },
  ...(['pause', 'resume', 'cancel', 'skip'] as const).map((action): RouteCase => ({
    method: 'POST',
    path: `/api/autoships/{id}/${action}`,
    url: (r) => `/api/autoships/${r.cancelledAutoship}/${action}`,
    ...(action === 'skip' ? { body: () => ({ month: '2099-01' }) } : {}),
    allow: { roles: MANAGERS, distributor: ['own'], customer: ['own'] },
    ok: 409,
  })),
  // The audit trail: owners, admins and finance; every entry about a member, KYC numbers masked.
  { method: 'GET', path: '/api/audit', url: (r) => `/api/audit?entity=member&ref=${r.code}`, allow: { roles: FINANCE }, ok: 200 },
  // A distributor's shop: public pages and checkout (shop.db.test.ts); recording a shop order's payment, for that distributor or staff who record payments.
  ...['/api/shop/{code}', '/api/shop/{code}/products', '/api/shop/{code}/products/{sku}', '/api/shop/{code}/checkout'].map(
    (path): RouteCase => ({ method: path.endsWith('checkout') ? 'POST' : 'GET', path, url: () => path, allow: {}, ok: 200, elsewhere: "public: a distributor's shop (shop.db.test.ts)" }),
  ),
  // Every shop order here is paid already: recording it again is refused by state once the permission check passed.
  { method: 'POST', path: '/api/orders/{ref}/shop-payment', url: (r) => `/api/orders/${r.shopOrder}/shop-payment`, body: () => ({ reference: 'UPI matrix' }), allow: { roles: FINANCE, distributor: ['own'] }, ok: 409 },
  ...['/api/health', '/api/auth/sign-in', '/api/auth/sign-out', '/api/auth/sign-out-everywhere', '/api/auth/password', '/api/auth/password-reset', '/api/auth/password-reset/request'].map(
    (path): RouteCase => ({ method: path === '/api/health' ? 'GET' : 'POST', path, url: () => path, allow: {}, ok: 200, elsewhere: 'public or only about the caller: accounts.db.test.ts' }),
  ),
];

/** Each seeded member's sponsor, the one person they may always message. */
const SPONSOR_OF: Record<Key, Key | 'SM1'> = { UP: 'SM1', ME: 'UP', DOWN: 'ME', CUST: 'ME', OTHER: 'SM1' };
function sponsorCode(key: Key): string {
  const sponsor = SPONSOR_OF[key];
  return sponsor === 'SM1' ? 'SM1' : records[sponsor].code;
}

function expectedStatus(route: RouteCase, role: Role, relation: Relation): number {
  if (role === 'anonymous') return 401;
  const allowed =
    (route.allow.roles ?? []).includes(role) ||
    (role === 'distributor' && (route.allow.distributor ?? []).includes(relation)) ||
    (role === 'customer' && (route.allow.customer ?? []).includes(relation));
  return allowed ? route.ok : 403;
}

let database: TestDatabase;
let server: TestServer;
const records = {} as Record<Key, Seeded>;
const credentials = {} as Record<Role, Credentials | 'anonymous'>;

/** A fingerprint of everything a request could write, in one statement. */
async function writeCounts(): Promise<string> {
  const tables = ['members', 'orders', 'refunds', 'periods', 'users', 'api_tokens', 'audit_log', 'tree_changes', 'password_resets', 'products', 'compliance_flags', 'compliance_scans', 'invoices', 'credit_notes', 'webhook_subscriptions', 'webhook_events', 'webhook_deliveries', 'notifications', 'notification_preferences', 'announcements', 'announcement_recipients', 'messages', 'events', 'event_registrations', 'courses', 'lessons', 'lesson_progress', 'training_files', 'product_knowledge', 'product_feedback', 'warehouses', 'stock_movements', 'order_fulfilment_events', 'autoships', 'autoship_occurrences', 'shop_orders'] as const;
  const counts = tables.map((table) => `(SELECT count(*) FROM ${table})`).join(` || ',' || `);
  const row = await sql<{ fingerprint: string }>`SELECT ${sql.raw(counts)} || ' ' || coalesce((SELECT max(updated_at) FROM members)::text, '') AS fingerprint`.execute(database.handle.db);
  return row.rows[0]!.fingerprint;
}

/** Contact and KYC details of members other than the actor's own: none may appear in what a member role is shown. */
function foreignSecrets(ownKey: Key | null): string[] {
  const secrets: string[] = [];
  for (const record of Object.values(records)) {
    if (record.key === ownKey) continue;
    secrets.push(record.phone, record.email, record.pan, record.bank, `•${record.pan.slice(-4)}`, `•${record.bank.slice(-4)}`);
  }
  return secrets;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { period } = await smallCompany(database.ctx);
  openPeriod = period.id;
  await setTaxSettings(database.ctx, { gstin: '27AAPFU0939F1ZV', pricesIncludeTax: true });
  for (const sku of ['TULSI-60', 'NEEM-SOAP']) await updateProduct(database.ctx, sku, { hsnCode: '3004', gstRate: 18 });
  server = await startServer(database.handle);
  const people: [Key, string, string, 'distributor' | 'retail'][] = [
    ['UP', 'Upline Uma', 'SM1', 'distributor'],
    ['ME', 'Me Mohan', 'UP', 'distributor'],
    ['DOWN', 'Down Divya', 'ME', 'distributor'],
    ['CUST', 'Customer Chitra', 'ME', 'retail'],
    ['OTHER', 'Other Omar', 'SM1', 'distributor'],
  ];
  let n = 0;
  for (const [key, name, sponsor, type] of people) {
    n++;
    const detail = { phone: `98765${String(n).repeat(5)}`, email: `${key.toLowerCase()}@matrix.test`, pan: `ABCD${'EFGHJ'[n - 1]}${n}${n}${n}${n}K`, bankAccount: `5000${n}${n}${n}${n}${n}${n}7${n}${n}` };
    const member = await server.request('POST', '/api/members', { body: { name, type, sponsor: sponsor === 'SM1' ? 'SM1' : records[sponsor as Key].code, ...detail } });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    const order = await server.request('POST', '/api/orders', { body: { buyer: member.body.code, items: [{ product: 'TULSI-60', quantity: 1 }] } });
    expect(order.status).toBe(201);
    const refund = await server.request('POST', `/api/orders/${order.body.number}/refunds`, { body: { lines: [{ lineNo: 1, quantity: 1 }], reason: 'matrix credit note' } });
    expect(refund.status).toBe(201);
    const creditNote = await database.handle.db.selectFrom('credit_notes').select('id').where('refund_id', '=', refund.body.refundId).executeTakeFirstOrThrow();
    const autoship = await server.request('POST', '/api/autoships', { body: { member: member.body.code, ...AUTOSHIP_BODY } });
    const cancelled = await server.request('POST', '/api/autoships', { body: { member: member.body.code, ...AUTOSHIP_BODY } });
    expect((await server.request('POST', `/api/autoships/${cancelled.body.id}/cancel`)).status).toBe(200);
    // A customer buys in their distributor's shop (found again by phone); a distributor's own shop sells to a new customer.
    const shopCode = type === 'retail' ? records.ME.code : member.body.code;
    const shopCustomer = type === 'retail' ? { name, phone: detail.phone } : { name: `Shopper ${key}`, phone: `97000${String(n).repeat(5)}` };
    const shopOrder = await server.request('POST', `/api/shop/${shopCode}/checkout`, {
      as: 'anonymous',
      headers: { 'idempotency-key': `matrix-${key}` },
      body: { customer: shopCustomer, shippingAddress: { line1: '1 Road', city: 'Pune', state: 'MH', pincode: '411001' }, lines: [{ sku: 'NEEM-SOAP', quantity: 1 }] },
    });
    expect(shopOrder.status, shopOrder.text).toBe(201);
    expect((await server.request('POST', `/api/orders/${shopOrder.body.number}/shop-payment`, { body: { reference: 'UPI seed' } })).status).toBe(200);
    records[key] = {
      key, id: member.body.id, code: member.body.code, phone: detail.phone, email: detail.email, pan: detail.pan, bank: detail.bankAccount, order: order.body.number,
      creditNote: creditNote.id, autoship: autoship.body.id, cancelledAutoship: cancelled.body.id, shopOrder: shopOrder.body.number,
    };
  }
  await server.request('POST', '/api/products', { body: { sku: 'OLD-KIT', name: { en: 'Old kit', hi: 'पुरानी किट' }, qv: 0, cv: 0, prices: [{ currency: 'INR', retailPrice: 100, distributorPrice: 100 }] } });
  expect(period.status).toBe('open');
  expect((await server.request('POST', '/api/warehouses', { body: { code: 'WH-MATRIX', name: 'Matrix warehouse' } })).status).toBe(201);
  for (const product of ['TULSI-60', 'NEEM-SOAP']) await server.request('POST', '/api/warehouses/WH-MATRIX/stock', { body: { product, change: 10_000, reason: 'opening stock' } });

  credentials.anonymous = 'anonymous';
  credentials.owner = server.owner;
  for (const role of ['admin', 'finance', 'support', 'warehouse'] as const) {
    await createUser(database.ctx, { email: `${role}@matrix.test`, roles: [role], password: PASSWORD });
    credentials[role] = await server.signIn(`${role}@matrix.test`, PASSWORD);
  }
  await createUser(database.ctx, { email: 'mohan@matrix.test', roles: ['distributor'], member: records.ME.code, password: PASSWORD });
  credentials.distributor = await server.signIn('mohan@matrix.test', PASSWORD);
  await createUser(database.ctx, { email: 'chitra@matrix.test', roles: ['customer'], member: records.CUST.code, password: PASSWORD });
  credentials.customer = await server.signIn('chitra@matrix.test', PASSWORD);
  credentials.storefront = { bearer: (await createApiToken(database.ctx, { name: 'storefront', scopes: ['orders:write', 'products:read'] })).token };
}, 300_000);
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

describe('the isolation matrix', () => {
  it('lists every route of the API', async () => {
    const document = await server.request('GET', '/api/openapi.json');
    const routes = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(new Set(ROUTES.map((route) => `${route.method} ${route.path}`))).toEqual(new Set(routes));
  });

  it('gives every role exactly its access to own, downline, upline and unrelated records, and nothing more', { timeout: 900_000 }, async () => {
    let cells = 0;
    let refusals = 0;
    const failures: string[] = [];
    for (const route of ROUTES.filter((r) => !r.elsewhere)) {
      for (const role of ROLES) {
        for (const relation of RELATIONS) {
          const record = records[recordKey(role, relation)];
          const expected = expectedStatus(route, role, relation);
          const before = expected === 401 || expected === 403 ? await writeCounts() : '';
          const response: ApiResponse = await server.request(route.method, route.url(record, role), {
            as: credentials[role],
            ...(route.body ? { body: route.body(record, role) } : route.method === 'GET' ? {} : { body: {} }),
          });
          cells++;
          const cell = `${route.method} ${route.path} as ${role} on ${relation} (${record.key})`;
          if (response.status !== expected) {
            failures.push(`${cell}: expected ${expected}, got ${response.status} ${response.text.slice(0, 200)}`);
            continue;
          }
          if (expected === 401 || expected === 403) {
            refusals++;
            expect(response.body.error.code, cell).toBe(expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
            expect(await writeCounts(), `${cell} wrote something`).toBe(before);
            continue;
          }
          if (role === 'distributor' || role === 'customer' || role === 'storefront') {
            const own = role === 'storefront' ? null : recordKey(role, 'own');
            for (const secret of foreignSecrets(own)) {
              if (response.text.includes(secret)) failures.push(`${cell}: leaks ${secret}`);
            }
          }
          if (route.path === '/api/orders' && route.method === 'GET' && (role === 'distributor' || role === 'customer')) {
            const me = records[recordKey(role, 'own')].id;
            const items = response.body.items as { buyer: { id: number }; creditedId: number }[];
            const visible = items.every((item) => item.buyer.id === me || (role === 'distributor' && item.creditedId === me));
            if (!visible) failures.push(`${cell}: lists an order that is not theirs`);
            if (relation === 'own' && items.length === 0) failures.push(`${cell}: does not list their own order`);
            if (relation !== 'own' && items.length > 0) failures.push(`${cell}: lists ${items.length} orders of another member`);
          }
        }
      }
    }
    console.log(`isolation matrix: ${cells} cells (${refusals} refusals) over ${ROUTES.filter((r) => !r.elsewhere).length} routes × ${ROLES.length} roles × ${RELATIONS.length} relations`);
    expect(failures).toEqual([]);
  });

  it('shows a distributor their downline without contact details or KYC, and themselves in full', async () => {
    const down = await server.request('GET', `/api/members/${records.DOWN.code}`, { as: credentials.distributor });
    expect(down.body).toMatchObject({ code: records.DOWN.code, name: 'Down Divya', phone: null, email: null, kyc: { pan: null, bankAccount: null, bankIfsc: null } });
    const self = await server.request('GET', `/api/members/${records.ME.code}`, { as: credentials.distributor });
    expect(self.body).toMatchObject({ phone: records.ME.phone, email: records.ME.email, kyc: { pan: `••••••${records.ME.pan.slice(-4)}` } });
    const search = await server.request('GET', `/api/members/${records.ME.code}/downline?q=${records.DOWN.phone.slice(-6)}`, { as: credentials.distributor });
    expect(search.body.items).toEqual([]);
    const byName = await server.request('GET', `/api/members/${records.ME.code}/downline?q=Divya`, { as: credentials.distributor });
    expect(byName.body.items).toMatchObject([{ code: records.DOWN.code, phone: null }]);
    const staff = await server.request('GET', `/api/members/SM1/downline?q=${records.DOWN.phone.slice(-6)}`, { as: credentials.support });
    expect(staff.body.items).toMatchObject([{ code: records.DOWN.code, phone: records.DOWN.phone }]);
  });
});
