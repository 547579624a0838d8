import { assertCan } from '../auth/permissions.ts';
import type { RequestContext } from '../context.ts';
import { toWarehouseView } from './find-warehouse.ts';

export async function listWarehouses(ctx: RequestContext) {
  assertCan(ctx, 'stock:read');
  const rows = await ctx.db.selectFrom('warehouses').selectAll().orderBy('id').execute();
  return { items: rows.map(toWarehouseView) };
}
