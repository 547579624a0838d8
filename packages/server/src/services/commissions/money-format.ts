import type { Language } from '../../db/schema.ts';

/** Money for people: ₹12,34,567.00 with Indian digit grouping, from integer minor units. */
export function formatMoney(language: Language, currency: string, minor: number): string {
  return new Intl.NumberFormat(language === 'hi' ? 'hi-IN' : 'en-IN', { style: 'currency', currency }).format(minor / 100);
}
