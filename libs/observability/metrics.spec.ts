import { MAX_OPERATION_NAMES, Metrics } from './metrics';

describe('Metrics.operationLabel', () => {
  it('keeps plain operation names, and names the nameless and the unparsed', () => {
    const metrics = new Metrics();
    expect(metrics.operationLabel('BrandConsole', true)).toBe('BrandConsole');
    expect(metrics.operationLabel(null, true)).toBe('anonymous');
    expect(metrics.operationLabel('Whatever', false)).toBe('unknown');
    expect(metrics.operationLabel('not a name{}', true)).toBe('other');
  });

  it(`stops at ${MAX_OPERATION_NAMES} distinct names: later ones count as "other", known ones keep their label`, () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(metrics.operationLabel(`Op${i}`, true)).toBe(`Op${i}`);
    expect(metrics.operationLabel('OneTooMany', true)).toBe('other');
    expect(metrics.operationLabel('Op7', true)).toBe('Op7');
  });
});
