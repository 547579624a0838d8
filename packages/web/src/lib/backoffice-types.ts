/**
 * Shapes of the API answers the back-office screens read (orders, products, profile,
 * community), inferred from the server's zod schemas. Type-only imports.
 */
import type { z } from 'zod';
import type { AnnouncementSchema, EventSchema, MessageSchema } from '../../../server/src/schemas/community.ts';
import type { NotificationSchema } from '../../../server/src/schemas/notifications.ts';
import type { OrderSchema, OrderSummary as OrderSummarySchema } from '../../../server/src/schemas/orders.ts';
import type { ProductSchema } from '../../../server/src/schemas/products.ts';
import type { FulfilmentSchema } from '../../../server/src/schemas/commerce.ts';

export type Product = z.infer<typeof ProductSchema>;
export type Order = z.infer<typeof OrderSchema>;
export type OrderSummary = z.infer<typeof OrderSummarySchema>;
export type Fulfilment = z.infer<typeof FulfilmentSchema>;
export type Announcement = z.infer<typeof AnnouncementSchema>;
export type Message = z.infer<typeof MessageSchema>;
export type AppNotification = z.infer<typeof NotificationSchema>;
export type CommunityEvent = z.infer<typeof EventSchema>;

export interface Bilingual {
  en: string;
  hi: string;
}
export interface ProductKnowledge {
  productId: number;
  sku: string;
  usage: Bilingual;
  ingredients: Bilingual;
  certifications: string[];
  faq: { question: Bilingual; answer: Bilingual }[];
}
export interface Course {
  id: number;
  title: Bilingual;
  description: Bilingual;
  published: boolean;
  lessons: number;
  completedLessons: number;
}
export interface Lesson {
  id: number;
  position: number;
  kind: 'text' | 'video' | 'file';
  title: Bilingual;
  body: Bilingual;
  videoUrl: string | null;
  file: { id: number; name: string; contentType: string; size: number } | null;
  completed: boolean;
}
export interface Recognition {
  month: string;
  rankAdvancements: { code: string; name: string; rank: string }[];
  topSellers: { code: string; name: string; customerSales: number; currency: string }[];
  newMembers: { code: string; name: string; joinedOn: string }[];
}

/** Bilingual text in the reader's language, falling back to English when the Hindi is not written yet. */
export const inLanguage = (text: Bilingual, lang: string): string => (lang === 'hi' && text.hi ? text.hi : text.en);
