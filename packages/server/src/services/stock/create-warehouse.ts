import { isUniqueViolation, SamoohError } from '../../errors.ts';
import { writeAudit } from '../audit.ts';
import { assertCan } from '../auth/permissions.ts';
import { inTransaction, type RequestContext } from '../context.ts';
import { toWarehouseView } from './find-warehouse.ts';

export interface WarehouseInput {
  code: string;
  name: string;
  address?: string | undefined;
}

/** Adds a warehouse. From the first one on, orders reserve stock (docs/commerce.md). */
export async function createWarehouse(ctx: RequestContext, input: WarehouseInput) {
  assertCan(ctx, 'stock:write');
  try {
    return await inTransaction(ctx, async (tx) => {
      const row = await tx.db
        .insertInto('warehouses')
        .values({ code: input.code.toUpperCase(), name: input.name.trim(), address: input.address?.trim() ?? '' })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAudit(tx, { action: 'warehouse.created', entity: 'warehouse', entityId: row.id, after: { code: row.code, name: row.name } });
      return toWarehouseView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'warehouses_code_key')) throw new SamoohError('WAREHOUSE_CODE_TAKEN', { code: input.code.toUpperCase() });
    throw error;
  }
}
