import { PreparedReads } from './prepared-reads';

describe('PreparedReads', () => {
  const sql = 'SELECT id FROM brands WHERE organization_id = $1 AND id = ANY($2::uuid[])';
  const parameters = ['00000000-0000-0000-0000-000000000001', ['00000000-0000-0000-0000-000000000002']];

  it('prepares a read once per session, then runs it with EXECUTE', () => {
    const reads = new PreparedReads();
    const session = {};
    const first = reads.statementsFor(session, sql, parameters, new Set());
    expect(first.prepare).toMatch(/^PREPARE parasol_[0-9a-f]{24} AS SELECT/);
    expect(first.run).toMatch(/^EXECUTE parasol_[0-9a-f]{24}\(/);
    reads.prepared(session, [first.prepare!.split(' ')[1]]);
    expect(reads.statementsFor(session, sql, parameters, new Set()).prepare).toBeNull();
  });

  it('behind a transaction pooler (disabled): never PREPARE, the read goes with literals', () => {
    const reads = new PreparedReads(false);
    const session = {};
    for (let i = 0; i < 3; i++) {
      const statements = reads.statementsFor(session, sql, parameters, new Set());
      expect(statements.prepare).toBeNull();
      expect(statements.run).toBe(
        "SELECT id FROM brands WHERE organization_id = '00000000-0000-0000-0000-000000000001' AND id = ANY('{\"00000000-0000-0000-0000-000000000002\"}'::uuid[])",
      );
    }
    expect(reads.isFull(session)).toBe(false);
  });
});
