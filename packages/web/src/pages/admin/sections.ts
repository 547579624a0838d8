import type { Permission } from './access.ts';

/** The console's screens and the permission each needs: the navigation offers only those the person may use. */
export const SECTIONS = [
  { key: 'members', to: '/admin/members', needs: ['members:read'] },
  { key: 'products', to: '/admin/products', needs: ['products:write'] },
  { key: 'plans', to: '/admin/plans', needs: ['plans:read'] },
  { key: 'periods', to: '/admin/periods', needs: ['commissions:read'] },
  { key: 'payouts', to: '/admin/payouts', needs: ['payouts:manage'] },
  { key: 'feedback', to: '/admin/feedback', needs: ['reports:read'] },
  { key: 'compliance', to: '/admin/compliance', needs: ['compliance:read'] },
  { key: 'reports', to: '/admin/reports', needs: ['reports:read'] },
  { key: 'fulfilment', to: '/admin/fulfilment', needs: ['stock:read'] },
  { key: 'audit', to: '/admin/audit', needs: ['audit:read'] },
  { key: 'planLab', to: '/admin/plan-lab/what-if', needs: ['commissions:run'] },
  { key: 'simulate', to: '/admin/plan-lab/simulate', needs: ['commissions:run'] },
] as const satisfies readonly { key: string; to: string; needs: readonly Permission[] }[];
