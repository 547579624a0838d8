import type { ColumnType, Generated } from 'kysely';

/**
 * The table of migration 0019 (a distributor's public shop), merged into the
 * Database interface of schema.ts by declaration merging.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

declare module './schema.ts' {
  interface Database {
    shop_orders: ShopOrdersTable;
  }
}

export interface ShopOrdersTable {
  order_id: number;
  shop_member_id: number;
  customer_member_id: number;
  idempotency_key: string;
  request_hash: string;
  payment_method: string;
  payment_reference: string | null;
  payment_recorded_by: string | null;
  payment_recorded_at: NullableTimestamp;
  created_at: Generated<Timestamp>;
}
