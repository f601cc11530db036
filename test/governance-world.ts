import { Builders, builders, GraphQLResponse, Stage, TestApp, TestMember, TestOrganization } from './support';

// The organization the governance suites build for themselves (never the demo one): umbrella
// Mars with Snickers and Dove, each with its own pages, and the demo's kinds of people.

export const nodes = <T>(connection: { edges: { node: T }[] }) => connection.edges.map((e) => e.node);

/** The distinct input fields a BAD_USER_INPUT error names in `extensions.fields`. */
export const namedFields = (body: GraphQLResponse) => [
  ...new Set(((body.errors?.[0]?.extensions.fields ?? []) as { field: string }[]).map((f) => f.field)),
];

/** `extensions.violations` of a POLICY_VIOLATION error. */
export const violationsOf = (body: GraphQLResponse) =>
  (body.errors?.[0]?.extensions.violations ?? []) as { type: string; enforcement: string; message: string; field: string | null; brandId: string }[];

export const POLICY_CONFIG = `config {
  approvalRequired { workflowId always tags formats replies { workflowId always abouts authorRoles } }
  bannedTerms { terms }
  requiredDisclosure { tags text }
  contentLength { rules { format network minWords maxWords minChars maxChars minDurationSeconds maxDurationSeconds } }
  postingCadence { minPerWeek maxPerWeek }
  originalContentRatio { minOriginalPercent windowDays }
  launchReadiness { minApprovedPosts }
  responseSla { minutes targets { kinds abouts minutes } businessHours { timeZone days start end } }
  sourceVerification { requiredChecks }
  speculationLabel { tags labels }
  internalAudienceTest { tags }
}`;
export const POLICY = `id brandId type enforcement locked enabled ${POLICY_CONFIG}`;
export const VIOLATION = `type enforcement message field brandId`;
export const REQUEST = `id postId brandId revision status currentStage escalatedAt closedAt decisions { deciderId decision stage }`;
export const POST = `id brandId status revision authorId body label tags format durationSeconds profileIds
  scheduledAt publishedAt publishAttempts publishError nextAttemptAt approvalRequest { ${REQUEST} }`;

const SET_POLICY = `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { ${POLICY} } }`;
const REMOVE_POLICY = `mutation ($id: ID!) { removePolicy(id: $id) { ${POLICY} } }`;
const CREATE_POST = `mutation ($input: CreatePostInput!) { createPost(input: $input) { ${POST} } }`;
const UPDATE_POST = `mutation ($input: UpdatePostInput!) { updatePost(input: $input) { ${POST} } }`;
const SUBMIT = `mutation ($id: ID!) { submitPost(id: $id) { post { ${POST} } warnings { ${VIOLATION} } } }`;
const SCHEDULE = `mutation ($id: ID!, $at: DateTime!) { schedulePost(id: $id, at: $at) { post { ${POST} } warnings { ${VIOLATION} } } }`;
const PUBLISH = `mutation ($id: ID!) { publishPost(id: $id) { post { ${POST} publications { profileId connector externalId } } warnings { ${VIOLATION} } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { ${REQUEST} } decision { deciderId decision stage } } }`;
const READ_POST = `query ($id: ID!) { post(id: $id) { ${POST} policyCheck { ${VIOLATION} } } }`;
const QUEUE = `query ($first: Int, $after: String) { approvalQueue(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { ${REQUEST} } } } }`;

export type { Stage };
export type Decision = 'APPROVE' | 'REJECT' | 'REQUEST_CHANGES';

/** An organization with Mars -> Snickers, Dove; their pages (DRAFT); a Snickers zoom agent, two Mars approvers, a Mars brand manager. */
export class MarsWorld {
  /** The builders acting as the organization's admin. */
  readonly make: Builders;

  private constructor(
    readonly t: TestApp,
    readonly org: TestOrganization,
    readonly marsId: string,
    readonly snickersId: string,
    readonly doveId: string,
    /** Facebook page, X profile. */
    readonly snickersProfiles: string[],
    readonly doveProfiles: string[],
    readonly agent: TestMember,
    readonly approver: TestMember,
    readonly secondApprover: TestMember,
    readonly manager: TestMember,
  ) {
    this.make = builders(t, org.adminToken);
  }

