import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Principal, RequestContext } from '../../libs/core';
import { Enforcement, InboxAbout, PolicyType, PostFormat, PostTag } from '../../libs/policy-engine';
import { ApprovalDecisionKind, ApprovalDecisionsService, ApprovalQueueService, ApprovalWorkflowsService } from '../approvals';
import { PoliciesService, PolicyConfig } from '../policies';
import { PostLifecycleService, PostsService } from '../posts';
import { ADVISORY_LOCKS, Db, takeTransactionLock } from '../../libs/database';
import { PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { BrandsService } from '../brands';
import { ApiKeysService } from '../identity';
import { OrganizationsService } from '../organizations';
import { SocialProfilesService, SocialProfileStatus } from '../profiles';
import { DemoInbox } from './demo-inbox';
import { DEMO_API_KEY, DEMO_BANNED_TERMS, DEMO_DISCLOSURE, DEMO_LAUNCH_READINESS, DEMO_PASSWORD, DEMO_SUB_BRANDS, DEMO_UMBRELLA, DEMO_USERS, DEMO_WORKFLOW } from './demo-data';

/**
 * Seeds the Mars demo organization on an empty database, in one transaction, through the
 * same use cases the API runs (so it obeys every rule they do).
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');
  private readonly lockWaitMs: number;

  constructor(
    private readonly db: Db,
    private readonly organizations: OrganizationsService,
    private readonly brands: BrandsService,
    private readonly profiles: SocialProfilesService,
    private readonly apiKeys: ApiKeysService,
    private readonly workflows: ApprovalWorkflowsService,
    private readonly approvalReads: ApprovalQueueService,
    private readonly decisions: ApprovalDecisionsService,
    private readonly policies: PoliciesService,
    private readonly postsService: PostsService,
    private readonly lifecycle: PostLifecycleService,
    private readonly inbox: DemoInbox,
    @Inject(PARASOL_CONFIG) config: ParasolConfig,
  ) {
    this.lockWaitMs = config.migrationLockWaitMs;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.seedIfEmpty();
  }

  /**
   * Seeds the demo on an empty database, once however many processes boot at the same time:
   * the check and the seed run in one transaction that first takes the demo's advisory lock
   * (libs/database/advisory-lock.ts), so the others wait, then see an organization. Returns
   * whether this call seeded.
   */
  async seedIfEmpty(): Promise<boolean> {
    const apiKey = await this.db.transaction(async () => {
      await takeTransactionLock((sql, parameters) => this.db.query<{ locked: boolean }>(sql, parameters), ADVISORY_LOCKS.demoSeed, 'demo seed', this.lockWaitMs);
      if ((await this.organizations.count()) > 0) return null;
      return this.seed();
    });
    if (apiKey === null) return false;
    this.logger.log(
      `Seeded the demo organization "Mars". Log in with ${Object.values(DEMO_USERS).map((u) => `${u.email} (${u.role} on ${u.on})`).join(', ')}; ` +
        `the password of each is "${DEMO_PASSWORD}".`,
    );
    this.logger.log(`Demo ${DEMO_API_KEY.role} API key on ${DEMO_API_KEY.on} (shown once, keep it): ${apiKey}`);
    return true;
  }

  /** Umbrella policies: approval for humour and promotions (and for replies to complaints), a banned term, #ad on promotions, launch readiness. */
  private async governance(ctx: RequestContext, umbrellaId: string): Promise<void> {
    const workflow = await this.workflows.createWorkflow(ctx, DEMO_WORKFLOW);
    const set = (type: PolicyType, config: PolicyConfig, locked = false) =>
      this.policies.set(ctx, { brandId: umbrellaId, type, enforcement: Enforcement.BLOCK, locked, enabled: true, config });
    await set(PolicyType.APPROVAL_REQUIRED, { approvalRequired: { workflowId: workflow.id, tags: [PostTag.HUMOR, PostTag.PROMOTION], replies: { abouts: [InboxAbout.COMPLAINT] } } }, true);
    await set(PolicyType.BANNED_TERMS, { bannedTerms: { terms: DEMO_BANNED_TERMS } }, true);
    await set(PolicyType.REQUIRED_DISCLOSURE, { requiredDisclosure: { tags: [PostTag.PROMOTION], text: DEMO_DISCLOSURE } });
    await set(PolicyType.LAUNCH_READINESS, { launchReadiness: { minApprovedPosts: DEMO_LAUNCH_READINESS } });
  }

  /** A few posts in several states, written by the Snickers agent and decided by the approver. */
  private async posts(organizationId: string, brandIds: Record<string, string>, principals: Record<string, Principal>): Promise<void> {
    const agent = new RequestContext(principals.agent);
    const approver = new RequestContext(principals.approver);
    const admin = new RequestContext(principals.admin);
    const profiles = await this.profiles.forBrand(admin, brandIds.Snickers, { first: 10 });
    const profileIds = profiles.edges.map((e) => e.node.id);
    const draft = (body: string, tags: PostTag[] = []) =>
      this.postsService.create(agent, { brandId: brandIds.Snickers, profileIds, body, format: PostFormat.TEXT, tags });

    await draft('Hungry? Tell us the snack moment you are planning for the weekend.');
    const joke = await draft("Why did the Snickers bar go to school? To get a little nuttier. You're not you when you're hungry.", [PostTag.HUMOR]);
    await this.lifecycle.submit(agent, joke.id);
    const tip = await draft('Three ways to keep your energy up on a long hike: water, rest, and a Snickers in your pocket.', [PostTag.ORIGINAL]);
    await this.lifecycle.submit(agent, tip.id);
    const promo = await draft('Two bars for the price of one this weekend at your local store. #ad', [PostTag.PROMOTION]);
    const submitted = await this.lifecycle.submit(agent, promo.id);
    const request = await this.approvalReads.latestFor(agent, submitted.post.id);
    await this.decisions.decide(approver, { requestId: request!.id, decision: ApprovalDecisionKind.APPROVE, comment: 'Disclosure present, good to go.' });
    await this.lifecycle.schedule(agent, promo.id, new Date(Date.now() + 2 * 24 * 3600 * 1000));
    const story = await draft('Meet Ola, who ran her first marathon this spring. Tell us yours in the comments.', [PostTag.CUSTOMER_STORY]);
    await this.lifecycle.submit(agent, story.id);
    await this.lifecycle.publish(admin, story.id);
    void organizationId;
  }

  /** Seeds the organization; returns the demo API key's secret. */
  async seed(): Promise<string> {
    return this.db.transaction(async () => {
      const { organizationId, admin } = await this.organizations.create({
        name: 'Mars',
        slug: 'mars',
        admin: { email: DEMO_USERS.admin.email, displayName: DEMO_USERS.admin.displayName, password: DEMO_PASSWORD },
      });
      const ctx = new RequestContext(admin);
      const umbrella = await this.brands.create(ctx, DEMO_UMBRELLA);
      const brandIds: Record<string, string> = { Mars: umbrella.id };
      for (const sub of DEMO_SUB_BRANDS) {
        const brand = await this.brands.create(ctx, {
          name: sub.name,
          slug: sub.slug,
          parentId: umbrella.id,
          description: sub.description,
          branding: { primaryColor: sub.primaryColor },
          audience: sub.audience,
          goals: sub.goals,
        });
        brandIds[sub.name] ??= brand.id;
        for (const page of sub.profiles) {
          const profile = await this.profiles.create(ctx, { brandId: brand.id, ...page });
          await this.profiles.transition(ctx, profile.id, SocialProfileStatus.LIVE);
        }
      }
      const principals: Record<string, Principal> = { admin };
      for (const [key, user] of Object.entries(DEMO_USERS).filter(([key]) => key !== 'admin')) {
        principals[key] = await this.organizations.addUser(organizationId, { email: user.email, displayName: user.displayName, password: DEMO_PASSWORD }, [
          { roleKey: user.role, brandId: brandIds[user.on] },
        ]);
      }
      const { secret } = await this.apiKeys.create(ctx, { name: DEMO_API_KEY.name, roleKey: DEMO_API_KEY.role, brandId: brandIds[DEMO_API_KEY.on] });
      await this.governance(ctx, umbrella.id);
      await this.posts(organizationId, brandIds, principals);
      await this.inbox.seed(ctx, principals.agent, brandIds);
      return secret;
    });
  }
}
