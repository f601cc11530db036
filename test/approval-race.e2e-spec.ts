import { DataSource } from 'typeorm';
import { ApprovalEvents, ApprovalQueueEvent } from '../src/approvals/approval-events';
import { builders, errorCodes, Stage, GraphQLResponse, onPostgresServer, TestApp, TestMember, TestOrganization } from './support';

const SUBMIT = `mutation ($id: ID!) { submitPost(id: $id) { post { id status revision approvalRequest { id status revision } } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) {
  decision { id deciderId stage decision } request { id status currentStage } } }`;
const UPDATE = `mutation ($input: UpdatePostInput!) { updatePost(input: $input) { id status revision } }`;
const READ_POST = `query ($id: ID!) { post(id: $id) {
  id status revision revisions { number }
  approvalRequest { id status revision currentStage decisions { deciderId stage decision } } } }`;

const APPROVERS = 20;
const RACES = 50;
const EDIT_RACES = 20;
const QUORUM_RACES = 10;

/** At most `limit` of `work` running at once, results in order. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) {
    results.push(...(await Promise.all(items.slice(i, i + limit).map((item, j) => work(item, i + j)))));
  }
  return results;
}

/**
 * Two simultaneous decisions never both advance a stage, and a decision racing an edit never
 * leaves an approved post whose content differs from what was approved
 * (docs/guide/posts-and-approvals.md). Decisions lock the post row, then the request; the
 * losers get CONFLICT.
 *
 * Only meaningful on the PostgreSQL server: the embedded database runs one transaction at a
 * time, so every "race" there is serialized before it reaches a lock.
 */
