import type { Language } from '../db/schema.ts';

/** Text placed in HTML: the five characters that could open markup or end an attribute are written as references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface PrintPage {
  language: Language;
  /** Already escaped. */
  title: string;
  /** Already-built HTML of the page's content. */
  body: string;
  landscape?: boolean;
  /** Body text size in points. */
  fontSize?: number;
  /** Rules for this document alone, added after the shared ones. */
  style?: string;
}

/**
 * A printable A4 page as every document Samooh prints shares it (statements, invoices, the
 * income disclosure, pick lists): Devanagari-capable fonts, ruled tables, right-aligned figures.
 */
export function printPage(page: PrintPage): string {
  const rules = [
    `@page { size: A4${page.landscape ? ' landscape' : ''}; margin: ${page.landscape ? 12 : 15}mm; }`,
    `body { font-family: "Noto Sans", "Noto Sans Devanagari", system-ui, sans-serif; font-size: ${page.fontSize ?? 10}pt; color: #111; }`,
    'table { border-collapse: collapse; width: 100%; }',
    'th, td { border-bottom: 1px solid #ccc; padding: 4px 5px; text-align: left; vertical-align: top; }',
    '.n { text-align: right; white-space: nowrap; }',
    'tfoot td { font-weight: bold; }',
    ...(page.style ? [page.style.trim()] : []),
  ];
  return `<!doctype html>
<html lang="${page.language}">
<head>
<meta charset="utf-8">
<title>${page.title}</title>
<style>
${rules.map((rule) => `  ${rule}`).join('\n')}
</style>
</head>
<body>
${page.body.trim()}
</body>
</html>
`;
}
