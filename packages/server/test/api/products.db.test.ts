import { describe, expect, it } from 'vitest';
import { useApiServer } from '../support/http-client.ts';

const env = useApiServer();

const ashwagandha = {
  sku: 'ashwa-90',
  name: { en: 'Ashwagandha 90 tablets', hi: 'अश्वगंधा 90 गोलियाँ' },
  description: { en: 'Stress support', hi: 'तनाव में सहायक' },
  qv: 30,
  cv: 27.5,
  prices: [{ currency: 'INR', retailPrice: 69_900, distributorPrice: 54_900 }],
};

describe('products', () => {
  it('creates a product with names in English and Hindi, volumes and prices', async () => {
    const response = await env.server.request('POST', '/api/products', { body: ashwagandha });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      sku: 'ASHWA-90',
      name: { en: 'Ashwagandha 90 tablets', hi: 'अश्वगंधा 90 गोलियाँ' },
      qv: 30,
      cv: 27.5,
      active: true,
      starterKit: false,
      prices: [{ currency: 'INR', retailPrice: 69_900, distributorPrice: 54_900 }],
    });
  });

  it('refuses a taken SKU, a distributor price above retail, and money with decimals', async () => {
    const taken = await env.server.request('POST', '/api/products', { body: ashwagandha });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'SKU_TAKEN']);
    const above = await env.server.request('POST', '/api/products', { body: { ...ashwagandha, sku: 'X-1', prices: [{ currency: 'INR', retailPrice: 100, distributorPrice: 200 }] } });
    expect(above.status).toBe(400);
    expect(above.body.error.details).toEqual([expect.objectContaining({ path: 'body.prices[0].distributorPrice' })]);
    const fractional = await env.server.request('POST', '/api/products', { body: { ...ashwagandha, sku: 'X-2', qv: 1.005, prices: [{ currency: 'INR', retailPrice: 10.5, distributorPrice: 5 }] } });
    expect(fractional.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.prices[0].retailPrice', 'body.qv']);
  });

  it('lists, searches, updates and deactivates', async () => {
    const list = await env.server.request('GET', '/api/products?limit=2');
    expect(list.body.items.map((p: { sku: string }) => p.sku)).toEqual(['ASHWA-90', 'NEEM-SOAP']);
    expect(list.body.hasMore).toBe(true);
    expect((await env.server.request('GET', '/api/products?q=तुलसी')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['TULSI-60']);

    const updated = await env.server.request('PATCH', '/api/products/ASHWA-90', { body: { cv: 25, prices: [{ currency: 'INR', retailPrice: 71_900, distributorPrice: 55_900 }], name: { hi: 'अश्वगंधा' } } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ cv: 25, name: { en: 'Ashwagandha 90 tablets', hi: 'अश्वगंधा' }, prices: [{ retailPrice: 71_900 }] });

    const off = await env.server.request('POST', '/api/products/ASHWA-90/deactivate');
    expect(off.body.active).toBe(false);
    expect((await env.server.request('GET', '/api/products')).body.items.map((p: { sku: string }) => p.sku)).not.toContain('ASHWA-90');
    expect((await env.server.request('GET', '/api/products?active=false')).body.items.map((p: { sku: string }) => p.sku)).toEqual(['ASHWA-90']);
    expect((await env.server.request('GET', '/api/products/NOPE')).status).toBe(404);
  });
});
