/**
 * India GST, pure functions: state codes, GSTIN and HSN checks, the legal
 * rates, tax per invoice line, financial years and amounts in words.
 * Money is integer paise; rates are integer hundredths of a per cent (bp).
 */

/** GST state codes (the first two digits of a GSTIN) with the ISO 3166-2:IN letters, old and new. */
export const GST_STATES: Record<string, { name: string; iso: string[]; unionTerritory: boolean }> = {
  '01': { name: 'Jammu and Kashmir', iso: ['JK'], unionTerritory: false },
  '02': { name: 'Himachal Pradesh', iso: ['HP'], unionTerritory: false },
  '03': { name: 'Punjab', iso: ['PB'], unionTerritory: false },
  '04': { name: 'Chandigarh', iso: ['CH'], unionTerritory: true },
  '05': { name: 'Uttarakhand', iso: ['UK', 'UT'], unionTerritory: false },
  '06': { name: 'Haryana', iso: ['HR'], unionTerritory: false },
  '07': { name: 'Delhi', iso: ['DL'], unionTerritory: false },
  '08': { name: 'Rajasthan', iso: ['RJ'], unionTerritory: false },
  '09': { name: 'Uttar Pradesh', iso: ['UP'], unionTerritory: false },
  '10': { name: 'Bihar', iso: ['BR'], unionTerritory: false },
  '11': { name: 'Sikkim', iso: ['SK'], unionTerritory: false },
  '12': { name: 'Arunachal Pradesh', iso: ['AR'], unionTerritory: false },
  '13': { name: 'Nagaland', iso: ['NL'], unionTerritory: false },
  '14': { name: 'Manipur', iso: ['MN'], unionTerritory: false },
  '15': { name: 'Mizoram', iso: ['MZ'], unionTerritory: false },
  '16': { name: 'Tripura', iso: ['TR'], unionTerritory: false },
  '17': { name: 'Meghalaya', iso: ['ML'], unionTerritory: false },
  '18': { name: 'Assam', iso: ['AS'], unionTerritory: false },
  '19': { name: 'West Bengal', iso: ['WB'], unionTerritory: false },
  '20': { name: 'Jharkhand', iso: ['JH'], unionTerritory: false },
  '21': { name: 'Odisha', iso: ['OD', 'OR'], unionTerritory: false },
  '22': { name: 'Chhattisgarh', iso: ['CG', 'CT'], unionTerritory: false },
  '23': { name: 'Madhya Pradesh', iso: ['MP'], unionTerritory: false },
  '24': { name: 'Gujarat', iso: ['GJ'], unionTerritory: false },
  '26': { name: 'Dadra and Nagar Haveli and Daman and Diu', iso: ['DH', 'DN', 'DD'], unionTerritory: true },
  '27': { name: 'Maharashtra', iso: ['MH'], unionTerritory: false },
  '29': { name: 'Karnataka', iso: ['KA'], unionTerritory: false },
  '30': { name: 'Goa', iso: ['GA'], unionTerritory: false },
  '31': { name: 'Lakshadweep', iso: ['LD'], unionTerritory: true },
  '32': { name: 'Kerala', iso: ['KL'], unionTerritory: false },
  '33': { name: 'Tamil Nadu', iso: ['TN'], unionTerritory: false },
  '34': { name: 'Puducherry', iso: ['PY'], unionTerritory: false },
  '35': { name: 'Andaman and Nicobar Islands', iso: ['AN'], unionTerritory: true },
  '36': { name: 'Telangana', iso: ['TS', 'TG'], unionTerritory: false },
  '37': { name: 'Andhra Pradesh', iso: ['AP'], unionTerritory: false },
  '38': { name: 'Ladakh', iso: ['LA'], unionTerritory: true },
  '97': { name: 'Other Territory', iso: [], unionTerritory: true },
};

export function isStateCode(code: string): boolean {
  return Object.hasOwn(GST_STATES, code);
}

/** A state given as its GST code ("27"), ISO letters ("MH", "IN-MH") or name ("Maharashtra"); undefined when unknown. */
export function stateCodeOf(value: string): string | undefined {
  const text = value.trim().toUpperCase().replace(/^IN-/, '');
  if (/^[0-9]{1,2}$/.test(text)) {
    const code = text.padStart(2, '0');
    return isStateCode(code) ? code : undefined;
  }
  for (const [code, state] of Object.entries(GST_STATES)) {
    if (state.iso.includes(text) || state.name.toUpperCase() === text) return code;
  }
  return undefined;
}

const GSTIN_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The check character of a GSTIN's first 14 characters (base 36, weights 1 and 2 alternating). */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let index = 0; index < 14; index++) {
    const value = GSTIN_ALPHABET.indexOf(first14[index]!);
    const product = value * (index % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return GSTIN_ALPHABET[(36 - (sum % 36)) % 36]!;
}

/** Why a GSTIN is wrong, or null when it is a well-formed GSTIN of a known state with the right check character. */
export function gstinProblem(gstin: string): 'format' | 'state' | 'check' | null {
  if (!/^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/.test(gstin)) return 'format';
  if (!isStateCode(gstin.slice(0, 2))) return 'state';
  if (gstinCheckCharacter(gstin.slice(0, 14)) !== gstin[14]) return 'check';
  return null;
}

/**
 * HSN chapters in use (01–97, chapter 77 is reserved) and 99 for services (SAC).
 * A code is 4, 6 or 8 digits; a SAC is 6 digits starting with 99.
 */
