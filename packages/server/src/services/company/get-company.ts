import type { Selectable } from 'kysely';
import type { CompanyTable } from '../../db/schema.ts';
import type { Db } from '../context.ts';

export type Company = Selectable<CompanyTable>;

export async function getCompany(db: Db): Promise<Company> {
  const company = await db.selectFrom('company').selectAll().executeTakeFirst();
  if (!company) throw new Error('The company is not set up: run `samooh seed demo` or create the company first.');
  return company;
}

/** Slots per placement node: 2 for binary, the plan's width for a matrix. */
export function placementWidth(company: Company): number {
  return company.placement_tree === 'binary' ? 2 : (company.matrix_width ?? 2);
}

/** The calendar date of an instant in the company's time zone, as YYYY-MM-DD. */
export function businessDate(company: Company, at: Date): string {
  return dateFormat(company.time_zone).format(at);
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (it showed in request profiles).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format;
}
