import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Permission } from '../../libs/auth';
import { ConnectionType, Node } from '../../libs/core';
import { UserStatus } from './user.entity';

registerEnumType(UserStatus, {
  name: 'UserStatus',
  description: 'Whether a user may log in.',
  valuesMap: {
    ACTIVE: { description: 'May log in and act with their roles.' },
    DEACTIVATED: { description: 'Cannot log in; their tokens stopped working and their subscriptions were closed. reactivateUser undoes it.' },
  },
});

export enum PrincipalKindEnum {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(PrincipalKindEnum, {
  name: 'PrincipalKind',
  description: "A person who logs in, or an integrator's API key.",
  valuesMap: {
    USER: { description: 'A person, logged in with email and password.' },
    API_KEY: { description: "An integrator's API key." },
  },
});

@ObjectType({ description: 'The tenant: every brand, user, key and event belongs to one organization, and nothing crosses between them.', implements: () => [Node] })
export class Organization {
  @Field(() => ID, { description: "The organization's id (a UUID)." })
  id: string;

  @Field({ description: "The organization's name." })
  name: string;

  @Field({ description: 'Its unique short name (lower-case letters, digits and dashes).' })
  slug: string;

  @Field({ description: 'When the organization was created.' })
  createdAt: Date;
}

@ObjectType({ description: 'A person of the organization, who logs in with email and password and acts with the roles they hold.', implements: () => [Node] })
export class User {
  @Field(() => ID, { description: "The user's id (a UUID)." })
  id: string;

  @Field({ description: 'The login email, unique in the organization.' })
  email: string;

  @Field({ description: 'The name people read, 1 to 120 characters.' })
  displayName: string;

  @Field(() => UserStatus, { description: 'A DEACTIVATED user cannot log in, and their tokens stop working at once.' })
  status: UserStatus;

  @Field(() => Date, { nullable: true, description: 'When the user last logged in; null when never.' })
  lastLoginAt: Date | null;

  @Field({ description: 'When the user was created.' })
  createdAt: Date;

  organizationId: string;
}

export const UserConnection = ConnectionType(User);

@ObjectType({ description: "An integrator's key. Its secret is shown once, at creation; afterwards only its prefix.", implements: () => [Node] })
export class ApiKey {
  @Field(() => ID, { description: "The key's id (a UUID), not its secret." })
  id: string;

  @Field({ description: 'A name telling what the key is for, 1 to 120 characters.' })
  name: string;

  @Field({ description: 'The first characters of the key, to tell keys apart.' })
  prefix: string;

  @Field(() => Date, { nullable: true, description: 'When the key last authenticated a request; null when never.' })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked (it no longer works); null while it works.' })
  revokedAt: Date | null;

  @Field(() => ID, { nullable: true, description: "Who created the key: a user's or an API key's id; null when not recorded." })
  createdById: string | null;

  @Field({ description: 'When the key was created.' })
  createdAt: Date;
}

export const ApiKeyConnection = ConnectionType(ApiKey);

@ObjectType({ description: 'A new API key, with its secret shown this once.' })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { description: 'The key as stored (no secret).' })
  apiKey: ApiKey;

  @Field({ description: 'The key itself: send it as `Authorization: Bearer <secret>`. Shown only now; store it safely.' })
  secret: string;
}

@ObjectType({ description: 'The authenticated caller.' })
export class Viewer {
  @Field(() => ID, { description: 'Id of the principal: a user id or an API key id.' })
  id: string;

  @Field(() => PrincipalKindEnum, { description: 'A user or an API key.' })
  kind: PrincipalKindEnum;

  @Field(() => User, { nullable: true, description: 'The user, when the caller is a user.' })
  user: User | null;

  @Field(() => ApiKey, { nullable: true, description: 'The API key, when the caller is one.' })
  apiKey: ApiKey | null;

  @Field(() => Organization, { description: "The caller's organization." })
  organization: Organization;

  @Field({ description: 'True when the caller holds ORG_ADMIN for the whole organization.' })
  isOrgAdmin: boolean;

  @Field(() => [Permission], { description: 'Permissions held org-wide. Per brand, see Brand.viewerPermissions.' })
  permissions: Permission[];
}

@ObjectType({ description: "A login's bearer token and the user it stands for." })
export class LoginPayload {
  @Field({ description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken: string;

  @Field({ description: 'When the token stops working; log in again then. logout and a password change end it earlier.' })
  expiresAt: Date;

  @Field(() => User, { description: 'The user who logged in.' })
  user: User;
}
