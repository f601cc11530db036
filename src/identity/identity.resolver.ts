import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClosableResponse, clientLeft, Connection, RequestContext } from '../../libs/core';
import { Allow, Authenticated, Ctx, Permission, Public, AccessService } from '../../libs/auth';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { LoginArgs } from './dto/login.args';
import { ApiKeyIdArgs, ApiKeysArgs, CreateApiKeyInput, CreateUserInput, UpdateUserInput, UserIdArgs, UsersArgs } from './dto/user.inputs';
import { ApiKey, ApiKeyConnection, CreateApiKeyPayload, LoginPayload, PrincipalKindEnum, User, UserConnection, Viewer } from './identity.types';
import { UserStatus } from './user.entity';
import { UsersService } from './users.service';

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly access: AccessService,
  ) {}

  @Public()
  @Mutation(() => LoginPayload, {
    description:
      'Exchanges an email and password for a bearer token. Repeated failures lock the account, and then the client address, for a while: ' +
      'UNAUTHENTICATED with extensions.reason TOO_MANY_ATTEMPTS and retryAfter (seconds), HTTP 429 with Retry-After. ' +
      'reason BUSY (HTTP 503) asks to come back in a moment. Public: needs no token.',
  })
  login(@Args() args: LoginArgs, @Context('req') req: { ip?: string } | undefined, @Context('res') res: ClosableResponse | undefined): Promise<LoginPayload> {
    // Fastify's client address: the socket's peer, or what trusted proxies say (TRUST_PROXY).
    return this.auth.login(args.email, args.password, req?.ip ?? 'unknown', clientLeft(res));
  }

  @Authenticated()
  @Mutation(() => Boolean, {
    description: "Ends the session of the login token this request carries: it is refused from the next request on. The user's other sessions go on. Any authenticated caller.",
  })
  logout(@Ctx() ctx: RequestContext, @Context('req') req: { headers: Record<string, string | string[] | undefined> }): Promise<boolean> {
    const header = req.headers.authorization;
    return this.auth.logout(ctx, typeof header === 'string' ? header.replace(/^Bearer\s+/i, '') : '');
  }

  @Authenticated()
  @Query(() => Viewer, { description: 'The caller: who they are, in which organization, with which org-wide permissions. Any authenticated caller.' })
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const principal = ctx.requirePrincipal;
    const [organization, user, apiKey] = await Promise.all([
      this.users.organization(ctx),
      principal.kind === 'USER' ? this.users.find(ctx, principal.id) : null,
      principal.kind === 'API_KEY' ? this.apiKeys.find(ctx, principal.id) : null,
    ]);
    return {
      id: principal.id,
      kind: principal.kind as PrincipalKindEnum,
      user,
      apiKey,
      organization,
      isOrgAdmin: this.access.isOrgAdmin(ctx),
      permissions: this.access.permissionsOn(ctx, null),
    };
  }
}

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly usersService: UsersService) {}

  @Allow(Permission.MEMBER_READ)
  @Query(() => UserConnection, { description: 'Users the caller may see: all with member:read org-wide, else those holding roles on their brands.' })
  users(@Ctx() ctx: RequestContext, @Args() args: UsersArgs): Promise<Connection<User>> {
    return this.usersService.list(ctx, args);
  }

  // Not @Allow(MEMBER_READ): a user may read themselves; another user needs member:read where they hold a role (the use case).
  @Authenticated()
  @Query(() => User, { description: 'A user of the organization: yourself, or another user where you hold member:read on a brand they hold a role on; NOT_FOUND otherwise. Any authenticated caller.' })
  user(@Ctx() ctx: RequestContext, @Args() { id }: UserIdArgs): Promise<User> {
    return this.usersService.find(ctx, id);
  }

  @Allow(Permission.MEMBER_MANAGE)
  @Mutation(() => User, { description: 'Adds a user, optionally with roles (each checked like assignRole). Needs `member:manage`.' })
  createUser(@Ctx() ctx: RequestContext, @Args('input', { description: 'The new user, with roles to assign at once.' }) input: CreateUserInput): Promise<User> {
    return this.usersService.create(ctx, input);
  }

  @Authenticated()
  @Mutation(() => User, { description: 'Org-wide member:manage edits anyone holding no more than the caller (docs/permission-dominance.md); everyone may edit themselves. A new password ends every session (login token) of the user. Any authenticated caller.' })
  updateUser(@Ctx() ctx: RequestContext, @Args('input', { description: 'The user and what changes.' }) input: UpdateUserInput): Promise<User> {
    return this.usersService.update(ctx, input);
  }

  @Allow(Permission.MEMBER_MANAGE)
  @Mutation(() => User, { description: 'The user can no longer log in; their tokens stop working at once, and their open subscriptions are closed. Needs `member:manage`.' })
  deactivateUser(@Ctx() ctx: RequestContext, @Args() { id }: UserIdArgs): Promise<User> {
    return this.usersService.setStatus(ctx, id, UserStatus.DEACTIVATED);
  }

  @Allow(Permission.MEMBER_MANAGE)
  @Mutation(() => User, { description: 'The user may log in again; tokens issued before the deactivation stay ended. Needs `member:manage`.' })
  reactivateUser(@Ctx() ctx: RequestContext, @Args() { id }: UserIdArgs): Promise<User> {
    return this.usersService.setStatus(ctx, id, UserStatus.ACTIVE);
  }
}

@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(private readonly apiKeysService: ApiKeysService) {}

  @Allow(Permission.INTEGRATION_MANAGE)
  @Query(() => ApiKeyConnection, { description: 'Keys acting where the caller manages integrations. Needs `integration:manage`.' })
  apiKeys(@Ctx() ctx: RequestContext, @Args() args: ApiKeysArgs): Promise<Connection<ApiKey>> {
    return this.apiKeysService.list(ctx, args);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => CreateApiKeyPayload, { description: 'Creates a key holding one role; the secret is in the answer and never again. Needs `integration:manage`.' })
  createApiKey(@Ctx() ctx: RequestContext, @Args('input', { description: 'The key\'s name, role and scope.' }) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    return this.apiKeysService.create(ctx, input);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => ApiKey, { description: 'The key stops working on its next request. Needs `integration:manage`.' })
  revokeApiKey(@Ctx() ctx: RequestContext, @Args() { id }: ApiKeyIdArgs): Promise<ApiKey> {
    return this.apiKeysService.revoke(ctx, id);
  }
}
