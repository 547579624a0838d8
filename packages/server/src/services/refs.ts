/**
 * Records are addressed by numeric id or by a human code (member code, SKU,
 * order number). Digits-only refs are ids; an id too large to exist is a ref
 * that matches nothing rather than an error from the database.
 */
export type RecordRef = { id: number } | { code: string } | { none: true };

export function parseRef(ref: number | string): RecordRef {
  if (typeof ref === 'number') return Number.isSafeInteger(ref) && ref > 0 ? { id: ref } : { none: true };
  const text = ref.trim();
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    return Number.isSafeInteger(id) && id > 0 ? { id } : { none: true };
  }
  return { code: text.toUpperCase() };
}
