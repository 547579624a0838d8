/**
 * Numbers, money and dates in the reader's language. Money arrives from the API in integer
 * minor units (paise) and is shown in rupees with Indian digit grouping: ₹12,34,567.00.
 */
export type Lang = 'en' | 'hi';

const locale = (lang: string) => (lang === 'hi' ? 'hi-IN' : 'en-IN');
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale(lang)}|${key}`;
  let format = cache.get(id);
  if (!format) {
    format = new Intl.NumberFormat(locale(lang), options);
    cache.set(id, format);
  }
  return format;
}

/** 123456700 paise → "₹12,34,567.00". Exact: the paise are split off as integers, never divided as floats. */
export function formatMoney(lang: string, minor: number, currency = 'INR'): string {
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const rupees = Math.trunc(abs / 100);
  const paise = abs - rupees * 100;
  const text = numberFormat(lang, `money:${currency}`, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(`${rupees}.${String(paise).padStart(2, '0')}`));
  return negative ? `−${text}` : text;
}

/** Volumes (PV, GV) have at most two decimals. */
export function formatVolume(lang: string, value: number): string {
  return numberFormat(lang, 'volume', { maximumFractionDigits: 2 }).format(value);
}

/** A share from 0 to 1 (payout ratio, share earning nothing) as a percentage with at most one decimal: 0.4215 → "42.2%". */
export function formatPercent(lang: string, share: number): string {
  return numberFormat(lang, 'percent', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

export function formatCount(lang: string, value: number): string {
  return numberFormat(lang, 'count', { maximumFractionDigits: 0 }).format(value);
}

/** A calendar date (YYYY-MM-DD from the API) as the reader writes it: 1 Mar 2025 / 1 मार्च 2025. */
export function formatDate(lang: string, isoDate: string): string {
  const date = isoDate.length === 10 ? new Date(`${isoDate}T00:00:00Z`) : new Date(isoDate);
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: isoDate.length === 10 ? 'UTC' : 'Asia/Kolkata' }).format(date);
}

export function formatDateTime(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'Asia/Kolkata' }).format(new Date(iso));
}

/** A period as "Mar 2025" (monthly) or "1 Mar – 15 Mar 2025". */
export function formatPeriod(lang: string, start: string, end: string): string {
  const s = new Date(`${start}T00:00:00Z`);
  const e = new Date(`${end}T00:00:00Z`);
  const next = new Date(e.getTime() + 86_400_000);
  if (s.getUTCDate() === 1 && next.getUTCDate() === 1 && s.getUTCMonth() === e.getUTCMonth()) {
    return new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(s);
  }
  return `${formatDate(lang, start)} – ${formatDate(lang, end)}`;
}
