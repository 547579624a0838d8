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
  return new Intl.DateTimeFormat('en-CA', { timeZone: company.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
