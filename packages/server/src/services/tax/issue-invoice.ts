import { SamoohError } from '../../errors.ts';
import { getCompany } from '../company/get-company.ts';
import type { RequestContext } from '../context.ts';
import { numberDocument } from './document-counter.ts';
import { lineTax, sumTaxes, taxColumns } from './gst.ts';

/**
 * Issues the tax invoice of an order, in the caller's transaction. An invoice
 * is issued when an order is paid; every order is paid when it is placed
 * today, so placing an order issues it. Nothing is issued while the company
 * has no GSTIN. The place of supply is the order's billing state, else the
 * company's own state. Call it last in the transaction: the counter row stays
 * locked until the transaction ends.
 */
export async function issueInvoice(ctx: RequestContext, orderId: number, now = new Date()): Promise<number | null> {
  const company = await getCompany(ctx.db);
  if (company.gstin === null || company.state_code === null) return null;
  const existing = await ctx.db.selectFrom('invoices').select('id').where('order_id', '=', orderId).executeTakeFirst();
  if (existing) return existing.id;
  const order = await ctx.db.selectFrom('orders').select(['id', 'billing_state', 'currency']).where('id', '=', orderId).executeTakeFirstOrThrow();
  const lines = await ctx.db
    .selectFrom('order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.line_no', 'l.sku', 'l.quantity', 'l.unit_price', 'l.amount', 'p.name_en', 'p.name_hi', 'p.hsn_code', 'p.gst_rate_bp'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.line_no')
    .execute();
  const placeOfSupply = order.billing_state ?? company.state_code;
  const interState = placeOfSupply !== company.state_code;
  const taxed = lines.map((line) => {
    if (line.hsn_code === null || line.gst_rate_bp === null) throw new SamoohError('PRODUCT_TAX_UNSET', { product: line.sku });
    return { line, hsn: line.hsn_code, rate: line.gst_rate_bp, tax: lineTax(line.amount, line.gst_rate_bp, interState, company.prices_include_tax) };
  });
  const invoice = await ctx.db
    .insertInto('invoices')
    .values({
      ...(await numberDocument(ctx.db, company, 'invoice', now)),
      order_id: orderId,
      seller_gstin: company.gstin,
      seller_state: company.state_code,
      place_of_supply: placeOfSupply,
      inter_state: interState,
      prices_include_tax: company.prices_include_tax,
      currency: order.currency,
      ...taxColumns(sumTaxes(taxed.map((t) => t.tax))),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('invoice_lines')
    .values(taxed.map(({ line, hsn, rate, tax }) => ({
      invoice_id: invoice.id,
      line_no: line.line_no,
      order_line_id: line.id,
      sku: line.sku,
      name_en: line.name_en,
      name_hi: line.name_hi,
      hsn_code: hsn,
      gst_rate_bp: rate,
      quantity: line.quantity,
      unit_price: line.unit_price,
      ...taxColumns(tax),
    })))
    .execute();
  return invoice.id;
}