export function hsnProblem(code: string): 'format' | 'chapter' | null {
  if (!/^([0-9]{4}|[0-9]{6}|[0-9]{8})$/.test(code)) return 'format';
  const chapter = Number(code.slice(0, 2));
  if (chapter === 99) return code.length === 6 ? null : 'format';
  if (chapter < 1 || chapter > 97 || chapter === 77) return 'chapter';
  return null;
}

/**
 * The GST rates in force since 22 September 2025, in hundredths of a per cent:
 * nil, 0.1 % (supplies to merchant exporters), 0.25 % (rough precious stones),
 * 1.5 % (cut and polished diamonds), 3 % (gold, silver, jewellery), 5 % and 18 %
 * (the two main slabs), 28 % (tobacco products until the compensation cess ends)
 * and 40 % (demerit goods). The former 12 % slab was folded into 5 % and 18 %.
 */
export const GST_RATES_BP = [0, 10, 25, 150, 300, 500, 1800, 2800, 4000] as const;

export function isGstRate(bp: number): boolean {
  return (GST_RATES_BP as readonly number[]).includes(bp);
}

/** A rate given in per cent (e.g. 0.25 or "18") as basis points, or undefined when it is not an exact hundredth. */
export function rateToBp(percent: number | string): number | undefined {
  const value = typeof percent === 'number' ? percent : Number(percent);
  if (!Number.isFinite(value)) return undefined;
  const bp = Math.round(value * 100);
  return Math.abs(bp - value * 100) < 1e-6 ? bp : undefined;
}

export function bpToPercent(bp: number): number {
  return bp / 100;
}

export interface LineTax {
  taxableValue: number;
  cgst: number;
  sgst: number;
  igst: number;
  total: number;
}

/** a × b / c rounded half up (amounts are never negative), exact for any paise amount. */
function mulDivRound(a: number, b: number, c: number): number {
  const numerator = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  return Number((numerator * 2n + divisor) / (divisor * 2n));
}

/**
 * The tax of one invoice line, rounded to the paisa per line and per tax, half up.
 * - Exclusive prices: the line amount is the taxable value; each tax is
 *   round(taxable × rate) (CGST and SGST each at half the rate); the total adds them.
 * - Inclusive prices: the line amount is the total. The taxable value is first
 *   round(amount / (1 + rate)); each tax is computed from it as above; the taxable
 *   value is then the amount less the taxes, so the total is exactly what was paid.
 * Within a state CGST and SGST (UTGST in a union territory) are equal halves; across
 * states it is IGST at the full rate.
 */
export function lineTax(amount: number, rateBp: number, interState: boolean, pricesIncludeTax: boolean): LineTax {
  const base = pricesIncludeTax ? mulDivRound(amount, 10_000, 10_000 + rateBp) : amount;
  const half = interState ? 0 : mulDivRound(base, rateBp, 20_000);
  const igst = interState ? mulDivRound(base, rateBp, 10_000) : 0;
  const tax = half * 2 + igst;
  const taxableValue = pricesIncludeTax ? amount - tax : amount;
  return { taxableValue, cgst: half, sgst: half, igst, total: taxableValue + tax };
}

/** The sum of several lines' taxes. */
export function sumTaxes(taxes: LineTax[]): LineTax {
  const sum = (key: keyof LineTax) => taxes.reduce((total, tax) => total + tax[key], 0);
  return { taxableValue: sum('taxableValue'), cgst: sum('cgst'), sgst: sum('sgst'), igst: sum('igst'), total: sum('total') };
}

/** A tax as the columns of an invoice, credit note or one of their lines. */
export function taxColumns(tax: LineTax) {
  return { taxable_value: tax.taxableValue, cgst: tax.cgst, sgst: tax.sgst, igst: tax.igst, total: tax.total };
}

/** The financial year (April to March) of a date, as "2026-27". */
export function financialYear(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * A document number: prefix / short year / six digits, e.g. INV/26-27/000042.
 * At most 16 characters, as GST invoice rules require.
 */
export function documentNumber(prefix: 'INV' | 'CN', fy: string, sequence: number): string {
  return `${prefix}/${fy.slice(2)}/${String(sequence).padStart(6, '0')}`;
}

const ONES = ['', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten', 'Eleven', 'Twelve', 'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen', 'Seventeen', 'Eighteen', 'Nineteen'];
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

function belowHundred(n: number): string {
  if (n < 20) return ONES[n]!;
  return TENS[Math.floor(n / 10)]! + (n % 10 ? `-${ONES[n % 10]}` : '');
}

function belowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  return [hundreds ? `${ONES[hundreds]} Hundred` : '', rest ? belowHundred(rest) : ''].filter(Boolean).join(' ');
}

/** A whole number in words in the Indian system (thousand, lakh, crore). */
export function numberInWords(n: number): string {
  if (n === 0) return 'Zero';
  const parts: string[] = [];
  const crore = Math.floor(n / 10_000_000);
  if (crore) parts.push(`${numberInWords(crore)} Crore`);
  let rest = n % 10_000_000;
  const lakh = Math.floor(rest / 100_000);
  if (lakh) parts.push(`${belowHundred(lakh)} Lakh`);
  rest %= 100_000;
  const thousand = Math.floor(rest / 1000);
  if (thousand) parts.push(`${belowHundred(thousand)} Thousand`);
  rest %= 1000;
  if (rest) parts.push(belowThousand(rest));
  return parts.join(' ');
}

/** An amount in paise in words: "Rupees One Thousand Two Hundred and Fifty Paise Only". */
export function rupeesInWords(paise: number): string {
  const rupees = Math.floor(paise / 100);
  const rest = paise % 100;
  return `Rupees ${numberInWords(rupees)}${rest ? ` and ${belowHundred(rest)} Paise` : ''} Only`;
}
