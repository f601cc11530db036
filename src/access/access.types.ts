import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BuiltInRole, Permission } from '../../libs/auth';
import { ConnectionType, Node } from '../../libs/core';
import { PrincipalType } from './role-assignment.entity';

registerEnumType(Permission, {
  name: 'Permission',
  description: 'What a role grants. The enum value names the permission (BRAND_READ is brand:read).',
  valuesMap: {
    BRAND_READ: { description: 'See a brand, its profiles, posts, inbox and settings. Without it the brand does not exist for you (NOT_FOUND). (brand:read)' },
    BRAND_MANAGE: { description: 'Create sub-brands, edit, move and archive brands. (brand:manage)' },
    PROFILE_MANAGE: { description: 'Create, edit, launch, pause and archive social profiles. (profile:manage)' },
    POST_CREATE: { description: 'Draft, edit, submit and archive posts. (post:create)' },
    POST_SCHEDULE: { description: 'Schedule approved posts. (post:schedule)' },
    POST_APPROVE: { description: 'Decide approval requests (posts and inbox replies). (post:approve)' },
    POST_PUBLISH: { description: 'Publish approved posts now. (post:publish)' },
    POLICY_MANAGE: { description: 'Set and remove governance policies, approval workflows, moderation rules and saved replies. (policy:manage)' },
    INBOX_RESPOND: { description: 'Answer, assign, label and moderate inbox items. (inbox:respond)' },
    MEMBER_READ: { description: 'See users and API keys and their role assignments. (member:read)' },
    MEMBER_MANAGE: { description: 'Create, edit and deactivate users; assign and revoke roles. (member:manage)' },
    ROLE_MANAGE: { description: "Define the organization's custom roles (org-wide only). (role:manage)" },
    AUDIT_READ: { description: 'Read and export the audit log. (audit:read)' },
    INTEGRATION_MANAGE: { description: 'Create and revoke API keys; manage webhooks and external references. (integration:manage)' },
  },
});
registerEnumType(PrincipalType, {
  name: 'PrincipalType',
  description: 'Who holds a role or made a post: a user or an API key.',
  valuesMap: {
    USER: { description: 'A person who logs in.' },
    API_KEY: { description: "An integrator's API key." },
  },
});
registerEnumType(BuiltInRole, { name: 'BuiltInRole' });

@ObjectType({ description: 'A named set of permissions: built in, or defined by the organization.' })
export class Role {
  @Field({ description: 'ORG_ADMIN, ZOOM_AGENT... or a custom key.' })
  key: string;

  @Field({ description: 'The name people read.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the role is for; null when not given.' })
  description: string | null;

  @Field({ description: 'True for the built-in roles, which cannot be changed or deleted.' })
  builtIn: boolean;

  @Field(() => [Permission], { description: 'What the role grants, on the brand an assignment names and its subtree.' })
  permissions: Permission[];
}

@ObjectType({ description: 'A principal holds a role on a brand and everything below it, or org-wide.', implements: () => [Node] })
export class RoleAssignment {
  @Field(() => ID, { description: "The assignment's id (a UUID)." })
  id: string;

  @Field(() => ID, { description: 'The user or API key holding the role.' })
  principalId: string;

  @Field(() => PrincipalType, { description: 'Whether principalId is a user or an API key.' })
  principalType: PrincipalType;

  @Field({ description: 'The role held (see `role` for what it grants).' })
  roleKey: string;

  @Field(() => ID, { nullable: true, description: 'Null: the assignment covers the whole organization.' })
  brandId: string | null;

  @Field({ description: 'When the role was assigned.' })
  createdAt: Date;

  @Field(() => ID, { nullable: true, description: "Who assigned it: a user's or an API key's id; null for an organization's first admin (made with the organization)." })
  createdById: string | null;
}

export const RoleAssignmentConnection = ConnectionType(RoleAssignment);
export const RoleConnection = ConnectionType(Role);

@ObjectType({ description: 'Why a principal may or may not do something on a brand.' })
export class PermissionExplanation {
  @Field({ description: 'True when some assignment grants the permission on the brand.' })
  allowed: boolean;

  @Field(() => Permission, { description: 'The permission asked about.' })
  permission: Permission;

  @Field(() => ID, { description: 'The user or API key asked about.' })
  principalId: string;

  @Field(() => ID, { description: 'The brand asked about.' })
  brandId: string;

  @Field(() => [RoleAssignment], { description: 'The assignments that grant it, each with the brand (this one or an ancestor) it sits on.' })
  grantedBy: RoleAssignment[];

  @Field({ description: 'In words, for an admin console.' })
  reason: string;
}

@ObjectType()
export class RoleCount {
  @Field(() => Int)
  assignments: number;
}
