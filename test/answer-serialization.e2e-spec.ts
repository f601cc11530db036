import request from 'supertest';
import { TestApp, TestOrganization } from '../libs/testing';

/**
 * Answers made of GraphQL's own scalars are written by a serializer compiled for their
 * operation (libs/core/compiled-execution.ts); the text must be exactly what JSON.stringify
 * writes, whatever the strings hold.
 */
describe('answer serialization', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Serialization');
  });
  afterAll(() => t.close());

  const raw = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${org.adminToken}`).send({ query, variables });
    return res.text;
  };

  const NAMES = ['Quote " and backslash \\', 'Tab\tnew\nline \u0001 control', 'Ünïcödé — emoji 🍫 and \u2028 separator', '</script><b>html</b>'];

  it('writes the same text as JSON.stringify for strings with quotes, controls, non-ASCII and separators', async () => {
    for (const name of NAMES) {
      await t.ok(`mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`, { input: { name, description: name } }, org.adminToken);
    }
    // Only GraphQL's own scalars: the compiled serializer writes it.
    const text = await raw(`{ brands(first: 20) { totalCount edges { cursor node { id name description slug depth path goals } } } }`);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(JSON.parse(text).data.brands.edges.map((e: { node: { name: string } }) => e.node.name).sort()).toEqual([...NAMES].sort());
    // A custom scalar (DateTime): JSON.stringify writes it, the same way.
    const withDates = await raw(`{ brands(first: 20) { edges { node { name createdAt } } } }`);
    expect(withDates).toBe(JSON.stringify(JSON.parse(withDates)));
  });

  it('writes an answer with errors the usual way', async () => {
    const text = await raw(`{ viewer { id } brand(id: "00000000-0000-0000-0000-000000000000") { id name } }`);
    const body = JSON.parse(text);
    expect(text).toBe(JSON.stringify(body));
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
    // brand(id) is non-null: its error takes the whole data with it.
    expect(body.data).toBeNull();
  });
});
