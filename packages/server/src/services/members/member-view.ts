import type { Language, MemberRow } from '../../db/schema.ts';

/** Contact, language and KYC details a member gives on enrollment and may change later. */
export interface ProfileInput {
  phone?: string | null;
  email?: string | null;
  country?: string;
  language?: Language;
  region?: string | null;
  pan?: string | null;
  bankAccount?: string | null;
  bankIfsc?: string | null;
}

/** Keeps the last four characters visible: enough to recognise, useless to steal. */
export function maskTail(value: string | null | undefined, visible = 4): string | null {
  if (value === null || value === undefined) return null;
  if (value.length <= visible) return '•'.repeat(value.length);
  return '•'.repeat(value.length - visible) + value.slice(-visible);
}

const KYC_FIELDS = new Set(['pan', 'bank_account', 'bankAccount']);

/** A copy of a record with PAN and bank account masked, for logs and the audit trail. */
export function maskKyc(record: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    copy[key] = KYC_FIELDS.has(key) && typeof value === 'string' ? maskTail(value) : value;
  }
  return copy;
}

/**
 * The same masking at any depth (nested objects and arrays), for reading the audit trail back:
 * entries written before masking, or with KYC numbers inside a nested record, still leave masked.
 */
export function maskKycDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskKycDeep);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(maskKyc(value as Record<string, unknown>))) copy[key] = KYC_FIELDS.has(key) ? inner : maskKycDeep(inner);
  return copy;
}

export const BINARY_LEGS = ['L', 'R'] as const;
export type PlacementTree = 'binary' | 'matrix';

/** Binary slots are shown as L and R; matrix slots as positions 1..W. */
export function slotLabel(tree: PlacementTree, slot: number | null): string | number | null {
  if (slot === null) return null;
  return tree === 'binary' ? (BINARY_LEGS[slot] ?? String(slot)) : slot + 1;
}

export interface MemberRefs {
  sponsorCode: string | null;
  placementParentCode: string | null;
}

/** The member as the API shows them. KYC numbers never leave unmasked. */
export function toMemberView(row: MemberRow, refs: MemberRefs, tree: PlacementTree) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    phone: row.phone,
    email: row.email,
    country: row.country,
    language: row.language,
    region: row.region,
    type: row.type,
    status: row.status,
    sponsor: row.sponsor_id === null ? null : { id: row.sponsor_id, code: refs.sponsorCode },
    placementPolicy: row.placement_policy,
    placement:
      row.placement_parent_id === null
        ? null
        : { parentId: row.placement_parent_id, parentCode: refs.placementParentCode, slot: slotLabel(tree, row.placement_slot) },
    joinedAt: row.joined_at.toISOString(),
    terminatedAt: row.terminated_at?.toISOString() ?? null,
    upgradedAt: row.upgraded_at?.toISOString() ?? null,
    kyc: {
      status: row.kyc_status,
      pan: maskTail(row.pan),
      bankAccount: maskTail(row.bank_account),
      bankIfsc: row.bank_ifsc,
    },
  };
}

export type MemberView = ReturnType<typeof toMemberView>;
