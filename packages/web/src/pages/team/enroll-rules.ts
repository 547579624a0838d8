import { KYC_RULES } from '../../lib/member-rules.ts';

/** The enrollment form's rules, apart from the screen so they can be tested alone. */
export type MemberType = 'distributor' | 'preferred' | 'retail';
export type EnrollField = 'name' | 'phone' | 'email' | 'type' | 'placement';
/** Where a new distributor goes in a binary tree: the sponsor's usual way, a policy, or a chosen free slot. */
export const PLACEMENTS = ['default', 'extreme-left', 'extreme-right', 'weaker-leg-count', 'weaker-leg-volume', 'slot'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export interface EnrollValues {
  name: string;
  phone: string;
  email: string;
  type: MemberType;
  placement: Placement;
  parent: string;
  side: 'L' | 'R';
}

export const EMPTY: EnrollValues = { name: '', phone: '', email: '', type: 'distributor', placement: 'default', parent: '', side: 'L' };

/** Which fields are wrong, by the server's own rules; every message is a catalogue key. */
export function enrollErrors(values: EnrollValues): Partial<Record<EnrollField, string>> {
  const errors: Partial<Record<EnrollField, string>> = {};
  if (!values.name.trim()) errors.name = 'bo.enroll.errors.name';
  if (values.phone.trim() && !KYC_RULES.phone.test(values.phone.replace(/[\s-]/g, ''))) errors.phone = 'bo.profile.errors.phone';
  if (values.email.trim() && !KYC_RULES.email.test(values.email.trim())) errors.email = 'bo.profile.errors.email';
  if (values.type === 'distributor' && values.placement === 'slot' && !values.parent.trim()) errors.placement = 'bo.enroll.errors.parent';
  return errors;
}

/** The request body: only what was given; a placement only for a distributor. */
export function enrollBody(values: EnrollValues, sponsor: number): Record<string, unknown> {
  const body: Record<string, unknown> = { name: values.name.trim(), type: values.type, sponsor: String(sponsor) };
  if (values.phone.trim()) body.phone = values.phone.replace(/[\s-]/g, '');
  if (values.email.trim()) body.email = values.email.trim();
  if (values.type === 'distributor' && values.placement !== 'default') {
    body.placement = values.placement === 'slot' ? { parent: values.parent.trim().toUpperCase(), slot: values.side } : { policy: values.placement };
  }
  return body;
}
