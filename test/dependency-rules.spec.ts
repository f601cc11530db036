import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// The import rules of .dependency-cruiser.cjs (npm run lint:deps): they pass on the real tree
// and fail on planted bad imports, written to a scratch directory that is removed afterwards.
const ROOT = resolve(__dirname, '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
// Spawning dependency-cruiser over the whole tree takes seconds, more on a loaded machine.
const SLOW = 180_000;

function cruise(cwd: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(DEPCRUISE, ['--config', CONFIG, 'src', 'libs'], { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022' } }));
  // The command cruises src and libs: both must exist.
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'libs'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function cruisePlanted(files: Record<string, string>): { ok: boolean; output: string } {
  const dir = plant(files);
  try {
    return cruise(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('dependency rules', () => {
  it('pass on the tree as it is', () => {
    const result = cruise(ROOT);
    expect(result.output).toContain('no dependency violations found');
    expect(result.ok).toBe(true);
  }, SLOW);

  it('refuse a lib importing the app', () => {
    const result = cruisePlanted({
      'libs/core/planted.ts': "import { x } from '../../src/posts/target';\nexport const y = x;\n",
      'src/posts/target.ts': 'export const x = 1;\n',
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('libs-not-to-app');
  }, SLOW);

  it('refuse a feature importing one above it', () => {
    const result = cruisePlanted({
      'src/audit/planted.ts': "import { x } from '../posts/target';\nexport const y = x;\n",
      'src/posts/target.ts': 'export const x = 1;\n',
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('layers-src-audit');
  }, SLOW);

  it("refuse a feature importing another's internals instead of its index", () => {
    const result = cruisePlanted({
      'src/posts/planted.ts': "import { x } from '../audit/target';\nexport const y = x;\n",
      'src/audit/target.ts': 'export const x = 1;\n',
      'src/audit/index.ts': "export { x } from './target';\n",
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('features-through-index');
    const through = cruisePlanted({
      'src/posts/planted.ts': "import { x } from '../audit';\nexport const y = x;\n",
      'src/audit/target.ts': 'export const x = 1;\n',
      'src/audit/index.ts': "export { x } from './target';\n",
    });
    expect(through.output).toContain('no dependency violations found');
  }, SLOW);

  it('refuse a circle', () => {
    const result = cruisePlanted({
      'src/posts/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/posts/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('no-circular');
  }, SLOW);
});
