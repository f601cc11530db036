import { ApiKey, User } from './identity.types';
import { UserStatus } from './user.entity';

export interface UserRow {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  status: UserStatus;
  last_login_at: Date | null;
  created_at: Date;
}

export const USER_COLUMNS = 'id, organization_id, email, display_name, status, last_login_at, created_at';

export const toUser = (row: Omit<UserRow, 'password_hash'>): User => ({
  id: row.id,
  organizationId: row.organization_id,
  email: row.email,
  displayName: row.display_name,
  status: row.status,
  lastLoginAt: row.last_login_at,
  createdAt: row.created_at,
});

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_by_id: string | null;
  created_at: Date;
}

export const API_KEY_COLUMNS = 'id, name, prefix, last_used_at, revoked_at, created_by_id, created_at';

export const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
  createdById: row.created_by_id,
  createdAt: row.created_at,
});

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
