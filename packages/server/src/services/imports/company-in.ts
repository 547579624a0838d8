import type { RawSession } from '../../db/connection.ts';
import type { Company } from '../company/get-company.ts';

/** The company settings, read inside a bulk import's own session. */
export async function companyIn(session: RawSession): Promise<Company> {
  const [company] = await session.query<Company>('SELECT * FROM company');
  if (!company) throw new Error('The company is not set up yet: run `samooh seed demo` or set the company up before importing.');
  return company;
}
