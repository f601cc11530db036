/**
 * The closed set of permissions. Every operation of the schema declares the one it needs
 * (`@Allow`) or that it is public (`@Public`) or needs only a login (`@Authenticated`);
 * nothing else grants access. A permission held through a role assignment on a brand
 * holds on that brand and every brand below it; one held org-wide holds everywhere.
 */
export enum Permission {
  /** See a brand, its profiles and its settings. Without it the brand does not exist for you. */
  BRAND_READ = 'brand:read',
  /** Create sub-brands, edit, move and archive brands. */
  BRAND_MANAGE = 'brand:manage',
  /** Create, edit, launch, pause and archive social profiles. */
  PROFILE_MANAGE = 'profile:manage',
  /** Draft posts and submit them for approval. */
  POST_CREATE = 'post:create',
  /** Schedule approved posts. */
  POST_SCHEDULE = 'post:schedule',
  /** Decide approval requests. */
  POST_APPROVE = 'post:approve',
  /** Publish approved posts now. */
  POST_PUBLISH = 'post:publish',
  /** Set and remove governance policies and approval workflows. */
  POLICY_MANAGE = 'policy:manage',
  /** Answer, assign and moderate inbox items. */
  INBOX_RESPOND = 'inbox:respond',
  /** See users and API keys and their role assignments. */
  MEMBER_READ = 'member:read',
  /** Create and deactivate users, assign and revoke roles. */
  MEMBER_MANAGE = 'member:manage',
  /** Define the organization's custom roles (org-wide only). */
  ROLE_MANAGE = 'role:manage',
  /** Read the audit log. */
  AUDIT_READ = 'audit:read',
  /** Create and revoke API keys; manage webhooks and external references. */
  INTEGRATION_MANAGE = 'integration:manage',
}

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);

export enum BuiltInRole {
  ORG_ADMIN = 'ORG_ADMIN',
  BRAND_MANAGER = 'BRAND_MANAGER',
  ZOOM_AGENT = 'ZOOM_AGENT',
  CONTENT_CREATOR = 'CONTENT_CREATOR',
  APPROVER = 'APPROVER',
  ANALYST = 'ANALYST',
  INTEGRATION = 'INTEGRATION',
}

const P = Permission;

/** The built-in roles and what they grant. docs/guide/access-and-roles.md documents the same table. */
export const BUILT_IN_ROLES: Record<BuiltInRole, { name: string; description: string; permissions: readonly Permission[] }> = {
  ORG_ADMIN: { name: 'Organization admin', description: 'Everything, everywhere in the organization.', permissions: ALL_PERMISSIONS },
  BRAND_MANAGER: {
    name: 'Brand manager',
    description: 'Runs a brand and everything below it: structure, profiles, content, approvals, policies and its people.',
    permissions: [P.BRAND_READ, P.BRAND_MANAGE, P.PROFILE_MANAGE, P.POST_CREATE, P.POST_SCHEDULE, P.POST_APPROVE, P.POST_PUBLISH, P.POLICY_MANAGE, P.INBOX_RESPOND, P.MEMBER_READ, P.MEMBER_MANAGE, P.AUDIT_READ],
  },
  ZOOM_AGENT: {
    name: 'Zoom agent',
    description: "Owns a brand's presence: reads it, drafts, submits and schedules posts, manages its profiles, answers its inbox. Cannot change policies or roles, cannot approve.",
    permissions: [P.BRAND_READ, P.PROFILE_MANAGE, P.POST_CREATE, P.POST_SCHEDULE, P.INBOX_RESPOND, P.MEMBER_READ],
  },
  CONTENT_CREATOR: { name: 'Content creator', description: 'Drafts and submits posts.', permissions: [P.BRAND_READ, P.POST_CREATE] },
  APPROVER: { name: 'Approver', description: 'Decides approval requests.', permissions: [P.BRAND_READ, P.POST_APPROVE, P.MEMBER_READ] },
  ANALYST: { name: 'Analyst', description: 'Reads everything in scope, audit log included; changes nothing.', permissions: [P.BRAND_READ, P.MEMBER_READ, P.AUDIT_READ] },
  INTEGRATION: {
    name: 'Integration',
    description: 'A CRM connector: syncs brands, profiles and posts, manages webhooks, ingests inbox items.',
    permissions: [P.BRAND_READ, P.BRAND_MANAGE, P.PROFILE_MANAGE, P.POST_CREATE, P.INBOX_RESPOND, P.INTEGRATION_MANAGE],
  },
};

export const isBuiltInRole = (key: string): key is BuiltInRole => key in BUILT_IN_ROLES;

/** Marks an operation as authenticated-only with no further permission (e.g. `viewer`). */
export const AUTHENTICATED = 'authenticated' as const;
export type AccessRule = Permission | typeof AUTHENTICATED | 'public';

/** Permissions that only read. */
export const READ_PERMISSIONS: ReadonlySet<Permission> = new Set([Permission.BRAND_READ, Permission.MEMBER_READ, Permission.AUDIT_READ]);