  static async build(t: TestApp, name = 'Mars Governance'): Promise<MarsWorld> {
    const org = await t.createOrganization(name);
    const build = builders(t, org.adminToken);
    const { Mars, Snickers, Dove } = await build.tree({ Mars: null, Snickers: 'Mars', Dove: 'Mars' });
    const pages = async (brandId: string) => [await build.profile(brandId, { network: 'FACEBOOK' }), await build.profile(brandId, { network: 'X' })];
    return new MarsWorld(
      t, org, Mars, Snickers, Dove, await pages(Snickers), await pages(Dove),
      await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: Snickers }]),
      await t.createMember(org, 'approver', [{ roleKey: 'APPROVER', brandId: Mars }]),
      await t.createMember(org, 'second-approver', [{ roleKey: 'APPROVER', brandId: Mars }]),
      await t.createMember(org, 'manager', [{ roleKey: 'BRAND_MANAGER', brandId: Mars }]),
    );
  }

  get admin(): string {
    return this.org.adminToken;
  }

  brand(name: string, parentId: string | null = this.marsId): Promise<string> {
    return this.make.brand(name, parentId);
  }

  /** A DRAFT profile of the brand with a handle no other test uses. */
  profile(brandId: string, network = 'FACEBOOK'): Promise<string> {
    return this.make.profile(brandId, { network });
  }

  workflow(name: string, stages: Stage[]): Promise<string> {
    return this.make.workflow(name, stages);
  }

  setPolicy(input: Record<string, unknown>, token = this.admin): Promise<GraphQLResponse> {
    return this.t.gql(SET_POLICY, { input }, token);
  }

  /** Sets a policy (BLOCK unless said otherwise), failing the test on any error. */
  async policy(brandId: string, type: string, config: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<any> {
    return (await this.t.ok(SET_POLICY, { input: { brandId, type, config, ...options } }, this.admin)).setPolicy;
  }

  removePolicy(id: string, token = this.admin): Promise<GraphQLResponse> {
    return this.t.gql(REMOVE_POLICY, { id }, token);
  }

  async createPost(input: Record<string, unknown>, token = this.admin): Promise<any> {
    return (await this.t.ok(CREATE_POST, { input: { format: 'TEXT', ...input } }, token)).createPost;
  }

  /** A Snickers text post by the agent on both Snickers pages. */
  snickersPost(body: string, tags: string[] = [], extra: Record<string, unknown> = {}): Promise<any> {
    return this.createPost({ brandId: this.snickersId, profileIds: this.snickersProfiles, body, tags, ...extra }, this.agent.token);
  }

  updatePost(input: Record<string, unknown>, token = this.admin): Promise<GraphQLResponse> {
    return this.t.gql(UPDATE_POST, { input }, token);
  }

  /** Edits, failing the test on any error; returns the post. */
  async edit(input: Record<string, unknown>, token = this.admin): Promise<any> {
    return (await this.t.ok(UPDATE_POST, { input }, token)).updatePost;
  }

  submit(id: string, token = this.admin): Promise<GraphQLResponse> {
    return this.t.gql(SUBMIT, { id }, token);
  }

  /** Submits, failing the test on any error; returns { post, warnings }. */
  async submitted(id: string, token = this.admin): Promise<{ post: any; warnings: any[] }> {
    return (await this.t.ok(SUBMIT, { id }, token)).submitPost;
  }

  schedule(id: string, at: Date, token = this.admin): Promise<GraphQLResponse> {
    return this.t.gql(SCHEDULE, { id, at: at.toISOString() }, token);
  }

  publish(id: string, token = this.admin): Promise<GraphQLResponse> {
    return this.t.gql(PUBLISH, { id }, token);
  }

  decide(requestId: string, decision: Decision, token: string, comment?: string): Promise<GraphQLResponse> {
    return this.t.gql(DECIDE, { input: { requestId, decision, comment } }, token);
  }

  /** The post with its dry-run policy check, as `token` sees it. */
  read(id: string, token = this.admin): Promise<GraphQLResponse> {
    return this.t.gql(READ_POST, { id }, token);
  }

  async post(id: string, token = this.admin): Promise<any> {
    return (await this.t.ok(READ_POST, { id }, token)).post;
  }

  /** The ids of the requests in the viewer's approval queue, oldest first, walked one per page. */
  async queue(token: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { approvalQueue }: any = await this.t.ok(QUEUE, { first: 1, after }, token);
      for (const { id } of nodes<{ id: string }>(approvalQueue)) {
        if (ids.includes(id)) throw new Error(`approvalQueue served request ${id} again on the page after ${JSON.stringify(after)}`);
        ids.push(id);
      }
      expect(approvalQueue.totalCount).toBeGreaterThanOrEqual(ids.length);
      if (!approvalQueue.pageInfo.hasNextPage) {
        expect(approvalQueue.totalCount).toBe(ids.length);
        return ids;
      }
      after = approvalQueue.pageInfo.endCursor;
    }
  }
}
