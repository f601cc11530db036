import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Permission } from '../../libs/auth';
import { ConnectionType, Node } from '../../libs/core';
import { UserStatus } from './user.entity';

registerEnumType(UserStatus, { name: 'UserStatus' });

export enum PrincipalKindEnum {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(PrincipalKindEnum, { name: 'PrincipalKind', description: "A person who logs in, or an integrator's API key." });

@ObjectType()
export class Organization {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  slug: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ implements: () => [Node] })
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => UserStatus, { description: 'A DEACTIVATED user cannot log in, and their tokens stop working at once.' })
  status: UserStatus;

  @Field(() => Date, { nullable: true })
  lastLoginAt: Date | null;

  @Field()
  createdAt: Date;

  organizationId: string;
}

export const UserConnection = ConnectionType(User);

@ObjectType({ description: "An integrator's key. Its secret is shown once, at creation; afterwards only its prefix." })
export class ApiKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'The first characters of the key, to tell keys apart.' })
  prefix: string;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => ID, { nullable: true })
  createdById: string | null;

  @Field()
  createdAt: Date;
}

export const ApiKeyConnection = ConnectionType(ApiKey);

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: 'The key itself: send it as `Authorization: Bearer <secret>`. Shown only now; store it safely.' })
  secret: string;
}

@ObjectType({ description: 'The authenticated caller.' })
export class Viewer {
  @Field(() => ID, { description: 'Id of the principal: a user id or an API key id.' })
  id: string;

  @Field(() => PrincipalKindEnum)
  kind: PrincipalKindEnum;

  @Field(() => User, { nullable: true, description: 'The user, when the caller is a user.' })
  user: User | null;

  @Field(() => ApiKey, { nullable: true, description: 'The API key, when the caller is one.' })
  apiKey: ApiKey | null;

  @Field(() => Organization)
  organization: Organization;

  @Field({ description: 'True when the caller holds ORG_ADMIN for the whole organization.' })
  isOrgAdmin: boolean;

  @Field(() => [Permission], { description: 'Permissions held org-wide. Per brand, see Brand.viewerPermissions.' })
  permissions: Permission[];
}

@ObjectType()
export class LoginPayload {
  @Field({ description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken: string;

  @Field()
  expiresAt: Date;

  @Field(() => User)
  user: User;
}
