import type { Language } from '../../db/schema.ts';
import { writeAudit } from '../audit.ts';
import { inTransaction, type RequestContext } from '../context.ts';

export interface SetUpCompanyInput {
  name: string;
  currency?: string;
  timeZone?: string;
  placementTree?: 'binary' | 'matrix';
  matrixWidth?: number | null;
  /** The company's own root distributor: the top of both trees. */
  root: { name: string; code?: string; email?: string | null; phone?: string | null; language?: Language; joinedAt?: Date };
}

/** Creates the company settings and its root member; the start of every Samooh instance. */
export async function setUpCompany(ctx: RequestContext, input: SetUpCompanyInput) {
  return inTransaction(ctx, async (tx) => {
    await tx.db
      .insertInto('company')
      .values({
        name: input.name,
        currency: input.currency ?? 'INR',
        time_zone: input.timeZone ?? 'Asia/Kolkata',
        placement_tree: input.placementTree ?? 'binary',
        matrix_width: input.placementTree === 'matrix' ? (input.matrixWidth ?? 3) : null,
      })
      .execute();
    const root = await tx.db
      .insertInto('members')
      .values({
        ...(input.root.code ? { code: input.root.code } : {}),
        name: input.root.name,
        type: 'distributor',
        email: input.root.email ?? null,
        phone: input.root.phone ?? null,
        language: input.root.language ?? 'en',
        sponsor_id: null,
        ...(input.root.joinedAt ? { joined_at: input.root.joinedAt } : {}),
      })
      .returning(['id', 'code'])
      .executeTakeFirstOrThrow();
    await writeAudit(tx, { action: 'company.set_up', entity: 'company', entityId: 1, after: { name: input.name, rootId: root.id } });
    return root;
  });
}
