import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../errors.ts';
import { languageFromHeader, translate } from './i18n.ts';

const load = (lang: string) => JSON.parse(readFileSync(new URL(`./locales/${lang}.json`, import.meta.url), 'utf8'));

describe('translation catalogs', () => {
  it('have an English and a Hindi message for every error code, with the same placeholders', () => {
    const en = load('en').errors;
    const hi = load('hi').errors;
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(en[code], `en ${code}`).toBeTypeOf('string');
      expect(hi[code], `hi ${code}`).toBeTypeOf('string');
      expect(placeholders(hi[code]), code).toEqual(placeholders(en[code]));
    }
  });

  it('fills in parameters in the chosen language', () => {
    expect(translate('en', 'errors.MEMBER_NOT_FOUND', { member: 'SM100' })).toBe('Member SM100 does not exist.');
    expect(translate('hi', 'errors.MEMBER_NOT_FOUND', { member: 'SM100' })).toBe('सदस्य SM100 मौजूद नहीं है।');
  });
});

describe('languageFromHeader', () => {
  it.each([
    [undefined, 'en'],
    ['hi-IN,hi;q=0.9,en;q=0.8', 'hi'],
    ['en-IN, hi;q=0.5', 'en'],
    ['fr, hi;q=0.4', 'hi'],
    ['hi;q=0, en', 'en'],
    ['de', 'en'],
  ])('%s -> %s', (header, expected) => {
    expect(languageFromHeader(header)).toBe(expected);
  });
});

describe.each(['statement', 'fulfilment'])('%s labels', (section) => {
  it('exist in English and Hindi with the same placeholders', () => {
    const en = load('en')[section];
    const hi = load('hi')[section];
    expect(Object.keys(hi).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en)) expect(placeholders(hi[key]), key).toEqual(placeholders(en[key]));
  });
});
