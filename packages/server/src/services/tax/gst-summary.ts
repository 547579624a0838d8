import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { bpToPercent, GST_STATES } from './gst.ts';

export interface GstSummaryRow {
  placeOfSupply: string;
  gstRate: number;
  invoices: number;
  creditNotes: number;
  taxableValue: number;
  cgst: number;
  sgst: number;
  igst: number;
}

/**
 * The GST summary of a month (YYYY-MM, by issue date in the company's time
 * zone): per place of supply and rate, the taxable value and each tax of the
 * invoices less the credit notes issued that month, in paise.
 */
export async function gstSummary(ctx: RequestContext, month: string): Promise<GstSummaryRow[]> {
  assertCan(ctx, 'tax:report');
  const from = `${month}-01`;
  const result = await sql<{ place: string; rate: number; invoices: string; notes: string; taxable: string; cgst: string; sgst: string; igst: string }>`
    WITH docs AS (
      SELECT i.place_of_supply AS place, l.gst_rate_bp AS rate, i.id AS invoice, NULL::bigint AS note,
             l.taxable_value, l.cgst, l.sgst, l.igst
        FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
       WHERE i.issue_date >= ${from}::date AND i.issue_date < (${from}::date + interval '1 month')
      UNION ALL
      SELECT i.place_of_supply, il.gst_rate_bp, NULL, c.id,
             -cl.taxable_value, -cl.cgst, -cl.sgst, -cl.igst
        FROM credit_notes c
        JOIN credit_note_lines cl ON cl.credit_note_id = c.id
        JOIN invoices i ON i.id = c.invoice_id
        JOIN invoice_lines il ON il.invoice_id = i.id AND il.line_no = cl.line_no
       WHERE c.issue_date >= ${from}::date AND c.issue_date < (${from}::date + interval '1 month')
    )
    SELECT place, rate, count(DISTINCT invoice) AS invoices, count(DISTINCT note) AS notes,
           sum(taxable_value) AS taxable, sum(cgst) AS cgst, sum(sgst) AS sgst, sum(igst) AS igst
      FROM docs GROUP BY place, rate ORDER BY place, rate`.execute(ctx.db);
  return result.rows.map((row) => ({
    placeOfSupply: row.place,
    gstRate: bpToPercent(Number(row.rate)),
    invoices: Number(row.invoices),
    creditNotes: Number(row.notes),
    taxableValue: Number(row.taxable),
    cgst: Number(row.cgst),
    sgst: Number(row.sgst),
    igst: Number(row.igst),
  }));
}

/** The summary as CSV, amounts in rupees with two decimals, one row per state and rate and a total row. */
export function gstSummaryCsv(month: string, rows: GstSummaryRow[]): string {
  const rupees = (paise: number) => (paise / 100).toFixed(2);
  const total = (key: 'taxableValue' | 'cgst' | 'sgst' | 'igst') => rows.reduce((sum, row) => sum + row[key], 0);
  return stringify([
    ['month', 'place_of_supply', 'state', 'gst_rate', 'invoices', 'credit_notes', 'taxable_value', 'cgst', 'sgst_utgst', 'igst', 'total_tax'],
    ...rows.map((row) => [month, row.placeOfSupply, GST_STATES[row.placeOfSupply]?.name ?? '', row.gstRate, row.invoices, row.creditNotes,
      rupees(row.taxableValue), rupees(row.cgst), rupees(row.sgst), rupees(row.igst), rupees(row.cgst + row.sgst + row.igst)]),
    [month, 'total', '', '', '', '', rupees(total('taxableValue')), rupees(total('cgst')), rupees(total('sgst')), rupees(total('igst')),
      rupees(total('cgst') + total('sgst') + total('igst'))],
  ]);
}
