import { actsAsDistributor, ownMemberId } from '../auth/member-access.ts';
import { assertCan, refusal } from '../auth/permissions.ts';
import { SamoohError } from '../../errors.ts';
import { getCompany } from '../company/get-company.ts';
import type { Db, RequestContext } from '../context.ts';
import { requireOrder, type OrderRef } from '../orders/find-order.ts';
import { bpToPercent, GST_STATES, rupeesInWords } from './gst.ts';

/** Staff with invoices:read see every document; a member those of the orders they may read (bought, or credited to a distributor). */
function assertMayReadDocumentsOf(ctx: RequestContext, order: { buyer_id: number; credited_id: number }): void {
  if (assertCan(ctx, 'invoices:read', 'invoices:read:own') === 'invoices:read') return;
  const me = ownMemberId(ctx);
  if (me !== null && (order.buyer_id === me || (actsAsDistributor(ctx) && order.credited_id === me))) return;
  throw refusal(ctx.actor);
}

const state = (code: string) => ({ code, name: GST_STATES[code]?.name ?? code, unionTerritory: GST_STATES[code]?.unionTerritory ?? false });
const amounts = (row: { taxable_value: number; cgst: number; sgst: number; igst: number; total: number }) => ({
  taxableValue: row.taxable_value,
  cgst: row.cgst,
  sgst: row.sgst,
  igst: row.igst,
  total: row.total,
});

interface InvoiceLine {
  line_no: number;
  sku: string;
  name_en: string;
  name_hi: string;
  hsn_code: string;
  gst_rate_bp: number;
  unit_price: number;
}

/** A document line: the product as invoiced, the quantity and amounts of this document. */
function lineView(product: InvoiceLine, line: Parameters<typeof amounts>[0] & { quantity: number }) {
  return {
    lineNo: product.line_no,
    sku: product.sku,
    name: { en: product.name_en, hi: product.name_hi },
    hsnCode: product.hsn_code,
    gstRate: bpToPercent(product.gst_rate_bp),
    quantity: line.quantity,
    unitPrice: product.unit_price,
    ...amounts(line),
  };
}

async function loadInvoice(db: Db, invoiceId: number) {
  const invoice = await db
    .selectFrom('invoices as i')
    .innerJoin('orders as o', 'o.id', 'i.order_id')
    .innerJoin('members as b', 'b.id', 'o.buyer_id')
    .selectAll('i')
    .select(['o.number as order_number', 'o.business_date', 'b.code as buyer_code', 'b.name as buyer_name'])
    .where('i.id', '=', invoiceId)
    .executeTakeFirstOrThrow();
  const lines = await db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('line_no').execute();
  const notes = await db.selectFrom('credit_notes').select(['id', 'number', 'issue_date', 'total']).where('invoice_id', '=', invoiceId).orderBy('id').execute();
  const company = await getCompany(db);
  return {
    invoice,
    lines,
    view: {
      id: invoice.id,
      number: invoice.number,
      financialYear: invoice.financial_year,
      issueDate: invoice.issue_date,
      issuedAt: invoice.issued_at.toISOString(),
      order: { id: invoice.order_id, number: invoice.order_number, businessDate: invoice.business_date },
      buyer: { code: invoice.buyer_code, name: invoice.buyer_name },
      seller: { name: company.name, gstin: invoice.seller_gstin, state: state(invoice.seller_state), address: company.legal_address },
      placeOfSupply: state(invoice.place_of_supply),
      interState: invoice.inter_state,
      pricesIncludeTax: invoice.prices_include_tax,
      currency: invoice.currency,
      lines: lines.map((line) => lineView(line, line)),
      totals: amounts(invoice),
      amountInWords: rupeesInWords(invoice.total),
      creditNotes: notes.map((note) => ({ id: note.id, number: note.number, issueDate: note.issue_date, total: note.total })),
    },
  };
}

export type InvoiceView = Awaited<ReturnType<typeof loadInvoice>>['view'];

/** The tax invoice of an order. */
export async function getOrderInvoice(ctx: RequestContext, ref: OrderRef): Promise<InvoiceView> {
  assertCan(ctx, 'invoices:read', 'invoices:read:own');
  const order = await requireOrder(ctx.db, ref);
  assertMayReadDocumentsOf(ctx, order);
  const invoice = await ctx.db.selectFrom('invoices').select('id').where('order_id', '=', order.id).executeTakeFirst();
  if (!invoice) throw new SamoohError('INVOICE_NOT_FOUND', { order: order.number });
  return (await loadInvoice(ctx.db, invoice.id)).view;
}

/** A credit note with the invoice it corrects. */
export async function getCreditNote(ctx: RequestContext, id: number) {
  assertCan(ctx, 'invoices:read', 'invoices:read:own');
  const note = await ctx.db.selectFrom('credit_notes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!note) throw new SamoohError('CREDIT_NOTE_NOT_FOUND', { creditNote: String(id) });
  const order = await ctx.db
    .selectFrom('invoices as i')
    .innerJoin('orders as o', 'o.id', 'i.order_id')
    .select(['o.buyer_id', 'o.credited_id'])
    .where('i.id', '=', note.invoice_id)
    .executeTakeFirstOrThrow();
  assertMayReadDocumentsOf(ctx, order);
  const { view: invoice, lines: invoiceLines } = await loadInvoice(ctx.db, note.invoice_id);
  const lines = await ctx.db.selectFrom('credit_note_lines').selectAll().where('credit_note_id', '=', id).orderBy('line_no').execute();
  return {
    id: note.id,
    number: note.number,
    financialYear: note.financial_year,
    issueDate: note.issue_date,
    issuedAt: note.issued_at.toISOString(),
    refundId: note.refund_id,
    reason: note.reason,
    invoice: { id: invoice.id, number: invoice.number, issueDate: invoice.issueDate },
    order: invoice.order,
    buyer: invoice.buyer,
    seller: invoice.seller,
    placeOfSupply: invoice.placeOfSupply,
    interState: invoice.interState,
    currency: invoice.currency,
    lines: lines.map((line) => lineView(invoiceLines.find((candidate) => candidate.line_no === line.line_no)!, line)),
    totals: amounts(note),
    amountInWords: rupeesInWords(note.total),
  };
}

export type CreditNoteView = Awaited<ReturnType<typeof getCreditNote>>;
