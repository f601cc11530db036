import { randomUUID } from 'node:crypto';
import { errorCodes, TestApp } from './support';
import { MarsWorld, namedFields, nodes, POLICY, violationsOf } from './governance-world';

// Governance: policies set on brands flow down the tree and decide what may be submitted.
// Approvals, scheduling, publishing and launches are in posts-lifecycle.e2e-spec.ts.

const BRAND_POLICIES = `query ($id: ID!) { brand(id: $id) { policies { ${POLICY} } effectivePolicies { ${POLICY} } } }`;
const CHECK = `query ($id: ID!) { post(id: $id) { policyCheck { type enforcement message field } } }`;

/** `n` distinct words. */
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

// Each story makes dozens of requests (and argon2 logins): the default 5 s is too tight on a busy machine.
jest.setTimeout(180_000);

describe('governance', () => {
  let t: TestApp;
  let w: MarsWorld;
  beforeAll(async () => {
    t = await TestApp.start();
    w = await MarsWorld.build(t);
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const policiesOf = async (brandId: string, token = w.admin) => (await t.ok(BRAND_POLICIES, { id: brandId }, token)).brand;
  /** Effective policies as [type, source brand] pairs. */
  const effective = async (brandId: string) => (await policiesOf(brandId)).effectivePolicies.map((p: any) => [p.type, p.brandId]);

  it('the Mars story: umbrella policies bind Snickers, block a banned term, route humor to the approver, and an edit voids the approval', async () => {
    const review = await w.workflow('Humor review', [{ name: 'Approver review', approverRoles: ['APPROVER'], quorum: 1 }]);
    await w.policy(w.marsId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: review, tags: ['HUMOR'] } });
    const banned = await w.policy(w.marsId, 'BANNED_TERMS', { bannedTerms: { terms: ['cure', 'guaranteed weight loss'] } }, { locked: true });
    expect(banned).toMatchObject({ brandId: w.marsId, type: 'BANNED_TERMS', enforcement: 'BLOCK', locked: true, enabled: true });

    // The Snickers agent drafts a joke with a banned term; the dry run says so before any submit.
    const draft = await w.snickersPost('Monday got you down? A Snickers is the cure.', ['HUMOR']);
    expect(draft).toMatchObject({ status: 'DRAFT', revision: 1, approvalRequest: null });
    expect((await t.ok(CHECK, { id: draft.id }, w.agent.token)).post.policyCheck).toEqual([
      { type: 'BANNED_TERMS', enforcement: 'BLOCK', field: 'body', message: 'The post contains the banned term "cure".' },
    ]);
    const refused = await w.submit(draft.id, w.agent.token);
    expect(errorCodes(refused)).toEqual(['POLICY_VIOLATION']);
    expect(violationsOf(refused)).toEqual([expect.objectContaining({ type: 'BANNED_TERMS', enforcement: 'BLOCK', field: 'body', brandId: w.marsId })]);
    expect((await w.post(draft.id)).status).toBe('DRAFT');

    // Fixed and resubmitted: humor goes to review.
    const fixed = await w.edit({ id: draft.id, body: 'Monday got you down? A Snickers is the fix.' }, w.agent.token);
    expect(fixed).toMatchObject({ status: 'DRAFT', revision: 2 });
    const { post: inReview, warnings } = await w.submitted(draft.id, w.agent.token);
    expect(warnings).toEqual([]);
    expect(inReview).toMatchObject({ status: 'IN_REVIEW', revision: 2, approvalRequest: { status: 'OPEN', revision: 2, currentStage: 0, decisions: [] } });
    const requestId = inReview.approvalRequest.id;

    // The agent cannot approve: a zoom agent lacks post:approve.
    expect(errorCodes(await w.decide(requestId, 'APPROVE', w.agent.token))).toEqual(['FORBIDDEN']);
    // An approver who wrote a post cannot approve it either.
    const author = await t.createMember(w.org, 'approver-author', [
      { roleKey: 'APPROVER', brandId: w.marsId },
      { roleKey: 'CONTENT_CREATOR', brandId: w.snickersId },
    ]);
    const own = await w.createPost({ brandId: w.snickersId, profileIds: w.snickersProfiles, body: 'Knock knock. Who is there? Nougat.', tags: ['HUMOR'] }, author.token);
    const ownRequest = (await w.submitted(own.id, author.token)).post.approvalRequest.id;
    const selfApproval = await w.decide(ownRequest, 'APPROVE', author.token);
    expect(errorCodes(selfApproval)).toEqual(['FORBIDDEN']);
    expect(selfApproval.errors![0].message).toMatch(/author/i);
    expect(await w.queue(author.token)).toEqual([requestId]);

    // The approver sees both in the queue and approves the agent's; a manager without the stage's role does not see it.
    expect(await w.queue(w.approver.token)).toEqual([requestId, ownRequest]);
    expect(await w.queue(w.manager.token)).toEqual([]);
    const decided = await w.decide(requestId, 'APPROVE', w.approver.token, 'Funny and clean.');
    expect(decided.data!.decideApproval).toMatchObject({
      request: { id: requestId, status: 'APPROVED', decisions: [{ deciderId: w.approver.id, decision: 'APPROVE', stage: 0 }] },
      decision: { deciderId: w.approver.id, decision: 'APPROVE', stage: 0 },
    });
    expect(await w.post(draft.id)).toMatchObject({ status: 'APPROVED', revision: 2 });
    expect(await w.queue(w.approver.token)).toEqual([ownRequest]);

    // The agent edits the approved post: the approval is void, the post a DRAFT again, the old revision kept.
    const edited = await w.edit({ id: draft.id, body: 'Monday got you down? A Snickers fixes that.' }, w.agent.token);
    expect(edited).toMatchObject({ status: 'DRAFT', revision: 3, approvalRequest: { id: requestId, status: 'VOID', revision: 2 } });
    const { post: history } = await t.ok(`query ($id: ID!) { post(id: $id) { revisions { number body tags createdById } } }`, { id: draft.id }, w.agent.token);
    expect(history.revisions).toEqual([
      { number: 1, body: 'Monday got you down? A Snickers is the cure.', tags: ['HUMOR'], createdById: w.agent.id },
      { number: 2, body: 'Monday got you down? A Snickers is the fix.', tags: ['HUMOR'], createdById: w.agent.id },
      { number: 3, body: 'Monday got you down? A Snickers fixes that.', tags: ['HUMOR'], createdById: w.agent.id },
    ]);
    expect(errorCodes(await w.decide(requestId, 'APPROVE', w.approver.token))).toEqual(['CONFLICT']);
    const unapproved = await w.schedule(draft.id, new Date(Date.now() + 3_600_000), w.agent.token);
    expect(errorCodes(unapproved)).toEqual(['BAD_USER_INPUT']);
    expect(namedFields(unapproved)).toEqual(['id']);
    const resubmitted = (await w.submitted(draft.id, w.agent.token)).post;
    expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', revision: 3, approvalRequest: { status: 'OPEN', revision: 3 } });
    expect(resubmitted.approvalRequest.id).not.toBe(requestId);

    // Snickers cannot override what Mars locked.
    const override = await w.setPolicy({ brandId: w.snickersId, type: 'BANNED_TERMS', config: { bannedTerms: { terms: ['snack'] } } });
    expect(errorCodes(override)).toEqual(['FORBIDDEN']);
    expect(override.errors![0].extensions.lockedBy).toEqual({ brandId: w.marsId, brandName: 'Mars', policyId: banned.id });

    // A Dove policy stays on Dove.
    await w.policy(w.doveId, 'SPECULATION_LABEL', { speculationLabel: { tags: ['OPINION'], labels: ['Opinion'] } });
    expect(await effective(w.snickersId)).toEqual([['APPROVAL_REQUIRED', w.marsId], ['BANNED_TERMS', w.marsId]]);
    expect(await effective(w.doveId)).toEqual([['APPROVAL_REQUIRED', w.marsId], ['BANNED_TERMS', w.marsId], ['SPECULATION_LABEL', w.doveId]]);
    const snickersOpinion = await w.snickersPost('Peanuts are the best part of any bar.', ['OPINION']);
    expect((await t.ok(CHECK, { id: snickersOpinion.id }, w.agent.token)).post.policyCheck).toEqual([]);
    expect((await w.submitted(snickersOpinion.id, w.agent.token)).post.status).toBe('APPROVED');
    const doveOpinion = await w.createPost({ brandId: w.doveId, profileIds: w.doveProfiles, body: 'Silk beats crunch, every time.', tags: ['OPINION'] });
    const doveRefused = await w.submit(doveOpinion.id);
    expect(errorCodes(doveRefused)).toEqual(['POLICY_VIOLATION']);
    expect(violationsOf(doveRefused)).toEqual([expect.objectContaining({ type: 'SPECULATION_LABEL', field: 'label', brandId: w.doveId })]);
  });

  describe('setPolicy, removePolicy and inheritance', () => {
    let labId: string;
    let workflowId: string;
    beforeAll(async () => {
      labId = await w.brand('Policy Lab', null);
      workflowId = await w.workflow('Lab review', [{ name: 'Review', approverRoles: ['APPROVER'], quorum: 1 }]);
    }, 180_000);

    it('takes a valid config for every policy type and returns it as stored', async () => {
      const configs: Record<string, Record<string, unknown>> = {
        APPROVAL_REQUIRED: { approvalRequired: { workflowId, tags: ['HUMOR', 'PROMOTION'], formats: ['VIDEO'] } },
        BANNED_TERMS: { bannedTerms: { terms: ['cure', 'guaranteed weight loss'] } },
        REQUIRED_DISCLOSURE: { requiredDisclosure: { tags: ['PROMOTION'], text: '#ad' } },
        CONTENT_LENGTH: { contentLength: { rules: [{ format: 'BLOG_POST', minWords: 150, maxWords: 300 }, { network: 'X', maxChars: 280 }] } },
        POSTING_CADENCE: { postingCadence: { minPerWeek: 2, maxPerWeek: 10 } },
        ORIGINAL_CONTENT_RATIO: { originalContentRatio: { minOriginalPercent: 33.3, windowDays: 30 } },
        LAUNCH_READINESS: { launchReadiness: { minApprovedPosts: 3 } },
        RESPONSE_SLA: { responseSla: { minutes: 60 } },
        SOURCE_VERIFICATION: { sourceVerification: { requiredChecks: ['SOURCE_BIO', 'ACCOUNT_AGE', 'CORROBORATION'] } },
        SPECULATION_LABEL: { speculationLabel: { tags: ['SPECULATION', 'OPINION'], labels: ['Opinion', 'Speculation'] } },
        INTERNAL_AUDIENCE_TEST: { internalAudienceTest: { tags: ['HUMOR'] } },
      };
      for (const [type, config] of Object.entries(configs)) {
        const policy = await w.policy(labId, type, config, { enforcement: 'WARN' });
        const [key] = Object.keys(config);
        expect(policy).toMatchObject({ brandId: labId, type, enforcement: 'WARN', locked: false, enabled: true, config: { [key]: config[key] } });
        expect(Object.entries(policy.config).filter(([, v]) => v !== null).map(([k]) => k)).toEqual([key]);
      }
      const { policies, effectivePolicies } = await policiesOf(labId);
      expect(policies.map((p: any) => p.type).sort()).toEqual(Object.keys(configs).sort());
      expect(effectivePolicies.map((p: any) => p.type).sort()).toEqual(Object.keys(configs).sort());
      // Setting a type again replaces the brand's policy of that type.
      const replaced = await w.policy(labId, 'RESPONSE_SLA', { responseSla: { minutes: 15 } });
      expect(replaced).toMatchObject({ id: policies.find((p: any) => p.type === 'RESPONSE_SLA').id, enforcement: 'BLOCK', config: { responseSla: { minutes: 15 } } });
      expect((await policiesOf(labId)).policies).toHaveLength(Object.keys(configs).length);
    });

    it.each([
      ['an empty term list', 'BANNED_TERMS', { bannedTerms: { terms: [] } }, ['input.config.bannedTerms.terms']],
      ['a repeated term', 'BANNED_TERMS', { bannedTerms: { terms: ['free', ' FREE '] } }, ['input.config.bannedTerms.terms.1']],
      ['a blank disclosure', 'REQUIRED_DISCLOSURE', { requiredDisclosure: { tags: ['PROMOTION'], text: '  ' } }, ['input.config.requiredDisclosure.text']],
      ['a maximum below its minimum', 'CONTENT_LENGTH', { contentLength: { rules: [{ format: 'BLOG_POST', minWords: 300, maxWords: 150 }] } }, ['input.config.contentLength.rules.0.maxWords']],
      ['a rule without bounds', 'CONTENT_LENGTH', { contentLength: { rules: [{ format: 'VIDEO' }] } }, ['input.config.contentLength.rules.0']],
      ['a negative bound', 'CONTENT_LENGTH', { contentLength: { rules: [{ minDurationSeconds: -1 }] } }, ['input.config.contentLength.rules.0.minDurationSeconds']],
      ['a cadence without limits', 'POSTING_CADENCE', { postingCadence: {} }, ['input.config.postingCadence']],
      ['a cadence maximum below its minimum', 'POSTING_CADENCE', { postingCadence: { minPerWeek: 5, maxPerWeek: 2 } }, ['input.config.postingCadence.maxPerWeek']],
      ['a percentage over 100', 'ORIGINAL_CONTENT_RATIO', { originalContentRatio: { minOriginalPercent: 150, windowDays: 30 } }, ['input.config.originalContentRatio.minOriginalPercent']],
      ['a zero-day window', 'ORIGINAL_CONTENT_RATIO', { originalContentRatio: { minOriginalPercent: 50, windowDays: 0 } }, ['input.config.originalContentRatio.windowDays']],
      ['zero approved posts', 'LAUNCH_READINESS', { launchReadiness: { minApprovedPosts: 0 } }, ['input.config.launchReadiness.minApprovedPosts']],
      ['zero minutes', 'RESPONSE_SLA', { responseSla: { minutes: 0 } }, ['input.config.responseSla.minutes']],
      ['no checks', 'SOURCE_VERIFICATION', { sourceVerification: { requiredChecks: [] } }, ['input.config.sourceVerification.requiredChecks']],
      ['a blank label', 'SPECULATION_LABEL', { speculationLabel: { tags: ['OPINION'], labels: ['Opinion', ' '] } }, ['input.config.speculationLabel.labels.1']],
      ['no tags', 'INTERNAL_AUDIENCE_TEST', { internalAudienceTest: { tags: [] } }, ['input.config.internalAudienceTest.tags']],
      ['an approval that never applies', 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: randomUUID() } }, ['input.config.approvalRequired']],
      ['an unknown workflow', 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: randomUUID(), always: true } }, ['input.config.approvalRequired.workflowId']],
      ['the member of another type', 'BANNED_TERMS', { contentLength: { rules: [{ maxWords: 10 }] } }, ['input.config']],
      ['no member', 'BANNED_TERMS', {}, ['input.config']],
      ['two members', 'BANNED_TERMS', { bannedTerms: { terms: ['x'] }, responseSla: { minutes: 5 } }, ['input.config']],
      ['an unknown time zone', 'RESPONSE_SLA', { responseSla: { minutes: 60, businessHours: { timeZone: 'Europe/Atlantis', days: [1], start: '09:00', end: '17:00' } } }, ['input.config.responseSla.businessHours.timeZone']],
      ['business hours ending before they start', 'RESPONSE_SLA', { responseSla: { minutes: 60, businessHours: { timeZone: 'Europe/Warsaw', days: [1, 1], start: '17:00', end: '9:00' } } }, ['input.config.responseSla.businessHours.days.1', 'input.config.responseSla.businessHours.end']],
      ['a target for every item', 'RESPONSE_SLA', { responseSla: { minutes: 60, targets: [{ abouts: ['QUESTION'], minutes: 30 }, { minutes: 5 }] } }, ['input.config.responseSla.targets.1']],
      ['replies that never need approval', 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: randomUUID(), always: true, replies: { always: false } } }, ['input.config.approvalRequired.replies']],
    ])('refuses %s (%s) with BAD_USER_INPUT naming the field', async (_case, type, config, fields) => {
      const body = await w.setPolicy({ brandId: labId, type, config });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(body)).toEqual(fields);
    });

    it('RESPONSE_SLA with targets and business hours, and APPROVAL_REQUIRED for replies, are stored and returned as given', async () => {
      const responseSla = {
        minutes: 240,
        targets: [
          { kinds: ['DIRECT_MESSAGE'], abouts: ['COMPLAINT'], minutes: 15 },
          { kinds: null, abouts: ['QUESTION'], minutes: 60 },
        ],
        businessHours: { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      };
      expect((await w.policy(labId, 'RESPONSE_SLA', { responseSla })).config.responseSla).toEqual(responseSla);
      const legacy = await w.policy(labId, 'RESPONSE_SLA', { responseSla: { minutes: 30 } });
      expect(legacy.config.responseSla).toEqual({ minutes: 30, targets: null, businessHours: null });

      const care = await w.workflow('Care review', [{ name: 'Review', approverRoles: ['APPROVER'], quorum: 1 }]);
      const replies = { workflowId: care, always: null, abouts: ['COMPLAINT'], authorRoles: ['CONTENT_CREATOR'] };
      const approval = await w.policy(labId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId, replies } });
      expect(approval.config.approvalRequired).toEqual({ workflowId, always: null, tags: null, formats: null, replies });
      // Without replies (as before) replies need no approval; with replies' workflowId absent the policy's applies.
      expect((await w.policy(labId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId, always: true } })).config.approvalRequired.replies).toBeNull();
      const own = await w.policy(labId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId, replies: { always: true } } });
      expect(own.config.approvalRequired.replies).toEqual({ workflowId: null, always: true, abouts: null, authorRoles: null });
    });

    it.each([
      ['an unknown replies workflow', { workflowId: 'x', replies: { workflowId: randomUUID(), always: true } }, ['input.config.approvalRequired.replies.workflowId']],
      ['an unknown author role', { workflowId: 'x', replies: { authorRoles: ['CONTENT_CREATOR', 'NO_SUCH_ROLE'] } }, ['input.config.approvalRequired.replies.authorRoles.1']],
    ])('refuses %s in APPROVAL_REQUIRED replies with BAD_USER_INPUT naming the field', async (_case, approvalRequired, fields) => {
      const body = await w.setPolicy({ brandId: labId, type: 'APPROVAL_REQUIRED', config: { approvalRequired: { ...approvalRequired, workflowId } } });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(body)).toEqual(fields);
    });

    it('Brand.policies are the brand\'s own; effectivePolicies name their source: the nearest wins, a lock wins over it, a disabled one switches the type off below', async () => {
      const rootId = await w.brand('Inheritance Root', null);
      const childId = await w.brand('Inheritance Child', rootId);
      const grandchildId = await w.brand('Inheritance Grandchild', childId);
      const length = await w.policy(rootId, 'CONTENT_LENGTH', { contentLength: { rules: [{ format: 'BLOG_POST', minWords: 150, maxWords: 300 }] } });
      const rootSla = await w.policy(rootId, 'RESPONSE_SLA', { responseSla: { minutes: 60 } });
      const childSla = await w.policy(childId, 'RESPONSE_SLA', { responseSla: { minutes: 30 } }, { enforcement: 'WARN' });

      expect((await policiesOf(childId)).policies.map((p: any) => p.id)).toEqual([childSla.id]);
      expect((await policiesOf(grandchildId)).policies).toEqual([]);
      for (const id of [childId, grandchildId]) {
        const { effectivePolicies } = await policiesOf(id);
        expect(effectivePolicies).toEqual([
          expect.objectContaining({ id: length.id, type: 'CONTENT_LENGTH', brandId: rootId }),
          expect.objectContaining({ id: childSla.id, type: 'RESPONSE_SLA', brandId: childId, enforcement: 'WARN', config: expect.objectContaining({ responseSla: expect.objectContaining({ minutes: 30 }) }) }),
        ]);
      }

      // Locking the root's policy makes it win below, over the child's own; the child can no longer set the type.
      await w.policy(rootId, 'RESPONSE_SLA', { responseSla: { minutes: 60 } }, { locked: true });
      expect(await effective(grandchildId)).toEqual([['CONTENT_LENGTH', rootId], ['RESPONSE_SLA', rootId]]);
      expect((await policiesOf(childId)).policies.map((p: any) => p.id)).toEqual([childSla.id]);
      const locked = await w.setPolicy({ brandId: grandchildId, type: 'RESPONSE_SLA', config: { responseSla: { minutes: 5 } } });
      expect(errorCodes(locked)).toEqual(['FORBIDDEN']);
      expect(locked.errors![0].extensions.lockedBy).toEqual({ brandId: rootId, brandName: 'Inheritance Root', policyId: rootSla.id });
      // The brand that locked a policy may still change it.
      await w.policy(rootId, 'RESPONSE_SLA', { responseSla: { minutes: 45 } }, { locked: true });

      // A disabled policy on the child switches CONTENT_LENGTH off for the child and below, not above.
      const off = await w.policy(childId, 'CONTENT_LENGTH', { contentLength: { rules: [{ maxWords: 1 }] } }, { enabled: false });
      expect(await effective(childId)).toEqual([['RESPONSE_SLA', rootId]]);
      expect(await effective(grandchildId)).toEqual([['RESPONSE_SLA', rootId]]);
      expect(await effective(rootId)).toEqual([['CONTENT_LENGTH', rootId], ['RESPONSE_SLA', rootId]]);

      // removePolicy returns the policy as it was; the type comes back from above.
      const removed = await w.removePolicy(off.id);
      expect(removed.data!.removePolicy).toMatchObject({ id: off.id, brandId: childId, type: 'CONTENT_LENGTH', enabled: false });
      expect(await effective(grandchildId)).toEqual([['CONTENT_LENGTH', rootId], ['RESPONSE_SLA', rootId]]);
      expect(errorCodes(await w.removePolicy(off.id))).toEqual(['NOT_FOUND']);
    });

    it('needs policy:manage on the brand: the zoom agent is FORBIDDEN, a Mars manager may, out of reach is NOT_FOUND', async () => {
      const config = { responseSla: { minutes: 20 } };
      expect(errorCodes(await w.setPolicy({ brandId: w.snickersId, type: 'RESPONSE_SLA', config }, w.agent.token))).toEqual(['FORBIDDEN']);
      const onSnickers = (await w.setPolicy({ brandId: w.snickersId, type: 'RESPONSE_SLA', config }, w.manager.token)).data!.setPolicy;
      const onDove = (await w.setPolicy({ brandId: w.doveId, type: 'RESPONSE_SLA', config }, w.manager.token)).data!.setPolicy;
      expect([onSnickers, onDove]).toMatchObject([{ brandId: w.snickersId, type: 'RESPONSE_SLA' }, { brandId: w.doveId, type: 'RESPONSE_SLA' }]);
      expect(errorCodes(await w.removePolicy(onSnickers.id, w.agent.token))).toEqual(['FORBIDDEN']);
      // The agent holds policy:manage nowhere: refused at the door, whatever the policy (Dove's is out of their sight).
      expect(errorCodes(await w.removePolicy(onDove.id, w.agent.token))).toEqual(['FORBIDDEN']);
      // The lab is out of the manager's reach: it does not exist for them.
      expect(errorCodes(await w.setPolicy({ brandId: labId, type: 'RESPONSE_SLA', config }, w.manager.token))).toEqual(['NOT_FOUND']);
      for (const { id } of [onSnickers, onDove]) expect((await w.removePolicy(id, w.manager.token)).data!.removePolicy.id).toBe(id);
      expect(await effective(w.snickersId)).not.toContainEqual(['RESPONSE_SLA', w.snickersId]);
    });
  });

  describe('content policies at submitPost', () => {
    let studioId: string;
    let blog: string;
    let youtube: string;
    let page: string;
    beforeAll(async () => {
      studioId = await w.brand('Content Studio', null);
      [blog, youtube, page] = [await w.profile(studioId, 'BLOG'), await w.profile(studioId, 'YOUTUBE'), await w.profile(studioId, 'FACEBOOK')];
      await w.policy(studioId, 'CONTENT_LENGTH', {
        contentLength: { rules: [{ format: 'BLOG_POST', minWords: 150, maxWords: 300 }, { format: 'VIDEO', minDurationSeconds: 30, maxDurationSeconds: 180 }] },
      });
      await w.policy(studioId, 'SOURCE_VERIFICATION', { sourceVerification: { requiredChecks: ['SOURCE_BIO', 'FOLLOWERS', 'CORROBORATION'] } });
      await w.policy(studioId, 'SPECULATION_LABEL', { speculationLabel: { tags: ['SPECULATION', 'OPINION'], labels: ['Opinion', 'Speculation'] } });
      await w.policy(studioId, 'INTERNAL_AUDIENCE_TEST', { internalAudienceTest: { tags: ['HUMOR'] } });
    }, 180_000);

    /** Creates and submits a post on the studio; returns the response of submitPost. */
    const attempt = async (input: Record<string, unknown>) => {
      const post = await w.createPost({ brandId: studioId, profileIds: [page], body: 'A post.', ...input });
      return { id: post.id as string, body: await w.submit(post.id) };
    };
    const expectBlocked = (body: Awaited<ReturnType<MarsWorld['submit']>>, type: string, fields: (string | null)[]) => {
      expect(errorCodes(body)).toEqual(['POLICY_VIOLATION']);
      expect(violationsOf(body).map((v) => [v.type, v.enforcement, v.field])).toEqual(fields.map((f) => [type, 'BLOCK', f]));
    };
    const expectApproved = (body: Awaited<ReturnType<MarsWorld['submit']>>) => {
      expect(body.errors).toBeUndefined();
      expect(body.data!.submitPost).toMatchObject({ post: { status: 'APPROVED' }, warnings: [] });
    };

    it('WARN: submit and schedule go through and list the warnings; the same rule as BLOCK refuses', async () => {
      const brandId = await w.brand('Warned Brand', null);
      const profileId = await w.profile(brandId);
      await w.policy(brandId, 'REQUIRED_DISCLOSURE', { requiredDisclosure: { tags: ['PROMOTION'], text: '#ad' } }, { enforcement: 'WARN' });
      const promo = await w.createPost({ brandId, profileIds: [profileId], body: 'Two bars for one this #adventure weekend.', tags: ['PROMOTION'] });
      const warning = { type: 'REQUIRED_DISCLOSURE', enforcement: 'WARN', field: 'body', brandId, message: 'A post tagged PROMOTION must include the disclosure "#ad".' };
      expect((await t.ok(CHECK, { id: promo.id }, w.admin)).post.policyCheck).toEqual([expect.objectContaining({ type: 'REQUIRED_DISCLOSURE', enforcement: 'WARN' })]);
      const submitted = await w.submitted(promo.id);
      expect(submitted).toEqual({ post: expect.objectContaining({ status: 'APPROVED' }), warnings: [warning] });
      const scheduled = await w.schedule(promo.id, new Date(Date.now() + 3_600_000));
      expect(scheduled.data!.schedulePost).toEqual({ post: expect.objectContaining({ status: 'SCHEDULED' }), warnings: [warning] });

      await w.policy(brandId, 'REQUIRED_DISCLOSURE', { requiredDisclosure: { tags: ['PROMOTION'], text: '#ad' } });
      const blocked = await w.createPost({ brandId, profileIds: [profileId], body: 'Two bars for one.', tags: ['PROMOTION'] });
      expectBlocked(await w.submit(blocked.id), 'REQUIRED_DISCLOSURE', ['body']);
      await w.edit({ id: blocked.id, body: 'Two bars for one. #ad' });
      expectApproved(await w.submit(blocked.id));
    });

    it('CONTENT_LENGTH: blog posts 150 to 300 words, videos 30 s to 3 min, at the exact limits', async () => {
      const blogPost = (n: number) => attempt({ profileIds: [blog], format: 'BLOG_POST', body: words(n) });
      const video = (seconds: number) => attempt({ profileIds: [youtube], format: 'VIDEO', body: 'Watch us make a bar.', durationSeconds: seconds });
      expectBlocked((await blogPost(149)).body, 'CONTENT_LENGTH', ['body']);
      expectApproved((await blogPost(150)).body);
      expectApproved((await blogPost(300)).body);
      const tooLong = await blogPost(301);
      expectBlocked(tooLong.body, 'CONTENT_LENGTH', ['body']);
      expect(violationsOf(tooLong.body)[0].message).toBe('A blog post may have at most 300 words; this one has 301.');
      expect((await w.post(tooLong.id)).status).toBe('DRAFT');
      expectBlocked((await video(29)).body, 'CONTENT_LENGTH', ['durationSeconds']);
      expectApproved((await video(30)).body);
      expectApproved((await video(180)).body);
      const longVideo = await video(181);
      expectBlocked(longVideo.body, 'CONTENT_LENGTH', ['durationSeconds']);
      expect(violationsOf(longVideo.body)[0].message).toBe('A video must be at most 3 minutes long; this one is 181 seconds.');
      // Other formats are not held to these rules; a video must say how long it is.
      expectApproved((await attempt({ body: words(5) })).body);
      const noDuration = await t.gql(`mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`, {
        input: { brandId: studioId, profileIds: [youtube], format: 'VIDEO', body: 'Untimed.' },
      }, w.admin);
      expect(errorCodes(noDuration)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(noDuration)).toEqual(['input.durationSeconds']);
    });

    it('SOURCE_VERIFICATION: a curated post names its source and completes the checklist', async () => {
      const source = { url: 'https://x.com/someone/status/1', author: '@someone', completedChecks: ['SOURCE_BIO'] };
      const partial = await attempt({ tags: ['CURATED'], source });
      expectBlocked(partial.body, 'SOURCE_VERIFICATION', ['source.verification.FOLLOWERS', 'source.verification.CORROBORATION']);
      expectBlocked((await attempt({ tags: ['CURATED'] })).body, 'SOURCE_VERIFICATION', ['source']);
      await w.edit({ id: partial.id, source: { ...source, completedChecks: ['SOURCE_BIO', 'FOLLOWERS', 'CORROBORATION', 'TIMING'] } });
      expectApproved(await w.submit(partial.id));
      expect((await w.post(partial.id)).revision).toBe(2);
    });

    it('SPECULATION_LABEL: opinion and speculation carry a visible label', async () => {
      expectBlocked((await attempt({ tags: ['OPINION'], body: 'Caramel is better than nougat.' })).body, 'SPECULATION_LABEL', ['label']);
      expectBlocked((await attempt({ tags: ['SPECULATION'], label: 'Rumour' })).body, 'SPECULATION_LABEL', ['label']);
      expectApproved((await attempt({ tags: ['OPINION'], label: 'opinion', body: 'Caramel is better than nougat.' })).body);
      expectApproved((await attempt({ tags: ['SPECULATION'], body: 'Speculation: a new flavour is coming.' })).body);
    });

    it('INTERNAL_AUDIENCE_TEST: humor passes an internal audience test first', async () => {
      expectBlocked((await attempt({ tags: ['HUMOR'], body: 'Why did the bar cross the road?' })).body, 'INTERNAL_AUDIENCE_TEST', ['internalTest']);
      const failed = await attempt({ tags: ['HUMOR'], body: 'Why did the bar cross the road?', internalTest: { passed: false, notes: 'Nobody laughed.' } });
      expectBlocked(failed.body, 'INTERNAL_AUDIENCE_TEST', ['internalTest']);
      expect(violationsOf(failed.body)[0].message).toMatch(/did not pass/);
      await w.edit({ id: failed.id, internalTest: { passed: true, notes: 'Tried on the office: 8 of 10 laughed.' } });
      expectApproved(await w.submit(failed.id));
    });
  });

  it('the demo organization (read only): Snickers posts in several states, and the umbrella policies on Mars', async () => {
    const token = await t.login('admin@mars.example', 'parasol-demo');
    const { brands } = await t.ok(`{ brands(filter: { rootsOnly: true }) { edges { node { id slug effectivePolicies { type brandId }
      children { edges { node { id slug effectivePolicies { type brandId } } } } } } } }`, {}, token);
    const mars = nodes<any>(brands).find((b) => b.slug === 'mars');
    const snickers = nodes<any>(mars.children).find((b) => b.slug === 'snickers');
    expect(mars.effectivePolicies.map((p: any) => p.type)).toEqual(
      expect.arrayContaining(['APPROVAL_REQUIRED', 'BANNED_TERMS', 'REQUIRED_DISCLOSURE', 'LAUNCH_READINESS']),
    );
    expect(mars.effectivePolicies.every((p: any) => p.brandId === mars.id)).toBe(true);
    expect(snickers.effectivePolicies.map((p: any) => [p.type, p.brandId])).toEqual(expect.arrayContaining([['BANNED_TERMS', mars.id]]));
    const { posts } = await t.ok(`query ($brandId: ID!) { posts(filter: { brandId: $brandId }, first: 100) { totalCount edges { node { status } } } }`, { brandId: snickers.id }, token);
    expect(new Set(nodes<any>(posts).map((p) => p.status))).toEqual(new Set(['DRAFT', 'IN_REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED']));
  });
});
