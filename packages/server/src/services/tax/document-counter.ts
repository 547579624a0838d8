import { sql } from 'kysely';
import type { Db } from '../context.ts';
import { businessDate, type Company } from '../company/get-company.ts';
import { documentNumber, financialYear } from './gst.ts';

/**
 * Takes the next number of a document series in a financial year. The upsert
 * locks the counter row until the caller's transaction ends: concurrent issuers
 * queue behind it (no duplicates), and a transaction that rolls back gives its
 * number back (no gaps). A sequence would not: nextval is never rolled back.
 */
export async function nextDocumentNumber(db: Db, series: 'invoice' | 'credit_note', financialYear: string): Promise<number> {
  const result = await sql<{ last_number: number }>`
    INSERT INTO document_counters (series, financial_year, last_number) VALUES (${series}, ${financialYear}, 1)
    ON CONFLICT (series, financial_year) DO UPDATE SET last_number = document_counters.last_number + 1
    RETURNING last_number`.execute(db);
  return result.rows[0]!.last_number;
}

/** The issue date (in the company's time zone), financial year and next number of a new document. */
export async function numberDocument(db: Db, company: Company, series: 'invoice' | 'credit_note', now: Date) {
  const issueDate = businessDate(company, now);
  const fy = financialYear(issueDate);
  const sequence = await nextDocumentNumber(db, series, fy);
  return { issue_date: issueDate, issued_at: now, financial_year: fy, sequence, number: documentNumber(series === 'invoice' ? 'INV' : 'CN', fy, sequence) };
}
