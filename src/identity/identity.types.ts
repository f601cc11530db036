import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { UserStatus } from './user.entity';

registerEnumType(UserStatus, { name: 'UserStatus' });

export enum PrincipalKindEnum {
  USER = 'USER',
  API_KEY = 'API_KEY',
}
registerEnumType(PrincipalKindEnum, { name: 'PrincipalKind', description: 'A person who logs in, or an integrator\'s API key.' });

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

@ObjectType()
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => UserStatus)
  status: UserStatus;

  @Field({ description: 'Organization admins manage everything in their organization.' })
  isOrgAdmin: boolean;

  @Field(() => Date, { nullable: true })
  lastLoginAt: Date | null;

  @Field()
  createdAt: Date;

  organizationId: string;
}

@ObjectType({ description: 'The authenticated caller.' })
export class Viewer {
  @Field(() => ID, { description: 'Id of the principal: a user id or an API key id.' })
  id: string;

  @Field(() => PrincipalKindEnum)
  kind: PrincipalKindEnum;

  @Field(() => User, { nullable: true, description: 'The user, when the caller is a user.' })
  user: User | null;

  @Field(() => Organization)
  organization: Organization;

  @Field({ description: 'True when the caller may manage the whole organization.' })
  isOrgAdmin: boolean;
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
