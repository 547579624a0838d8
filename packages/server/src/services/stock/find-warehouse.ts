import type { Selectable } from 'kysely';
import type { WarehousesTable } from '../../db/schema.ts';
import { SamoohError } from '../../errors.ts';
import type { Db } from '../context.ts';
import { parseRef } from '../refs.ts';

export type WarehouseRow = Selectable<WarehousesTable>;
/** A warehouse is addressed by numeric id or code. */
export type WarehouseRef = number | string;

export async function requireWarehouse(db: Db, ref: WarehouseRef): Promise<WarehouseRow> {
  const parsed = parseRef(ref);
  if ('none' in parsed) throw new SamoohError('WAREHOUSE_NOT_FOUND', { warehouse: String(ref) });
  let query = db.selectFrom('warehouses').selectAll();
  query = 'id' in parsed ? query.where('id', '=', parsed.id) : query.where('code', '=', parsed.code);
  const warehouse = await query.executeTakeFirst();
  if (!warehouse) throw new SamoohError('WAREHOUSE_NOT_FOUND', { warehouse: String(ref) });
  return warehouse;
}

export function toWarehouseView(row: WarehouseRow) {
  return { id: row.id, code: row.code, name: row.name, address: row.address, active: row.active, createdAt: row.created_at.toISOString() };
}
