import { queryOptions } from '@tanstack/react-query';
import { api, ApiError, get, setCsrfToken } from '../../lib/api.ts';

type Both = { en: string; hi: string };

export interface Shop {
  code: string;
  name: string;
  currency: string;
  states: { code: string; name: string }[];
  paymentMethods: string[];
}

export interface ShopProduct {
  sku: string;
  name: Both;
  description: Both;
  currency: string;
  retailPrice: number;
  preferredPrice: number;
  inStock: boolean;
}

export interface ShopProductDetail extends ShopProduct {
  usage: Both;
  ingredients: Both;
  certifications: string[];
  faq: { question: Both; answer: Both }[];
}

export interface ShopOrder {
  number: string;
  shop: { code: string; name: string };
  customer: { code: string; name: string; type: string; account: boolean };
  currency: string;
  amount: number;
  state: string;
  lines: { lineNo: number; sku: string; name: Both; quantity: number; unitPrice: number; amount: number }[];
  payment: { method: string; reference: string | null; recordedAt: string | null };
  createdAt: string;
}

export interface CheckoutRequest {
  customer: { name: string; phone: string; email?: string };
  shippingAddress: { line1: string; line2?: string; city: string; state: string; pincode: string };
  lines: { sku: string; quantity: number }[];
  paymentMethod: string;
  account?: { password: string };
}

const path = (code: string) => `/api/shop/${encodeURIComponent(code)}`;

export const shopQuery = (code: string) => queryOptions({ queryKey: ['shop', code.toUpperCase()], queryFn: () => get<Shop>(path(code)) });
export const shopProductsQuery = (code: string) =>
  queryOptions({ queryKey: ['shop', code.toUpperCase(), 'products'], queryFn: () => get<{ items: ShopProduct[] }>(`${path(code)}/products`) });
export const shopProductQuery = (code: string, sku: string) =>
  queryOptions({ queryKey: ['shop', code.toUpperCase(), 'product', sku.toUpperCase()], queryFn: () => get<ShopProductDetail>(`${path(code)}/products/${encodeURIComponent(sku)}`) });

/** Places the order; the same key with the same body returns the same order, so a retried click never orders twice. */
export async function checkOut(code: string, body: CheckoutRequest, idempotencyKey: string): Promise<ShopOrder> {
  const place = () => api<ShopOrder>('POST', `${path(code)}/checkout`, body, { 'idempotency-key': idempotencyKey });
  try {
    return await place();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'CSRF_FAILED') throw error;
    // Someone is signed in on this device (the session cookie went along) and this tab has
    // not fetched the session's CSRF token yet: fetch it and send the same checkout again.
    setCsrfToken((await api<{ csrfToken: string }>('GET', '/api/auth/me')).csrfToken);
    return place();
  }
}

/** The confirmation page reads the order placed in this tab. */
export function rememberOrder(order: ShopOrder): void {
  try {
    sessionStorage.setItem(`samooh.shop.order.${order.number}`, JSON.stringify(order));
  } catch {
    // Without storage the confirmation shows the order number only.
  }
}

export function recalledOrder(number: string): ShopOrder | null {
  try {
    const raw = sessionStorage.getItem(`samooh.shop.order.${number}`);
    return raw ? (JSON.parse(raw) as ShopOrder) : null;
  } catch {
    return null;
  }
}

/** A product's name or text in the language on screen, English when the Hindi is missing. */
export const inLanguage = (text: Both, lang: string) => (lang === 'hi' && text.hi ? text.hi : text.en);
