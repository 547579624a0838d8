import type { RequestContext } from '../../src/services/context.ts';
import { setUpCompany } from '../../src/services/company/set-up-company.ts';
import { openNextPeriod } from '../../src/services/periods/periods.ts';
import { createProduct, type ProductInput } from '../../src/services/products/save-product.ts';

const inr = (retailPrice: number, distributorPrice: number) => [{ currency: 'INR', retailPrice, distributorPrice }];

/** Three products: two with volume and a starter kit without. */
const TEST_PRODUCTS = {
  tulsi: { sku: 'TULSI-60', name: { en: 'Tulsi Drops 60 ml', hi: 'तुलसी ड्रॉप्स 60 मि.ली.' }, qv: 20, cv: 18.5, prices: inr(49_900, 39_900) },
  soap: { sku: 'NEEM-SOAP', name: { en: 'Neem Soap', hi: 'नीम साबुन' }, qv: 5, cv: 4, prices: inr(12_000, 9_500) },
  kit: { sku: 'STARTER-KIT', name: { en: 'Starter Kit', hi: 'स्टार्टर किट' }, qv: 0, cv: 0, starterKit: true, prices: inr(50_000, 50_000) },
} satisfies Record<string, ProductInput>;

/**
 * A small company: root SM1, an open period for this month, and the three
 * test products with INR prices.
 */
export async function smallCompany(ctx: RequestContext, placementTree: 'binary' | 'matrix' = 'binary') {
  const root = await setUpCompany(ctx, { name: 'Test Wellness Pvt Ltd', placementTree, matrixWidth: 3, root: { name: 'Company Root', code: 'SM1' } });
  const period = await openNextPeriod(ctx);
  const tulsi = await createProduct(ctx, TEST_PRODUCTS.tulsi);
  const soap = await createProduct(ctx, TEST_PRODUCTS.soap);
  const kit = await createProduct(ctx, TEST_PRODUCTS.kit);
  return { root, period, products: { tulsi, soap, kit } };
}
