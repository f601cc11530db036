/**
 * The closed set of permissions. Every operation of the schema declares the one it needs
 * (`@Allow`) or that it is public (`@Public`); nothing else grants access.
 */
export enum Permission {
  BRAND_READ = 'brand:read',
  BRAND_MANAGE = 'brand:manage',
  PROFILE_MANAGE = 'profile:manage',
  MEMBER_READ = 'member:read',
  MEMBER_MANAGE = 'member:manage',
}

/** Permissions that only read; in this release every member of an organization holds them. */
export const READ_PERMISSIONS: ReadonlySet<Permission> = new Set([Permission.BRAND_READ, Permission.MEMBER_READ]);

/** Marks an operation as authenticated-only with no further permission (e.g. `viewer`). */
export const AUTHENTICATED = 'authenticated' as const;
export type AccessRule = Permission | typeof AUTHENTICATED | 'public';
