import type { ProductRow } from '../../db/schema.ts';
import { productTaxView } from '../tax/product-tax.ts';

export interface ProductPrice {
  currency: string;
  retailPrice: number;
  distributorPrice: number;
}

export function toProductView(row: ProductRow, prices: ProductPrice[]) {
  return {
    id: row.id,
    sku: row.sku,
    name: { en: row.name_en, hi: row.name_hi },
    description: { en: row.description_en, hi: row.description_hi },
    qv: row.qv,
    cv: row.cv,
    starterKit: row.starter_kit,
    enrollmentFee: row.enrollment_fee,
    active: row.active,
    ...productTaxView(row),
    allowBackorder: row.allow_backorder,
    prices: [...prices].sort((a, b) => a.currency.localeCompare(b.currency)),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export type ProductView = ReturnType<typeof toProductView>;
