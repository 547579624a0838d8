import { getCompany } from '../company/get-company.ts';
import type { RequestContext } from '../context.ts';
import { numberDocument } from './document-counter.ts';
import { lineTax, sumTaxes, taxColumns, type LineTax } from './gst.ts';

/**
 * Issues the credit note of a refund, in the caller's transaction, when the
 * order has a tax invoice and the refund returns money. Each refunded line is
 * taxed as on the invoice (same rate, same supply, same price basis); a line
 * refunded to its last unit is credited exactly what the invoice charged less
 * what earlier credit notes took back, so an order refunded in full nets to zero.
 */
export async function issueCreditNote(ctx: RequestContext, refundId: number, now = new Date()): Promise<number | null> {
  const refund = await ctx.db.selectFrom('refunds').select(['id', 'order_id', 'amount', 'reason']).where('id', '=', refundId).executeTakeFirstOrThrow();
  if (refund.amount === 0) return null;
  const existing = await ctx.db.selectFrom('credit_notes').select('id').where('refund_id', '=', refundId).executeTakeFirst();
  if (existing) return existing.id;
  const invoice = await ctx.db.selectFrom('invoices').selectAll().where('order_id', '=', refund.order_id).executeTakeFirst();
  if (!invoice) return null;
  const refunded = await ctx.db
    .selectFrom('refund_lines as r')
    .innerJoin('order_lines as o', 'o.id', 'r.order_line_id')
    .innerJoin('invoice_lines as i', 'i.order_line_id', 'r.order_line_id')
    .select(['i.line_no', 'i.gst_rate_bp', 'i.taxable_value', 'i.cgst', 'i.sgst', 'i.igst', 'i.total', 'r.quantity', 'r.amount', 'o.quantity as ordered', 'o.refunded_quantity'])
    .where('r.refund_id', '=', refundId)
    .orderBy('i.line_no')
    .execute();
  const earlier = await ctx.db
    .selectFrom('credit_note_lines as l')
    .innerJoin('credit_notes as c', 'c.id', 'l.credit_note_id')
    .select((eb) => ['l.line_no', eb.fn.sum<string>('l.taxable_value').as('taxable_value'), eb.fn.sum<string>('l.cgst').as('cgst'), eb.fn.sum<string>('l.sgst').as('sgst'), eb.fn.sum<string>('l.igst').as('igst'), eb.fn.sum<string>('l.total').as('total')])
    .where('c.invoice_id', '=', invoice.id)
    .groupBy('l.line_no')
    .execute();
  const credited = new Map(earlier.map((row) => [row.line_no, row]));
  const lines = refunded.map((line) => {
    let tax: LineTax;
    if (line.refunded_quantity === line.ordered) {
      const before = credited.get(line.line_no);
      const less = (key: 'taxable_value' | 'cgst' | 'sgst' | 'igst' | 'total') => line[key] - Number(before?.[key] ?? 0);
      tax = { taxableValue: less('taxable_value'), cgst: less('cgst'), sgst: less('sgst'), igst: less('igst'), total: less('total') };
    } else {
      tax = lineTax(line.amount, line.gst_rate_bp, invoice.inter_state, invoice.prices_include_tax);
    }
    return { lineNo: line.line_no, quantity: line.quantity, tax };
  });
  const company = await getCompany(ctx.db);
  const note = await ctx.db
    .insertInto('credit_notes')
    .values({
      ...(await numberDocument(ctx.db, company, 'credit_note', now)),
      invoice_id: invoice.id,
      refund_id: refund.id,
      reason: refund.reason,
      ...taxColumns(sumTaxes(lines.map((line) => line.tax))),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('credit_note_lines')
    .values(lines.map((line) => ({
      credit_note_id: note.id,
      line_no: line.lineNo,
      quantity: line.quantity,
      ...taxColumns(line.tax),
    })))
    .execute();
  return note.id;
}
