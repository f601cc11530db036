import { graphqlOperations, placeholders, substitute } from './readme-examples';

describe('README example extraction', () => {
  const text = 'x\n```graphql\nmutation { a(id: "<Dove\'s id>") { id } }\nmutation { b(id: "<Mars\' id>") { id } }\n```\n```bash\nls\n```\n```graphql\n{ c }\n```\n';

  it('splits blocks into single operations and finds their placeholders', () => {
    const ops = graphqlOperations(text);
    expect(ops).toEqual(['mutation { a(id: "<Dove\'s id>") { id } }', 'mutation { b(id: "<Mars\' id>") { id } }', '{ c }']);
    expect(placeholders(ops[0])).toEqual(['Dove']);
    expect(placeholders(ops[1])).toEqual(['Mars']);
  });

  it('substitutes known ids and refuses unknown placeholders', () => {
    expect(substitute('{ a(id: "<Dove\'s id>") }', { Dove: 'd1' })).toBe('{ a(id: "d1") }');
    expect(() => substitute('{ a(id: "<Dove\'s id>") }', {})).toThrow(/Dove/);
  });
});
