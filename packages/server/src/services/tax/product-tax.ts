import type {} from '../../db/schema-commerce-tax.ts'; // the tables and columns of migration 0015
import { SamoohError } from '../../errors.ts';
import { bpToPercent, GST_RATES_BP, hsnProblem, isGstRate, rateToBp } from './gst.ts';

export interface ProductTaxInput {
  /** HSN or SAC code; null clears it. */
  hsnCode?: string | null | undefined;
  /** GST rate in per cent (e.g. 18 or 0.25); null clears it. */
  gstRate?: number | null | undefined;
}

/** The products columns for a product's HSN code and GST rate, refusing an unknown code or a rate not in force. */
export function productTaxColumns(input: ProductTaxInput): { hsn_code?: string | null; gst_rate_bp?: number | null } {
  const columns: { hsn_code?: string | null; gst_rate_bp?: number | null } = {};
  if (input.hsnCode !== undefined) {
    const hsn = input.hsnCode === null ? null : input.hsnCode.trim();
    if (hsn !== null && hsnProblem(hsn)) throw new SamoohError('HSN_CODE_INVALID', { hsn });
    columns.hsn_code = hsn;
  }
  if (input.gstRate !== undefined) {
    const bp = input.gstRate === null ? null : rateToBp(input.gstRate);
    if (input.gstRate !== null && (bp === undefined || bp === null || !isGstRate(bp))) {
      throw new SamoohError('GST_RATE_UNKNOWN', { rate: String(input.gstRate), allowed: GST_RATES_BP.map(bpToPercent).join(', ') });
    }
    columns.gst_rate_bp = bp ?? null;
  }
  return columns;
}

/** How a product's tax fields are shown. */
export function productTaxView(row: { hsn_code: string | null; gst_rate_bp: number | null }) {
  return { hsnCode: row.hsn_code, gstRate: row.gst_rate_bp === null ? null : bpToPercent(row.gst_rate_bp) };
}
