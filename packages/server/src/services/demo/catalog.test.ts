import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from './catalog.ts';

const DEVANAGARI = /[\u0900-\u097F]/;
const isWholeOrHalf = (volume: number) => Number.isInteger(volume * 2);

describe('DEMO_CATALOG', () => {
  it('has about thirty products with unique, valid SKUs', () => {
    expect(DEMO_CATALOG.length).toBeGreaterThanOrEqual(28);
    expect(DEMO_CATALOG.length).toBeLessThanOrEqual(35);
    expect(new Set(DEMO_CATALOG.map((product) => product.sku)).size).toBe(DEMO_CATALOG.length);
    for (const product of DEMO_CATALOG) expect(product.sku).toMatch(/^[A-Z0-9][A-Z0-9-]{1,31}$/);
  });

  it('names and describes every product in English and in Hindi', () => {
    for (const product of DEMO_CATALOG) {
      expect(product.nameEn.trim()).not.toBe('');
      expect(product.descriptionEn.trim()).not.toBe('');
      expect(product.nameHi).toMatch(DEVANAGARI);
      expect(product.descriptionHi).toMatch(DEVANAGARI);
    }
  });

  it('prices distributors 20% to 25% below retail, in whole rupees', () => {
    for (const product of DEMO_CATALOG) {
      const discount = 1 - product.distributorPrice / product.retailPrice;
      expect(discount, product.sku).toBeGreaterThanOrEqual(0.2);
      expect(discount, product.sku).toBeLessThanOrEqual(0.25);
      expect(product.retailPrice % 100).toBe(0);
      expect(product.distributorPrice % 100).toBe(0);
    }
  });

  it('gives volumes in whole or half points, and none to the starter kit', () => {
    const kits = DEMO_CATALOG.filter((product) => product.starterKit);
    expect(kits.map((kit) => [kit.qv, kit.cv])).toEqual([[0, 0]]);
    for (const product of DEMO_CATALOG.filter((candidate) => !candidate.starterKit)) {
      expect(isWholeOrHalf(product.qv) && isWholeOrHalf(product.cv), product.sku).toBe(true);
      expect(product.cv).toBeGreaterThan(0);
      expect(product.cv).toBeLessThanOrEqual(product.qv);
    }
  });
});
