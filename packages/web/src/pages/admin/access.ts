import { ROLE_PERMISSIONS, isRole, type Permission } from '../../../../server/src/services/auth/permissions.ts';
import { useMe } from '../../lib/session.ts';

export type { Permission };

/**
 * What the signed-in person's roles allow, read from the server's own permission table, so
 * the console offers only what the API would accept (the API still checks every call).
 */
export function useCan(): (permission: Permission) => boolean {
  const roles = useMe().data?.user.roles ?? [];
  return (permission) => roles.some((role) => isRole(role) && ROLE_PERMISSIONS[role].includes(permission));
}
