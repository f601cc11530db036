import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { E2E_TIMEOUT_MS } from './timeouts';

const ROOT = join(__dirname, '..', '..');
const SUITES = join(ROOT, 'test');
const HOOKS = new Set(['beforeAll', 'afterAll', 'beforeEach', 'afterEach']);
const TESTS = new Set(['it', 'test']);

/** The name a call is made by: `it`, `it.each(...)`, `jest.setTimeout`, ... as `it`, `it`, `jest.setTimeout`. */
function calleeName(call: ts.CallExpression): string | null {
  let callee: ts.Expression = call.expression;
  // it.each(table)(name, fn, timeout): the callee is itself a call.
  if (ts.isCallExpression(callee)) callee = callee.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) {
    const target = callee.expression;
    if (ts.isIdentifier(target) && target.text === 'jest') return `jest.${callee.name.text}`;
    // it.each / it.only / describe.each ...: named by what they are a form of.
    if (ts.isIdentifier(target)) return target.text;
  }
  return null;
}

const numberOf = (node: ts.Expression | undefined): number | null =>
  node && ts.isNumericLiteral(node) ? Number(node.text.replace(/_/g, '')) : null;

/** What in `file` would let a loaded machine fail a test that is only slow. */
function timeoutProblems(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  const where = (node: ts.Node) => `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const tooShort = (node: ts.Expression | undefined, what: string) => {
    const ms = numberOf(node);
    if (ms !== null && ms < E2E_TIMEOUT_MS) problems.push(`${where(node!)} ${what} has a timeout of ${ms} ms, under ${E2E_TIMEOUT_MS}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name && HOOKS.has(name) && ts.isIdentifier(node.expression)) {
        if (node.arguments.length < 2) problems.push(`${where(node)} ${name} gives no timeout`);
        else tooShort(node.arguments[1], name);
      } else if (name && TESTS.has(name)) {
        tooShort(node.arguments[2], name);
      } else if (name === 'jest.setTimeout') {
        tooShort(node.arguments[0], name);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/**
 * The e2e suites boot the service on a real database; on a loaded machine that takes tens of
 * seconds. No test or hook may fail for being slow: every hook says how long it may take, and
 * no timeout is shorter than the e2e default (test/support/timeouts.ts).
 */
describe('timeouts of the e2e suites', () => {
  const suites = readdirSync(SUITES).filter((name) => name.endsWith('.e2e-spec.ts')).map((name) => join(SUITES, name));

  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThan(10);
  });

  it('gives every e2e test and hook without a timeout of its own the e2e default, not jest\'s 5 s', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(ROOT, 'jest.config.js')) as { projects: { displayName: string; setupFilesAfterEnv?: string[] }[] };
    const e2e = config.projects.find((p) => p.displayName === 'e2e');
    expect(e2e?.setupFilesAfterEnv).toContain('<rootDir>/test/support/e2e-setup.ts');
    expect(readFileSync(join(__dirname, 'e2e-setup.ts'), 'utf8')).toMatch(/jest\.setTimeout\(E2E_TIMEOUT_MS\)/);
  });

  // Loading the TypeScript compiler takes seconds on a busy machine.
  it('has every hook give a timeout, and no timeout under the e2e default', () => {
    expect(suites.flatMap(timeoutProblems)).toEqual([]);
  }, 60_000);
});
