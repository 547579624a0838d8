import type { RequestContext } from '../../src/services/context.ts';
import { setUpCompany } from '../../src/services/company/set-up-company.ts';
import { openNextPeriod } from '../../src/services/periods/periods.ts';
import { createProduct } from '../../src/services/products/save-product.ts';

/**
 * A small company: root SM1, an open period for this month, and three products
 * (one a starter kit) with INR prices.
 */
export async function smallCompany(ctx: RequestContext, placementTree: 'binary' | 'matrix' = 'binary') {
  const root = await setUpCompany(ctx, { name: 'Test Wellness Pvt Ltd', placementTree, matrixWidth: 3, root: { name: 'Company Root', code: 'SM1' } });
  const period = await openNextPeriod(ctx);
  const tulsi = await createProduct(ctx, {
    sku: 'TULSI-60',
    name: { en: 'Tulsi Drops 60 ml', hi: 'तुलसी ड्रॉप्स 60 मि.ली.' },
    qv: 20,
    cv: 18.5,
    prices: [{ currency: 'INR', retailPrice: 49_900, distributorPrice: 39_900 }],
  });
  const soap = await createProduct(ctx, {
    sku: 'NEEM-SOAP',
    name: { en: 'Neem Soap', hi: 'नीम साबुन' },
    qv: 5,
    cv: 4,
    prices: [{ currency: 'INR', retailPrice: 12_000, distributorPrice: 9_500 }],
  });
  const kit = await createProduct(ctx, {
    sku: 'STARTER-KIT',
    name: { en: 'Starter Kit', hi: 'स्टार्टर किट' },
    qv: 0,
    cv: 0,
    starterKit: true,
    prices: [{ currency: 'INR', retailPrice: 50_000, distributorPrice: 50_000 }],
  });
  return { root, period, products: { tulsi, soap, kit } };
}
