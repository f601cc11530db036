import { BOOT_TIMEOUT_MS, TestApp } from './support';

// The demo's Snickers inbox is what the README promises a newcomer: a question routed to the
// agent, an overdue complaint, a spam comment the umbrella's rule hid, a thanked fan, an answer.
const INBOX = `query ($brandId: ID!) { inbox(filter: { brandId: $brandId }, first: 20) { totalCount edges { node {
  networkId status about slaState assignee { email } thankedAt firstResponseAt moderation { ruleName brandId } } } } }`;

describe('the demo organization\'s inbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  it('shows the Snickers agent their brand\'s inbox as the README tells it', async () => {
    const token = await t.login('agent@snickers.example', 'parasol-demo');
    const { brands } = await t.ok(`{ brands(first: 20) { edges { node { id name } } } }`, {}, token);
    const snickers = brands.edges.map((e: { node: { id: string; name: string } }) => e.node).find((b: { name: string }) => b.name === 'Snickers');
    const { inbox } = await t.ok(INBOX, { brandId: snickers.id }, token);
    const byId = Object.fromEntries(inbox.edges.map((e: { node: { networkId: string } }) => [e.node.networkId, e.node]));
    expect(inbox.totalCount).toBe(5);
    expect(byId['demo-question']).toMatchObject({ status: 'ASSIGNED', about: 'QUESTION', slaState: 'ON_TIME', assignee: { email: 'agent@snickers.example' } });
    expect(byId['demo-complaint']).toMatchObject({ status: 'OPEN', about: 'COMPLAINT', slaState: 'OVERDUE' });
    expect(byId['demo-spam']).toMatchObject({ status: 'HIDDEN', moderation: [expect.objectContaining({ ruleName: 'Spam with links' })] });
    expect(byId['demo-fan']).toMatchObject({ about: 'PRAISE', slaState: 'ON_TIME' });
    expect(byId['demo-fan'].thankedAt).not.toBeNull();
    expect(byId['demo-answered']).toMatchObject({ status: 'WAITING', slaState: 'MET' });
  });
});
