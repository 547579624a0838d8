import type {} from '../../db/schema-commerce-tax.ts'; // the tables and columns of migration 0015
import { assertCan } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { getCompany, type Company } from '../company/get-company.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { GST_STATES, gstinProblem, stateCodeOf } from './gst.ts';

export interface TaxSettingsInput {
  /** The company's GSTIN; null turns tax invoicing off. */
  gstin: string | null;
  /** GST state code or ISO letters of the registered place of business; defaults to the GSTIN's. */
  state?: string | null | undefined;
  pricesIncludeTax: boolean;
  legalAddress?: string | undefined;
}

export function taxSettingsView(company: Company) {
  return {
    gstin: company.gstin,
    state: company.state_code ? { code: company.state_code, name: GST_STATES[company.state_code]?.name ?? company.state_code } : null,
    pricesIncludeTax: company.prices_include_tax,
    legalAddress: company.legal_address,
    invoicing: company.gstin !== null,
  };
}

export type TaxSettingsView = ReturnType<typeof taxSettingsView>;

/** A state as its GST code, or STATE_CODE_UNKNOWN. */
export function requireStateCode(state: string): string {
  const code = stateCodeOf(state);
  if (!code) throw new SamoohError('STATE_CODE_UNKNOWN', { state });
  return code;
}

export async function getTaxSettings(ctx: RequestContext): Promise<TaxSettingsView> {
  assertCan(ctx, 'tax:manage', 'tax:report');
  return taxSettingsView(await getCompany(ctx.db));
}

/** Sets the company's GST registration. The GSTIN's check character is verified and its state must match. */
export async function setTaxSettings(ctx: RequestContext, input: TaxSettingsInput): Promise<TaxSettingsView> {
  assertCan(ctx, 'tax:manage');
  const gstin = input.gstin === null ? null : input.gstin.trim().toUpperCase();
  if (gstin !== null) {
    const problem = gstinProblem(gstin);
    if (problem) throw new SamoohError('GSTIN_INVALID', { gstin, problem });
  }
  let state = input.state ? requireStateCode(input.state) : (gstin?.slice(0, 2) ?? null);
  if (gstin !== null && state !== gstin.slice(0, 2)) throw new SamoohError('GSTIN_INVALID', { gstin, problem: 'state' });
  if (gstin === null && input.state === undefined) state = null;
  return inTransaction(ctx, async (tx) => {
    const before = taxSettingsView(await getCompany(tx.db));
    await tx.db
      .updateTable('company')
      .set({ gstin, state_code: state, prices_include_tax: input.pricesIncludeTax, ...(input.legalAddress !== undefined && { legal_address: input.legalAddress.trim() }) })
      .execute();
    const after = taxSettingsView(await getCompany(tx.db));
    await writeAudit(tx, { action: 'company.tax_settings', entity: 'company', entityId: 1, before, after });
    return after;
  });
}
