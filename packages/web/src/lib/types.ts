/** The shapes of the API answers the app reads (the OpenAPI document at /api/openapi.json is the reference). */
export type Language = 'en' | 'hi';

export interface User {
  id: number;
  email: string;
  name: string | null;
  roles: string[];
  memberId: number | null;
  language: Language;
  disabled: boolean;
}

export interface Me {
  user: User;
  csrfToken: string | null;
}

export interface Member {
  id: number;
  code: string;
  name: string;
  phone: string | null;
  email: string | null;
  type: 'distributor' | 'preferred' | 'retail';
  status: 'active' | 'terminated';
  joinedAt: string;
  sponsor: { id: number; code: string | null } | null;
}

export interface Need {
  requirement: 'active' | 'pv' | 'gv' | 'sponsoredActive' | 'legsWithRank' | 'rollingGv';
  required: number;
  current: number;
  missing: number;
  rank?: string;
  maxLegShare?: string;
}

export interface Projection {
  member: { id: number; code: string; name: string };
  period: { id: number; start: string; end: string };
  pv: number;
  gv: number;
  leftVolume: number;
  rightVolume: number;
  active: boolean;
  rank: string | null;
  projectedEarnings: number;
  updatedAt: string | null;
  progress: { nextRank: string | null; needs: Need[] };
}

export interface Period {
  id: number;
  start: string;
  end: string;
  status: 'open' | 'closed' | 'calculated' | 'approved' | 'committed' | 'paid';
}

export interface StatementLine {
  lineNo: number;
  bonus: string;
  amount: number;
  source: { member: string | null; order: string | null };
  level: number | null;
  rate: string | null;
  base: number | null;
  explanation: string;
}

export interface Statement {
  member: { id: number; code: string; name: string };
  period: { id: number; start: string; end: string; status: string };
  currency: string;
  run: { id: number; status: string; preview: boolean } | null;
  lines: StatementLine[];
  gross: number;
  tds: number;
  fee: number;
  net: number;
}

export interface WalletEntry {
  id: number;
  at: string;
  kind: 'commission' | 'clawback' | 'deduction' | 'adjustment' | 'payout';
  reference: string;
  memo: string;
  periodId: number | null;
  amount: number;
}

export interface Wallet {
  memberId: number;
  currency: string;
  balance: number;
  entries: WalletEntry[];
  nextBefore: number | null;
}

export interface FrontlineMember {
  id: number;
  code: string;
  name: string;
  type: Member['type'];
  status: Member['status'];
  joinedAt: string;
  children: number;
  teamSize: number;
  rank: string | null;
  pv: number;
  gv: number;
  active: boolean;
  legs: { left: { count: number; volume: number }; right: { count: number; volume: number } } | null;
}

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  hasMore: boolean;
}

export interface DownlineMatch {
  id: number;
  code: string;
  name: string;
  type: Member['type'];
  status: Member['status'];
  distance: number;
}

export interface LevelFigures {
  members: number;
  distributors: number;
  actives: number;
  volume: number;
}

export interface DownlineStatistics {
  member: { id: number; code: string };
  period: { id: number } | null;
  maxLevels: number;
  levels: (LevelFigures & { level: number })[];
  total: LevelFigures;
}
