import { z } from 'zod';
import type { DatabaseHandle } from '../../db/connection.ts';
import { Currency, MAX_UNIT_PRICE } from '../../schemas/common.ts';
import { csvBoolean, csvInteger, csvVolume, optionalCell } from './csv-fields.ts';
import { RowErrors } from './import-errors.ts';
import { stageFile, type ImportProgress } from './stage-file.ts';
import { checkRows } from './staging.ts';
import { writeAuditInSession } from '../audit.ts';

export const PRODUCT_COLUMNS = {
  required: ['sku', 'name_en', 'name_hi', 'qv', 'cv', 'currency', 'retail_price', 'distributor_price'],
  optional: ['description_en', 'description_hi', 'starter_kit', 'active'],
} as const;

const ProductRow = z
  .object({
    sku: z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, 'letters, digits and dashes, 2 to 32 characters'),
    name_en: z.string().trim().min(1, 'required').max(200),
    name_hi: z.string().trim().min(1, 'required').max(200),
    description_en: optionalCell(z.string().max(5000)),
    description_hi: optionalCell(z.string().max(5000)),
    qv: csvVolume,
    cv: csvVolume,
    starter_kit: optionalCell(csvBoolean),
    active: optionalCell(csvBoolean),
    currency: Currency,
    retail_price: csvInteger(0, MAX_UNIT_PRICE),
    distributor_price: csvInteger(0, MAX_UNIT_PRICE),
  })
  .refine((row) => row.distributor_price <= row.retail_price, { path: ['distributor_price'], message: 'must not exceed retail_price' });

type ProductCsvRow = z.output<typeof ProductRow>;

/** Imports new products (one row each, with a price in one currency), all or nothing. */
export async function importProducts(handle: DatabaseHandle, path: string, onProgress?: ImportProgress): Promise<{ imported: number }> {
  return handle.rawTransaction(async (session) => {
    const errors = new RowErrors();
    await stageFile(
      session,
      path,
      {
        header: PRODUCT_COLUMNS,
        row: ProductRow,
        staging: {
          name: 'import_products',
          columns: [
            { name: 'line', type: 'integer' },
            { name: 'sku', type: 'text' },
            { name: 'name_en', type: 'text' },
            { name: 'name_hi', type: 'text' },
            { name: 'description_en', type: 'text' },
            { name: 'description_hi', type: 'text' },
            { name: 'qv', type: 'numeric' },
            { name: 'cv', type: 'numeric' },
            { name: 'starter_kit', type: 'boolean' },
            { name: 'active', type: 'boolean' },
            { name: 'currency', type: 'text' },
            { name: 'retail_price', type: 'bigint' },
            { name: 'distributor_price', type: 'bigint' },
          ],
        },
        values: (row: ProductCsvRow, line) => [
          line, row.sku, row.name_en, row.name_hi, row.description_en, row.description_hi, row.qv, row.cv,
          row.starter_kit, row.active, row.currency, row.retail_price, row.distributor_price,
        ],
      },
      errors,
      onProgress,
    );
    errors.throwIfAny(path);
    errors.addAll(await checkRows(session, `
      SELECT s.line, 'sku' AS column, 'SKU ' || s.sku || ' appears more than once (first on line ' || f.line || ')' AS reason
        FROM import_products s JOIN (SELECT sku, min(line) AS line FROM import_products GROUP BY sku) f ON f.sku = s.sku AND f.line <> s.line`));
    errors.addAll(await checkRows(session, `
      SELECT s.line, 'sku' AS column, 'product ' || s.sku || ' already exists' AS reason FROM import_products s JOIN products p ON p.sku = s.sku`));
    errors.throwIfAny(path);
    const [result] = await session.query<{ n: number }>(`
      WITH inserted AS (
        INSERT INTO products (sku, name_en, name_hi, description_en, description_hi, qv, cv, starter_kit, active)
        SELECT sku, name_en, name_hi, coalesce(description_en, ''), coalesce(description_hi, ''), qv, cv, coalesce(starter_kit, false), coalesce(active, true)
          FROM import_products ORDER BY line
        RETURNING id, sku),
      prices AS (
        INSERT INTO product_prices (product_id, currency, retail_price, distributor_price)
        SELECT i.id, s.currency, s.retail_price, s.distributor_price FROM inserted i JOIN import_products s ON s.sku = i.sku
        RETURNING 1)
      SELECT count(*)::int AS n FROM prices`);
    const imported = result?.n ?? 0;
    await writeAuditInSession(session, 'cli', { action: 'products.imported', entity: 'product', entityId: '*', after: { file: path, imported } });
    return { imported };
  });
}
