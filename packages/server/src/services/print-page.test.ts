import { describe, expect, it } from 'vitest';
import { escapeHtml, printPage } from './print-page.ts';

describe('printable pages', () => {
  it('escapes the characters HTML treats specially', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('sets the language, the title and the body, portrait A4 at 10 pt unless told otherwise', () => {
    const html = printPage({ language: 'hi', title: 'विवरण SM1', body: '<h1>विवरण</h1>\n' });
    expect(html.startsWith('<!doctype html>\n<html lang="hi">')).toBe(true);
    expect(html).toContain('<title>विवरण SM1</title>');
    expect(html).toContain('@page { size: A4; margin: 15mm; }');
    expect(html).toContain('font-size: 10pt;');
    expect(html).toContain('<body>\n<h1>विवरण</h1>\n</body>');
    expect(html).not.toContain('<script');
  });

  it('turns the page for wide tables, and adds a document\'s own rules after the shared ones', () => {
    const html = printPage({ language: 'en', title: 't', body: '', landscape: true, fontSize: 11, style: '.slip { page-break-after: always; }' });
    expect(html).toContain('@page { size: A4 landscape; margin: 12mm; }');
    expect(html).toContain('font-size: 11pt;');
    expect(html.indexOf('.slip { page-break-after: always; }')).toBeGreaterThan(html.indexOf('tfoot td'));
  });
});
