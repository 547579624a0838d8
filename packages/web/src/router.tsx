import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { ErrorState, NotFound } from './components/States.tsx';
import { meQuery } from './lib/session.ts';
import { Dashboard } from './pages/Dashboard.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Team } from './pages/Team.tsx';
import { WalletPage } from './pages/Wallet.tsx';
import { auditSearch, type AuditSearch } from './pages/admin/audit-search.ts';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  notFoundComponent: NotFound,
  errorComponent: ({ error }) => <ErrorState error={error} />,
});

/** Everything behind sign-in shares the layout; nobody signed in is sent to the sign-in page and brought back after. */
const signedIn = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  component: AppLayout,
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) throw redirect({ to: '/sign-in', search: { next: location.href } });
    return { me };
  },
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } => (typeof search.next === 'string' && search.next.startsWith('/') && !search.next.startsWith('//') ? { next: search.next } : {}),
  component: SignIn,
});

const dashboardRoute = createRoute({ getParentRoute: () => signedIn, path: '/', component: Dashboard });
const walletRoute = createRoute({ getParentRoute: () => signedIn, path: '/wallet', component: WalletPage });
const teamRoute = createRoute({ getParentRoute: () => signedIn, path: '/team', component: Team });
/** The back-office screens load as their own chunks when first opened. */
const ordersRoute = createRoute({ getParentRoute: () => signedIn, path: '/orders', component: lazyRouteComponent(() => import('./pages/orders/Orders.tsx'), 'OrdersPage') });
const profileRoute = createRoute({ getParentRoute: () => signedIn, path: '/profile', component: lazyRouteComponent(() => import('./pages/profile/Profile.tsx'), 'ProfilePage') });
const productsRoute = createRoute({ getParentRoute: () => signedIn, path: '/products', component: lazyRouteComponent(() => import('./pages/products/Products.tsx'), 'ProductsPage') });
const productRoute = createRoute({ getParentRoute: () => signedIn, path: '/products/$sku', component: lazyRouteComponent(() => import('./pages/products/Products.tsx'), 'ProductPage') });
const communityRoute = createRoute({ getParentRoute: () => signedIn, path: '/community', component: lazyRouteComponent(() => import('./pages/community/Community.tsx'), 'CommunityPage') });
const enrollRoute = createRoute({ getParentRoute: () => signedIn, path: '/team/enroll', component: lazyRouteComponent(() => import('./pages/team/EnrollMember.tsx'), 'EnrollPage') });
const memberRoute = createRoute({ getParentRoute: () => signedIn, path: '/team/member/$ref', component: lazyRouteComponent(() => import('./pages/team/MemberPage.tsx'), 'MemberPage') });
/** The admin console is its own chunk, loaded only when staff open it. */
const adminRoute = createRoute({ getParentRoute: () => signedIn, path: '/admin', component: lazyRouteComponent(() => import('./pages/admin/AdminLayout.tsx'), 'AdminLayout') });
const adminHomeRoute = createRoute({ getParentRoute: () => adminRoute, path: '/', component: lazyRouteComponent(() => import('./pages/admin/AdminHome.tsx'), 'AdminHome') });
const adminPeriodsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/periods', component: lazyRouteComponent(() => import('./pages/admin/Periods.tsx'), 'PeriodsPage') });
const adminPeriodRoute = createRoute({ getParentRoute: () => adminRoute, path: '/periods/$periodId', component: lazyRouteComponent(() => import('./pages/admin/Periods.tsx'), 'PeriodPage') });
const adminMembersRoute = createRoute({ getParentRoute: () => adminRoute, path: '/members', component: lazyRouteComponent(() => import('./pages/admin/Members.tsx'), 'MembersPage') });
const adminMemberRoute = createRoute({ getParentRoute: () => adminRoute, path: '/members/$ref', component: lazyRouteComponent(() => import('./pages/admin/Members.tsx'), 'MemberPage') });
const adminPlansRoute = createRoute({ getParentRoute: () => adminRoute, path: '/plans', component: lazyRouteComponent(() => import('./pages/admin/Plans.tsx'), 'PlansPage') });
const adminPayoutsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/payouts', component: lazyRouteComponent(() => import('./pages/admin/Payouts.tsx'), 'PayoutsPage') });
const adminProductsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/products', component: lazyRouteComponent(() => import('./pages/admin/Products.tsx'), 'ProductsPage') });
const adminComplianceRoute = createRoute({ getParentRoute: () => adminRoute, path: '/compliance', component: lazyRouteComponent(() => import('./pages/admin/Compliance.tsx'), 'CompliancePage') });
/** The compliance screen's parts (monitors, flags, holds, checklist, disclosure, settings) each have an address. */
const adminComplianceTabRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/compliance/$tab',
  // The flags part may open filtered to a period and a kind (from a monitor's "see the flags").
  validateSearch: (search: Record<string, unknown>): { period?: number; kind?: string } => ({
    ...(Number.isInteger(Number(search.period)) && Number(search.period) > 0 ? { period: Number(search.period) } : {}),
    ...(typeof search.kind === 'string' ? { kind: search.kind } : {}),
  }),
  component: lazyRouteComponent(() => import('./pages/admin/Compliance.tsx'), 'CompliancePage'),
});
/** The plan lab: what-if reruns of committed periods and forward simulation. */
const adminWhatIfRoute = createRoute({ getParentRoute: () => adminRoute, path: '/plan-lab/what-if', component: lazyRouteComponent(() => import('./pages/admin/planlab/WhatIfPage.tsx'), 'WhatIfPage') });
const adminSimulateRoute = createRoute({ getParentRoute: () => adminRoute, path: '/plan-lab/simulate', component: lazyRouteComponent(() => import('./pages/admin/planlab/SimulatePage.tsx'), 'SimulatePage') });
/** The company's screens over reports, fulfilment and the audit trail (whose filters live in the address). */
const adminPlanRoute = createRoute({ getParentRoute: () => adminRoute, path: '/plans/$id', component: lazyRouteComponent(() => import('./pages/admin/Plans.tsx'), 'PlanVersionPage') });
const adminFeedbackRoute = createRoute({ getParentRoute: () => adminRoute, path: '/feedback', component: lazyRouteComponent(() => import('./pages/admin/Feedback.tsx'), 'FeedbackPage') });
const adminReportsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/reports', component: lazyRouteComponent(() => import('./pages/admin/Reports.tsx'), 'ReportsPage') });
const adminFulfilmentRoute = createRoute({ getParentRoute: () => adminRoute, path: '/fulfilment', component: lazyRouteComponent(() => import('./pages/admin/Fulfilment.tsx'), 'FulfilmentPage') });
const adminAuditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/audit',
  validateSearch: (search: Record<string, unknown>): AuditSearch => auditSearch(search),
  component: lazyRouteComponent(() => import('./pages/admin/Audit.tsx'), 'AuditPage'),
});
const adminRoutes = [adminPlanRoute, adminFeedbackRoute, adminReportsRoute, adminFulfilmentRoute, adminAuditRoute, adminWhatIfRoute, adminSimulateRoute, adminComplianceRoute, adminComplianceTabRoute, adminProductsRoute, adminHomeRoute, adminPeriodsRoute, adminPeriodRoute, adminMembersRoute, adminMemberRoute, adminPlansRoute, adminPayoutsRoute];

