import { DomainEvent, entityEvents } from '../../libs/events';
import { Role, RoleAssignment } from './access.types';

/** A custom role's events; roles are organization-wide. `id` is the role's row (Role names it by key). */
abstract class RoleEvent extends DomainEvent<{ id: string; role: Role }> {
  static readonly entityType = 'Role';
}

export class RoleCreated extends RoleEvent {
  static readonly type = 'role.created';

  record() {
    return { entityId: this.payload.id, brandId: null, after: this.payload.role };
  }
}

/** The audit log keeps the role as it now is (what changed is read against the previous event). */
export class RoleUpdated extends RoleEvent {
  static readonly type = 'role.updated';

  record() {
    return { entityId: this.payload.id, brandId: null, after: this.payload.role };
  }
}

export class RoleDeleted extends RoleEvent {
  static readonly type = 'role.deleted';

  record() {
    return { entityId: this.payload.id, brandId: null, before: this.payload.role };
  }
}

const RoleAssignmentEvent = entityEvents('RoleAssignment', 'assignment', (assignment: RoleAssignment) => assignment.brandId);

export class RoleAssignmentCreated extends RoleAssignmentEvent.Created {
  static readonly type = 'role_assignment.created';
}

export class RoleAssignmentRevoked extends RoleAssignmentEvent.Removed {
  static readonly type = 'role_assignment.revoked';
}

export const ACCESS_EVENTS = [RoleCreated, RoleUpdated, RoleDeleted, RoleAssignmentCreated, RoleAssignmentRevoked];
