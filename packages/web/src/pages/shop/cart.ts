import { useCallback, useSyncExternalStore } from 'react';

/** One line of a shop cart: a product and how many. */
export interface CartLine {
  sku: string;
  quantity: number;
}

/** The most of one product a cart holds (the server refuses more). */
export const MAX_QUANTITY = 20;

const keyOf = (code: string) => `samooh.shop.cart.${code.toUpperCase()}`;
const listeners = new Set<() => void>();
const snapshots = new Map<string, { raw: string | null; lines: CartLine[] }>();

function read(code: string): CartLine[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(keyOf(code));
  } catch {
    raw = null;
  }
  const cached = snapshots.get(code);
  if (cached && cached.raw === raw) return cached.lines;
  let lines: CartLine[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) {
      lines = parsed
        .filter((line): line is CartLine => typeof line?.sku === 'string' && Number.isInteger(line?.quantity))
        .map((line) => ({ sku: line.sku, quantity: Math.min(MAX_QUANTITY, Math.max(1, line.quantity)) }));
    }
  } catch {
    lines = [];
  }
  snapshots.set(code, { raw, lines });
  return lines;
}

function write(code: string, lines: CartLine[]): void {
  try {
    if (lines.length === 0) localStorage.removeItem(keyOf(code));
    else localStorage.setItem(keyOf(code), JSON.stringify(lines));
  } catch {
    // Storage is off: the cart lasts as long as this page.
    snapshots.set(code, { raw: JSON.stringify(lines), lines });
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed the cart.
  const onStorage = () => listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The cart of one shop, kept in this browser (localStorage) per shop code. */
export function useCart(code: string) {
  const lines = useSyncExternalStore(subscribe, () => read(code));
  const add = useCallback((sku: string, quantity = 1) => {
    const current = read(code);
    const existing = current.find((line) => line.sku === sku);
    write(code, existing ? current.map((line) => (line.sku === sku ? { sku, quantity: Math.min(MAX_QUANTITY, line.quantity + quantity) } : line)) : [...current, { sku, quantity: Math.min(MAX_QUANTITY, quantity) }]);
  }, [code]);
  const set = useCallback((sku: string, quantity: number) => {
    write(code, read(code).map((line) => (line.sku === sku ? { sku, quantity: Math.min(MAX_QUANTITY, Math.max(1, quantity)) } : line)));
  }, [code]);
  const remove = useCallback((sku: string) => write(code, read(code).filter((line) => line.sku !== sku)), [code]);
  const clear = useCallback(() => write(code, []), [code]);
  const count = lines.reduce((total, line) => total + line.quantity, 0);
  return { lines, count, add, set, remove, clear };
}
