/** The same rules the server applies to a member's contact and KYC details (schemas/common.ts), checked before sending so mistakes show in place. */
export const KYC_RULES = {
  phone: /^\+?[0-9]{7,15}$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  pan: /^[A-Z]{5}[0-9]{4}[A-Z]$/,
  bankAccount: /^[0-9]{9,18}$/,
  bankIfsc: /^[A-Z]{4}0[A-Z0-9]{6}$/,
} as const;
