import { encodeCursor } from './cursor';
import { ErrorCode, ParasolError } from './errors';
import { listConnection } from './list-page';

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
const ids = (c: { edges: { node: { id: string } }[] }) => c.edges.map((e) => e.node.id);

describe('listConnection', () => {
  it('pages a list in its order, with its total and both flags', () => {
    const first = listConnection(items, { first: 2 }, (i) => i.id);
    expect(ids(first)).toEqual(['a', 'b']);
    expect(first.totalCount).toBe(5);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = listConnection(items, { first: 2, after: first.pageInfo.endCursor }, (i) => i.id);
    expect(ids(second)).toEqual(['c', 'd']);
    const last = listConnection(items, { first: 2, after: second.pageInfo.endCursor }, (i) => i.id);
    expect(ids(last)).toEqual(['e']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('goes on after the named item when items were added before it', () => {
    const after = encodeCursor(['b']);
    expect(ids(listConnection([{ id: 'new' }, ...items], { first: 2, after }, (i) => i.id))).toEqual(['c', 'd']);
  });

  it('refuses a cursor naming an item no longer in the list, or no cursor at all, as bad input on `after`', () => {
    for (const after of [encodeCursor(['gone']), '%%%']) {
      let error: unknown;
      try {
        listConnection(items, { first: 2, after }, (i) => i.id);
      } catch (e) {
        error = e;
      }
      expect((error as ParasolError).code).toBe(ErrorCode.BAD_USER_INPUT);
    }
  });

  it('answers an empty list with no edges and no cursors', () => {
    const page = listConnection([], { first: 2 }, (i: { id: string }) => i.id);
    expect(page).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
  });
});
