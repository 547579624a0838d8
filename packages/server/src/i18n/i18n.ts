import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import type { Language } from '../db/schema.ts';

export const LANGUAGES: readonly Language[] = ['en', 'hi'];

function catalog(language: Language): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: catalog('en') }, hi: { translation: catalog('hi') } },
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
} as Parameters<typeof i18n.init>[0]);

export function translate(language: Language, key: string, params: Record<string, unknown> = {}): string {
  return i18n.t(key, { ...params, lng: language });
}

/** Picks English or Hindi from an Accept-Language header (first supported wins). */
export function languageFromHeader(header: string | undefined): Language {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const hit = ranked.find((entry) => (LANGUAGES as readonly string[]).includes(entry.tag));
  return (hit?.tag as Language | undefined) ?? 'en';
}