/** A distributor's public shop at /s/CODE: outside the sign-in area, its own chunks. */
const shopRoute = createRoute({ getParentRoute: () => rootRoute, path: '/s/$code', component: lazyRouteComponent(() => import('./pages/shop/ShopLayout.tsx'), 'ShopLayout') });
const shopHomeRoute = createRoute({ getParentRoute: () => shopRoute, path: '/', component: lazyRouteComponent(() => import('./pages/shop/ShopHome.tsx'), 'ShopHome') });
const shopProductRoute = createRoute({ getParentRoute: () => shopRoute, path: '/p/$sku', component: lazyRouteComponent(() => import('./pages/shop/ShopProduct.tsx'), 'ShopProduct') });
const shopCartRoute = createRoute({ getParentRoute: () => shopRoute, path: '/cart', component: lazyRouteComponent(() => import('./pages/shop/ShopCart.tsx'), 'ShopCart') });
const shopCheckoutRoute = createRoute({ getParentRoute: () => shopRoute, path: '/checkout', component: lazyRouteComponent(() => import('./pages/shop/ShopCheckout.tsx'), 'ShopCheckout') });
const shopOrderRoute = createRoute({ getParentRoute: () => shopRoute, path: '/order/$number', component: lazyRouteComponent(() => import('./pages/shop/ShopOrderPlaced.tsx'), 'ShopOrderPlaced') });

const routeTree = rootRoute.addChildren([
  signInRoute,
  signedIn.addChildren([dashboardRoute, walletRoute, teamRoute, adminRoute.addChildren(adminRoutes), ordersRoute, profileRoute, productsRoute, productRoute, communityRoute, memberRoute, enrollRoute]),
  shopRoute.addChildren([shopHomeRoute, shopProductRoute, shopCartRoute, shopCheckoutRoute, shopOrderRoute]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
