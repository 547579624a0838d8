import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { ErrorState, NotFound } from './components/States.tsx';
import { meQuery } from './lib/session.ts';
import { Dashboard } from './pages/Dashboard.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Team } from './pages/Team.tsx';
import { WalletPage } from './pages/Wallet.tsx';

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
/** The admin console is its own chunk, loaded only when staff open it. */
const adminRoute = createRoute({ getParentRoute: () => signedIn, path: '/admin', component: lazyRouteComponent(() => import('./pages/admin/AdminHome.tsx'), 'AdminHome') });

/** The plan lab's screens: what-if reruns of committed periods and forward simulation, each in its own chunk. */
const whatIfRoute = createRoute({ getParentRoute: () => signedIn, path: '/admin/plan-lab/what-if', component: lazyRouteComponent(() => import('./pages/admin/planlab/WhatIfPage.tsx'), 'WhatIfPage') });
const simulateRoute = createRoute({ getParentRoute: () => signedIn, path: '/admin/plan-lab/simulate', component: lazyRouteComponent(() => import('./pages/admin/planlab/SimulatePage.tsx'), 'SimulatePage') });

const routeTree = rootRoute.addChildren([signInRoute, signedIn.addChildren([dashboardRoute, walletRoute, teamRoute, adminRoute, whatIfRoute, simulateRoute])]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
