import { RequestContext } from '../core';
import { rolePermissions } from './grants';
import { BuiltInRole } from './permissions';

/**
 * The service acting for an organization, with every permission there: the scheduler and the
 * webhook sender work in its name. Here and not in libs/core next to RequestContext because
 * its grant is the built-in ORG_ADMIN role's, which libs/auth defines.
 */
export const systemContext = (organizationId: string) =>
  new RequestContext({
    kind: 'SYSTEM',
    id: '00000000-0000-0000-0000-000000000000',
    organizationId,
    grants: [{ assignmentId: 'system', roleKey: BuiltInRole.ORG_ADMIN, brandId: null, permissions: rolePermissions(BuiltInRole.ORG_ADMIN, null) }],
  });