describe('approval races', () => {
  let t: TestApp;
  let org: TestOrganization;
  let author: TestMember;
  let approvers: TestMember[];
  /** Posts here need one approval (quorum 1, one stage). */
  let singleBrand: { id: string; profileId: string };
  /** Posts here need two approvals on stage 0, then one on stage 1. */
  let quorumBrand: { id: string; profileId: string };
  const events: ApprovalQueueEvent[] = [];

  beforeAll(async () => {
    // The embedded database serializes transactions: nothing to race, nothing to set up.
    if (!onPostgresServer()) return;
    const started = Date.now();
    t = await TestApp.start();
    org = await t.createOrganization('Approval Race');
    const build = builders(t, org.adminToken);
    const umbrella = await build.brand('Race Umbrella');

    const brandWithWorkflow = async (name: string, stages: Stage[]) => {
      const id = await build.brand(name, umbrella);
      const profileId = await build.profile(id, { network: 'X', handle: name.toLowerCase(), displayName: name });
      await build.approvalWorkflow(id, `${name} review`, stages);
      return { id, profileId };
    };
    singleBrand = await brandWithWorkflow('Single', [{ name: 'Review', approverRoles: ['APPROVER'], quorum: 1 }]);
    quorumBrand = await brandWithWorkflow('Quorum', [
      { name: 'Legal', approverRoles: ['APPROVER'], quorum: 2 },
      { name: 'Final', approverRoles: ['APPROVER'], quorum: 1 },
    ]);

    author = await t.createMember(org, 'author', [
      { roleKey: 'CONTENT_CREATOR', brandId: singleBrand.id },
      { roleKey: 'CONTENT_CREATOR', brandId: quorumBrand.id },
    ]);
    // Password hashing is slow on purpose: two at a time on two cores.
    approvers = await inBatches(Array.from({ length: APPROVERS }, (_, i) => i), 2, (i) =>
      t.createMember(org, `approver-${i}`, [
        { roleKey: 'APPROVER', brandId: singleBrand.id },
        { roleKey: 'APPROVER', brandId: quorumBrand.id },
      ]),
    );

    // Every queue event of this organization, as published after each commit.
    const approvalEvents = t.app.get(ApprovalEvents);
    const publish = approvalEvents.publish.bind(approvalEvents);
    approvalEvents.publish = (event) => {
      if (event.organizationId === org.id) events.push(event);
      publish(event);
    };
    console.log(`approval races: organization, brands and ${APPROVERS + 1} members in ${Date.now() - started} ms`);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  }, 180_000);

  /** `count` posts of the brand by the author, submitted: each IN_REVIEW with an OPEN request. */
  async function submittedPosts(brand: { id: string; profileId: string }, count: number): Promise<{ postId: string; requestId: string }[]> {
    return inBatches(Array.from({ length: count }, (_, i) => i), 5, async (i) => {
      const postId = await builders(t, author.token).post({ brandId: brand.id, profileIds: [brand.profileId], body: `Race post ${i}` });
      const { post } = (await t.ok(SUBMIT, { id: postId }, author.token)).submitPost;
      expect(post).toMatchObject({ status: 'IN_REVIEW', revision: 1, approvalRequest: { status: 'OPEN', revision: 1 } });
      return { postId, requestId: post.approvalRequest.id };
    });
  }

  const decide = (member: TestMember, requestId: string, decision = 'APPROVE') =>
    t.gql(DECIDE, { input: { requestId, decision, comment: `by ${member.email}` } }, member.token);

  const readPost = async (postId: string) => (await t.ok(READ_POST, { id: postId }, org.adminToken)).post;

  const storedDecisions = (requestId: string): Promise<{ decider_id: string; stage: number; decision: string }[]> =>
    t.app.get(DataSource).query(`SELECT decider_id, stage, decision FROM approval_decisions WHERE request_id = $1 ORDER BY created_at`, [requestId]);

  it(`${APPROVERS} approvers deciding one quorum-1 stage at once record exactly one decision, ${RACES} times over`, async () => {
    // The embedded database serializes transactions: the race cannot happen there.
    if (!onPostgresServer()) return;
    const started = Date.now();
    const posts = await submittedPosts(singleBrand, RACES);
    const setupMs = Date.now() - started;

    const failures: string[] = [];
    for (const [round, { postId, requestId }] of posts.entries()) {
      const bodies = await Promise.all(approvers.map((a) => decide(a, requestId)));
      const won = bodies.flatMap((body, i) => (body.errors ? [] : [{ body, approver: approvers[i] }]));
      const lost = bodies.filter((body) => body.errors);
      const lostCodes = lost.flatMap(errorCodes);

      const post = await readPost(postId);
      const stored = await storedDecisions(requestId);
      const approvedEvents = events.filter((e) => e.requestId === requestId && e.after.status === 'APPROVED');

      const problems = [
        won.length !== 1 && `${won.length} decisions succeeded`,
        (lost.length !== APPROVERS - 1 || lostCodes.some((c) => c !== 'CONFLICT')) && `losers answered ${JSON.stringify(lostCodes)}`,
        stored.length !== 1 && `${stored.length} rows in approval_decisions`,
        won.length === 1 && stored[0]?.decider_id !== won[0].approver.id && 'the stored decision is not the winner\'s',
        won.length === 1 && won[0].body.data.decideApproval.request.status !== 'APPROVED' && 'the winner did not approve the request',
        post.status !== 'APPROVED' && `post is ${post.status}`,
        post.approvalRequest.status !== 'APPROVED' && `request is ${post.approvalRequest.status}`,
        post.approvalRequest.revision !== post.revision && 'approved revision differs from the post\'s',
        post.approvalRequest.decisions.length !== 1 && `request lists ${post.approvalRequest.decisions.length} decisions`,
        approvedEvents.length !== 1 && `the request was approved ${approvedEvents.length} times`,
      ].filter(Boolean);
      if (problems.length) failures.push(`round ${round}: ${problems.join('; ')}`);
    }
    console.log(`decision race: ${RACES} rounds of ${APPROVERS} concurrent decisions in ${Date.now() - started - setupMs} ms (setup ${setupMs} ms)`);
    expect(failures).toEqual([]);
  }, 300_000);

  it(`a decision racing an edit never leaves an approved post with unapproved content (${EDIT_RACES} times)`, async () => {
    // The embedded database serializes transactions: the race cannot happen there.
    if (!onPostgresServer()) return;
    const posts = await submittedPosts(singleBrand, EDIT_RACES);
    const outcomes = { editFirst: 0, decisionFirst: 0 };
    const failures: string[] = [];
    for (const [round, { postId, requestId }] of posts.entries()) {
      const approver = approvers[round % approvers.length];
      const edit = () => t.gql(UPDATE, { input: { id: postId, body: `Edited while in review (${round})` } }, author.token);
      // Sent in turn one first, then the other, so that both orders happen.
      const [decided, edited] =
        round % 2 === 0 ? await Promise.all([decide(approver, requestId), edit()]) : (await Promise.all([edit(), decide(approver, requestId)])).reverse();
      const post = await readPost(postId);
      const stored = await storedDecisions(requestId);
      const problems: (string | false)[] = [];

      // The edit always goes through: an IN_REVIEW or APPROVED post may be edited.
      if (edited.errors) problems.push(`edit failed: ${JSON.stringify(errorCodes(edited))}`);
      // Whichever came first, the post ends as a DRAFT of revision 2 and the request is void.
      problems.push(
        post.status !== 'DRAFT' && `post is ${post.status}`,
        post.revision !== 2 && `post revision is ${post.revision}`,
        JSON.stringify(post.revisions.map((r: { number: number }) => r.number)) !== '[1,2]' && `revisions ${JSON.stringify(post.revisions)}`,
        post.approvalRequest.id !== requestId && 'a different request is the latest',
        post.approvalRequest.status !== 'VOID' && `request is ${post.approvalRequest.status}`,
        post.approvalRequest.revision !== 1 && `request revision ${post.approvalRequest.revision}`,
      );
      // Never an APPROVED post whose current revision is not the approved one.
      if (post.status === 'APPROVED' && post.approvalRequest.revision !== post.revision) problems.push('APPROVED post with unapproved content');

      if (decided.errors) {
        // The edit won: the decision found the request void and recorded nothing.
        outcomes.editFirst += 1;
        problems.push(
          JSON.stringify(errorCodes(decided)) !== '["CONFLICT"]' && `decision answered ${JSON.stringify(errorCodes(decided))}`,
          stored.length !== 0 && `${stored.length} decisions stored after a CONFLICT`,
          post.approvalRequest.decisions.length !== 0 && 'the request lists a decision after a CONFLICT',
        );
      } else {
        // The decision won: it approved revision 1, then the edit voided that approval.
        outcomes.decisionFirst += 1;
        problems.push(
          decided.data.decideApproval.request.status !== 'APPROVED' && `decision left the request ${decided.data.decideApproval.request.status}`,
          stored.length !== 1 && `${stored.length} decisions stored`,
          post.approvalRequest.decisions.length !== 1 && `request lists ${post.approvalRequest.decisions.length} decisions`,
        );
      }
      const found = problems.filter(Boolean);
      if (found.length) failures.push(`round ${round}: ${found.join('; ')}`);
    }
    console.log(`decision vs edit: ${JSON.stringify(outcomes)}`);
    expect(failures).toEqual([]);
    expect(outcomes.editFirst + outcomes.decisionFirst).toBe(EDIT_RACES);
  }, 180_000);

  it(`two approvers deciding a quorum-2 stage at once both count and the stage advances once (${QUORUM_RACES} times)`, async () => {
    // The embedded database serializes transactions: the race cannot happen there.
    if (!onPostgresServer()) return;
    const posts = await submittedPosts(quorumBrand, QUORUM_RACES);
    const failures: string[] = [];
    for (const [round, { postId, requestId }] of posts.entries()) {
      const pair = [approvers[(2 * round) % APPROVERS], approvers[(2 * round + 1) % APPROVERS]];
      const bodies = await Promise.all(pair.map((a) => decide(a, requestId)));
      const post = await readPost(postId);
      const stored = await storedDecisions(requestId);
      const advances = events.filter((e) => e.requestId === requestId && e.before?.stage?.name === 'Legal' && e.after.stage?.name === 'Final');
      const finalStage = bodies.filter((b) => !b.errors).map((b) => b.data.decideApproval.request.currentStage).sort();

      const problems = [
        bodies.some((b) => b.errors) && `errors: ${JSON.stringify(bodies.flatMap((b: GraphQLResponse) => b.errors ?? []))}`,
        // One decision saw the stage still needing a vote, the other moved it on.
        JSON.stringify(finalStage) !== '[0,1]' && `the decisions left the stage at ${JSON.stringify(finalStage)}`,
        JSON.stringify(stored.map((d) => [d.stage, d.decision]).sort()) !== '[[0,"APPROVE"],[0,"APPROVE"]]' && `stored ${JSON.stringify(stored)}`,
        JSON.stringify(stored.map((d) => d.decider_id).sort()) !== JSON.stringify(pair.map((a) => a.id).sort()) && 'stored deciders are not the pair',
        post.status !== 'IN_REVIEW' && `post is ${post.status}`,
        (post.approvalRequest.status !== 'OPEN' || post.approvalRequest.currentStage !== 1) &&
          `request is ${post.approvalRequest.status} at stage ${post.approvalRequest.currentStage}`,
        post.approvalRequest.decisions.length !== 2 && `request lists ${post.approvalRequest.decisions.length} decisions`,
        advances.length !== 1 && `the stage advanced ${advances.length} times`,
      ].filter(Boolean);
      if (problems.length) failures.push(`round ${round}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);

    // And the next stage still takes exactly one more decision to approve.
    const { postId, requestId } = posts[0];
    const last = approvers[APPROVERS - 1];
    expect(await decide(last, requestId)).toMatchObject({ data: { decideApproval: { request: { status: 'APPROVED', currentStage: 1 } } } });
    expect(await readPost(postId)).toMatchObject({ status: 'APPROVED', approvalRequest: { status: 'APPROVED' } });
  }, 180_000);
});
