import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { actionMatches, AUDIT_ACTIONS, auditActionLabel } from './audit-actions.ts';
import en from './i18n/en.json' with { type: 'json' };
import hi from './i18n/hi.json' with { type: 'json' };

const SERVER = new URL('../../../../server/src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(SERVER, path), 'utf8');
const quoted = (text: string) => [...text.matchAll(/'([^']*)'/g)].map((match) => match[1]!);

/** The first capture of a pattern in a server file; fails loudly when the code it reads has moved. */
function capture(path: string, pattern: RegExp): string {
  const found = read(path).match(pattern)?.[1];
  if (found === undefined) throw new Error(`${path} no longer matches ${pattern}: enumerate its audit actions again`);
  return found;
}

/**
 * The actions built from a value at run time, each read from where the server declares the values it
 * can take. A new computed action (or a changed one) is not in this table and fails the test.
 */
const COMPUTED: Record<string, () => string[]> = {
  '`period.${action}`': () => quoted(capture('services/periods/periods.ts', /changePeriodStatus\([^)]*action: Extract<PeriodAction, ([^>]*)>/)).map((action) => `period.${action}`),
  '`member.${change.kind}`': () =>
    sources(SERVER).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/recordTreeChange\(\w+, \{[^}]*?kind: '(\w+)'/g)].map((match) => `member.${match[1]}`)),
  '`order.${change.action}`': () => quoted(capture('services/fulfilment/fulfilment-lifecycle.ts', /FULFILMENT_ACTIONS = \[([^\]]*)\]/)).map((action) => `order.${action}`),
  '`payout.${settlement.outcome}`': () =>
    [...capture('services/payouts/settle-payout.ts', /type Settlement = ([^;]*);/).matchAll(/outcome: '(\w+)'/g)].map((match) => `payout.${match[1]}`),
  '`stock.${input.kind}`': () => quoted(capture('services/stock/adjust-stock.ts', /\bkind: ([^;]*);/)).map((kind) => `stock.${kind}`),
  '`autoship.${action}`': () => quoted(capture('services/autoship/change-autoship-status.ts', /changeAutoshipStatus\([^)]*action: ([^)]*)\)/)).map((action) => `autoship.${action}`),
  "`member.${kind === 'compliance' ? 'compliance' : 'payout'}_${hold ? 'held' : 'released'}`": () =>
    quoted(capture('services/payouts/payout-hold.ts', /type HoldKind = ([^;]*);/)).flatMap((kind) => [`member.${kind}_held`, `member.${kind}_released`]),
};

interface AuditWrite {
  file: string;
  expression: string;
}

/** Every `writeAudit(…, { action: …, entity: … })` in the server, with its action's expression (`{ action, …` reads `const action = …`). */
function auditWrites(): AuditWrite[] {
  return sources(SERVER).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/\bwriteAudit(?:InSession)?\([^;]*?\{\s*action\b(?:\s*:\s*([\s\S]*?))?\s*,\s*entity\s*:/g)].map((match) => ({
      file: relative(SERVER, file),
      expression: (match[1] ?? text.match(/const action = ([^;]*);/)?.[1] ?? '(no action)').trim(),
    }));
  });
}

/** The codes one write can record: its quoted codes (one, or two of a condition), or a computed action's values. */
function codesOf(write: AuditWrite): string[] | null {
  if (write.expression.includes('`')) return COMPUTED[write.expression]?.() ?? null;
  const codes = quoted(write.expression);
  return codes.length > 0 && codes.every((code) => /^[\w-]+\.\w+$/.test(code)) ? codes : null;
}

function labelOf(catalog: unknown, code: string): unknown {
  return code.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), (catalog as any).audit.actions);
}

describe('the audit actions', () => {
  it('each have a label in English and in Hindi (Devanagari), and no label is left over', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const code of AUDIT_ACTIONS) {
      const english = labelOf(en, code);
      const hindi = labelOf(hi, code);
      expect(typeof english === 'string' && english.trim() !== '', `English label of ${code}`).toBe(true);
      expect(typeof hindi === 'string' && /[\u0900-\u097F]/.test(hindi), `Hindi label of ${code}`).toBe(true);
    }
    const labelled = Object.entries(en.audit.actions).flatMap(([prefix, labels]) => Object.keys(labels).map((name) => `${prefix}.${name}`));
    expect(labelled.sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it('are exactly the actions the server writes, computed ones included', () => {
    const writes = auditWrites();
    // A reading that found almost nothing would prove nothing.
    expect(writes.length).toBeGreaterThan(50);
    const unread = writes.filter((write) => codesOf(write) === null).map((write) => `${write.file}: ${write.expression}`);
    expect(unread, 'audit actions this test cannot enumerate: add them to COMPUTED').toEqual([]);
    const written = new Set(writes.flatMap((write) => codesOf(write)!));
    for (const code of ['member.enrolled', 'member.updated', 'order.ship', 'payout.paid', 'payout.failed', 'period.close', 'member.termination', 'member.compliance_held', 'user.disable', 'messaging.enabled', 'stock.receipt', 'autoship.pause'])
      expect(written.has(code), code).toBe(true);
    expect([...written].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});

describe('an audit action on screen', () => {
  const i18n = createInstance();
  void i18n.init({ lng: 'en', fallbackLng: 'en', resources: { en: { translation: { admin: en } }, hi: { translation: { admin: hi } } } });

  it('reads as its label in the reader’s language', () => {
    expect(auditActionLabel(i18n.getFixedT('en'), 'member.enrolled')).toBe('Member enrolled');
    expect(auditActionLabel(i18n.getFixedT('hi'), 'member.enrolled')).toBe('सदस्य जुड़ा');
    expect(auditActionLabel(i18n.getFixedT('hi'), 'payout.paid')).toBe('भुगतान हो गया');
  });

  it('shows an unknown action, or a prefix of actions, as its code', () => {
    expect(auditActionLabel(i18n.getFixedT('en'), 'member.teleported')).toBe('member.teleported');
    expect(auditActionLabel(i18n.getFixedT('hi'), 'member')).toBe('member');
  });

  it('is found in the filter by a part of its code or of its label, in any case', () => {
    expect(actionMatches('order.ship', 'Order shipped', 'SHIP')).toBe(true);
    expect(actionMatches('order.ship', 'Order shipped', 'order.')).toBe(true);
    expect(actionMatches('order.ship', 'ऑर्डर भेजा गया', 'भेजा')).toBe(true);
    expect(actionMatches('order.ship', 'Order shipped', '  ')).toBe(true);
    expect(actionMatches('order.ship', 'Order shipped', 'payout')).toBe(false);
  });
});
