/**
 * The shapes of the API answers the app reads: inferred from the very zod schemas that
 * validate the server's replies and generate /api/openapi.json, so the app and the API
 * cannot drift apart. Type-only imports: nothing of the server reaches the bundle.
 */
import type { z } from 'zod';
import type { UserSchema } from '../../../server/src/schemas/accounts.ts';
import type { PlanVersionSchema, ProjectionSchema, StatementSchema, WalletSchema } from '../../../server/src/schemas/commissions.ts';
import type { DownlineMatch as DownlineMatchSchema, DownlineStatistics as DownlineStatisticsSchema, FrontlineMember as FrontlineMemberSchema, MemberSchema } from '../../../server/src/schemas/members.ts';
import type { PeriodSchema } from '../../../server/src/schemas/periods.ts';
import type { SimulationSchema, WhatIfSchema } from '../../../server/src/schemas/planlab.ts';

export type Language = 'en' | 'hi';
export type User = z.infer<typeof UserSchema>;
export interface Me {
  user: User;
  csrfToken: string | null;
}
export type Member = z.infer<typeof MemberSchema>;
export type Projection = z.infer<typeof ProjectionSchema>;
export type Need = Projection['progress']['needs'][number];
export type Period = z.infer<typeof PeriodSchema>;
export type Statement = z.infer<typeof StatementSchema>;
export type Wallet = z.infer<typeof WalletSchema>;
export type WalletEntry = Wallet['entries'][number];
export type FrontlineMember = z.infer<typeof FrontlineMemberSchema>;
export type DownlineMatch = z.infer<typeof DownlineMatchSchema>;
export type DownlineStatistics = z.infer<typeof DownlineStatisticsSchema>;

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  hasMore: boolean;
}
export type PlanVersion = z.infer<typeof PlanVersionSchema>;
export type WhatIf = z.infer<typeof WhatIfSchema>;
export type Simulation = z.infer<typeof SimulationSchema>;
