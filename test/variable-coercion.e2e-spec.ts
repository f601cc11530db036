import request from 'supertest';
import { builders, errorCodes, GraphQLResponse, TestApp, TestOrganization } from './support';

const WORKFLOW_FIELDS = 'name stages { name quorum approverRoles slaHours }';
const CREATE_WORKFLOW = `mutation ($input: CreateApprovalWorkflowInput!) { createApprovalWorkflow(input: $input) { ${WORKFLOW_FIELDS} } }`;
const CREATE_WORKFLOW_AS = `mutation ($workflow: CreateApprovalWorkflowInput!) { createApprovalWorkflow(input: $workflow) { ${WORKFLOW_FIELDS} } }`;
// The same input written in the document, with the quorum as a variable of its own.
const CREATE_WORKFLOW_LITERAL = `mutation ($name: String!, $quorum: Int) {
  createApprovalWorkflow(input: { name: $name, stages: [{ name: "Legal", approverRoles: ["APPROVER"], quorum: $quorum }] }) { ${WORKFLOW_FIELDS} }
}`;
const SET_POLICY = `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { type enabled enforcement locked config { bannedTerms { terms } } } }`;
const FIRST_BRANDS = `query ($first: Int! = 1) { brands(first: $first) { edges { node { id } } } }`;
const BRAND = `query ($id: ID!) { brand(id: $id) { id } }`;

/**
 * Variables are coerced as the GraphQL spec says ("Coercing Variable Values"), whatever runs the
 * operation (graphql-jit, see libs/core/variable-coercion.ts): an omitted input field takes its
 * default at any depth, a non-null one included (`quorum: Int! = 1`); a value that does not fit
 * is refused before anything runs, naming the variable the client sent and the path inside it.
 */
describe('variable coercion', () => {
  let t: TestApp;
  let org: TestOrganization;
  let brandId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Variables');
    const build = builders(t, org.adminToken);
    brandId = await build.brand('Coerced');
    await build.brand('Coerced Too');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const stage = (fields: Record<string, unknown> = {}) => ({ name: 'Legal', approverRoles: ['APPROVER'], ...fields });

  describe('defaults of omitted input fields', () => {
    it.each<[string, string, Record<string, unknown>, number[]]>([
      ['a stage without quorum, in a list: quorum 1', CREATE_WORKFLOW, { input: { name: 'Listed', stages: [stage(), stage({ quorum: 3 })] } }, [1, 3]],
      ['a single stage given for the list: quorum 1', CREATE_WORKFLOW, { input: { name: 'Single', stages: stage() } }, [1]],
      ['under another variable name: quorum 1', CREATE_WORKFLOW_AS, { workflow: { name: 'Renamed', stages: [stage()] } }, [1]],
      ['a literal whose quorum variable is not sent: quorum 1', CREATE_WORKFLOW_LITERAL, { name: 'Literal' }, [1]],
      ['a literal whose quorum variable is sent: its value', CREATE_WORKFLOW_LITERAL, { name: 'Literal sent', quorum: 2 }, [2]],
    ])('%s', async (_case, query, variables, quorums) => {
      const { createApprovalWorkflow } = await t.ok(query, variables, org.adminToken);
      expect(createApprovalWorkflow.stages.map((s: { quorum: number }) => s.quorum)).toEqual(quorums);
      expect(createApprovalWorkflow.stages[0]).toMatchObject({ name: 'Legal', approverRoles: ['APPROVER'], slaHours: null });
    });

    it('a policy input without enabled, enforcement and locked gets true, BLOCK and false', async () => {
      const { setPolicy } = await t.ok(SET_POLICY, { input: { brandId, type: 'BANNED_TERMS', config: { bannedTerms: { terms: ['cheap'] } } } }, org.adminToken);
      expect(setPolicy).toEqual({ type: 'BANNED_TERMS', enabled: true, enforcement: 'BLOCK', locked: false, config: { bannedTerms: { terms: ['cheap'] } } });
    });

    it('a non-null variable with a default takes it when not sent', async () => {
      expect((await t.ok(FIRST_BRANDS, {}, org.adminToken)).brands.edges).toHaveLength(1);
      expect((await t.ok(FIRST_BRANDS, { first: 2 }, org.adminToken)).brands.edges).toHaveLength(2);
    });
  });

  describe('values that do not fit', () => {
    const post = async (query: string, variables: Record<string, unknown>) => {
      const res = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${org.adminToken}`).send({ query, variables });
      return { status: res.status, body: res.body as GraphQLResponse };
    };

    // Each document first runs once with fitting variables: its cost estimate is then known,
    // so the refusal comes from execution's coercion, not from the cost check's.
    it.each<[string, string, Record<string, unknown>, Record<string, unknown>, string[]]>([
      [
        'a quorum that is not an Int',
        CREATE_WORKFLOW,
        { input: { name: 'A', stages: [stage()] } },
        { input: { name: 'A', stages: [stage({ quorum: 'many' })] } },
        ['Variable "$input" got invalid value "many" at "input.stages[0].quorum"', 'Int cannot represent non-integer value'],
      ],
      [
        'a null quorum (the default is for an omitted one)',
        CREATE_WORKFLOW,
        { input: { name: 'B', stages: [stage()] } },
        { input: { name: 'B', stages: [stage({ quorum: null })] } },
        ['Variable "$input" got invalid value null at "input.stages[0].quorum"', 'Expected non-nullable type "Int!" not to be null'],
      ],
      [
        'a field the input does not have',
        CREATE_WORKFLOW,
        { input: { name: 'C', stages: [stage()] } },
        { input: { name: 'C', stages: [stage({ bogus: 1 })] } },
        ['Variable "$input" got invalid value', 'at "input.stages[0]"', 'Field "bogus" is not defined by type "ApprovalStageInput"'],
      ],
      [
        'a stage without its name, sent as $workflow',
        CREATE_WORKFLOW_AS,
        { workflow: { name: 'D', stages: [stage()] } },
        { workflow: { name: 'D', stages: [{ approverRoles: ['APPROVER'] }] } },
        ['Variable "$workflow" got invalid value', 'at "workflow.stages[0]"', 'Field "name" of required type "String!" was not provided'],
      ],
      ['a quorum that is not an Int, in a literal', CREATE_WORKFLOW_LITERAL, { name: 'E' }, { name: 'F', quorum: 1.5 }, ['Variable "$quorum" got invalid value 1.5', 'Int cannot represent non-integer value']],
      ['an id that is not an ID', BRAND, { id: '00000000-0000-4000-8000-000000000000' }, { id: 1.5 }, ['Variable "$id" got invalid value 1.5', 'ID cannot represent value']],
      ['a null for a non-null variable with a default', FIRST_BRANDS, {}, { first: null }, ['Variable "$first" of non-null type "Int!" must not be null']],
    ])('%s: refused with HTTP 400, naming the variable and the path', async (_case, query, fitting, wrong, says) => {
      await post(query, fitting);
      let answer: Awaited<ReturnType<typeof post>> | undefined;
      const statements = await t.countStatements(async () => {
        answer = await post(query, wrong);
      });
      const { status, body } = answer!;
      expect({ status, codes: errorCodes(body), reasons: body.errors!.map((e) => e.extensions.reason), data: body.data, statements }).toEqual({
        status: 400,
        codes: ['BAD_USER_INPUT'],
        reasons: ['INVALID_VARIABLES'],
        data: undefined,
        statements: 0,
      });
      for (const words of says) expect(body.errors![0].message).toContain(words);
    });
  });
});
