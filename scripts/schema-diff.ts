import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/**
 * Schema evolution check (CI, after the schema.gql check): compares the committed schema.gql
 * with the previous commit's (the first parent: on main after a merge, the whole branch) and
 * fails on a breaking change that CHANGELOG.md's Unreleased section does not list.
 *
 * The rule a breaking change must meet: an entry (a list item, with its wrapped lines) of the
 * Unreleased section names its schema path in backticks, as graphql-inspector gives it
 * (`ApprovalRequest.postId` for a field, `Query.user.id` for an argument, `PostStatus.DRAFT`
 * for an enum value, `Brand` for a type), and says `Migration:` in that same entry (what a
 * client changes). A removal is better made a
 * deprecation (`@deprecated(reason)`), which is not breaking.
 */

export interface BreakingChange {
  path: string;
  message: string;
}

/** The breaking changes from one schema (SDL) to the next, by graphql-inspector's criticality. */
export async function breakingChanges(oldSdl: string, newSdl: string): Promise<BreakingChange[]> {
  const changes: Change[] = await diff(buildSchema(oldSdl), buildSchema(newSdl));
  return changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    // A change without a path (the schema's root types swapped) is named by its message.
    .map((change) => ({ path: change.path ?? change.message, message: change.message }));
}

/** The text of the changelog's `## [Unreleased]` (or `## Unreleased`) section, up to the next `## `; '' without one. */
export function unreleasedSection(changelog: string): string {
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex((line) => /^##\s+\[?unreleased\]?\s*$/i.test(line.trim()));
  if (start < 0) return '';
  const end = lines.findIndex((line, i) => i > start && /^##\s/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The section's entries: each list item with its wrapped lines (a heading or blank line ends one). */
export function changelogEntries(section: string): string[] {
  const entries: string[] = [];
  let current: string | null = null;
  for (const line of section.split('\n')) {
    if (/^\s*[-*+]\s/.test(line)) {
      if (current !== null) entries.push(current);
      current = line.trim();
    } else if (current !== null && line.trim() && !/^#/.test(line.trim())) {
      current += ` ${line.trim()}`;
    } else {
      if (current !== null) entries.push(current);
      current = null;
    }
  }
  if (current !== null) entries.push(current);
  return entries;
}

/** The breaking changes the changelog's Unreleased section does not list with a migration note. */
export function unlisted(changes: readonly BreakingChange[], changelog: string): BreakingChange[] {
  const entries = changelogEntries(unreleasedSection(changelog));
  return changes.filter(({ path }) => !entries.some((entry) => entry.includes(`\`${path}\``) && /migration:/i.test(entry)));
}

/** The result of a check, as CI prints it. */
export interface SchemaDiffReport {
  ok: boolean;
  lines: string[];
}

/** Checks the schema against a baseline: every breaking change must be in the changelog. */
export async function checkSchemaEvolution(oldSdl: string, newSdl: string, changelog: string): Promise<SchemaDiffReport> {
  const breaking = await breakingChanges(oldSdl, newSdl);
  const missing = unlisted(breaking, changelog);
  if (!breaking.length) return { ok: true, lines: ['No breaking schema change.'] };
  const lines = breaking.map((c) => `${missing.includes(c) ? 'NOT IN CHANGELOG' : 'listed'}  \`${c.path}\`: ${c.message}`);
  if (!missing.length) return { ok: true, lines: [`${breaking.length} breaking schema change(s), all listed in CHANGELOG.md:`, ...lines] };
  return {
    ok: false,
    lines: [
      `${missing.length} breaking schema change(s) not listed in CHANGELOG.md's Unreleased section:`,
      ...lines,
      'Deprecate instead (@deprecated(reason) keeps the field working), or list each one under "## [Unreleased]" as an entry ' +
        'with its path in backticks and a migration note, e.g.: - `ApprovalRequest.postId` is nullable. Migration: read subjectType first.',
    ],
  };
}

const git = (args: string[], cwd: string): string | null => {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return null;
  }
};

/** `node dist/scripts/schema-diff.js [--base <rev>]`: the base is HEAD~1 unless given (or SCHEMA_DIFF_BASE). */
async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const argBase = process.argv.indexOf('--base');
  const base = (argBase > 0 ? process.argv[argBase + 1] : undefined) ?? process.env.SCHEMA_DIFF_BASE ?? 'HEAD~1';
  if (git(['rev-parse', '--verify', '--quiet', `${base}^{commit}`], root) === null) {
    const shallow = git(['rev-parse', '--is-shallow-repository'], root)?.trim() === 'true';
    console.log(`Schema diff skipped: no commit ${base} to compare with (${shallow ? 'a shallow clone: fetch more history' : 'the first commit, or not a git checkout'}).`);
    return;
  }
  const oldSdl = git(['show', `${base}:schema.gql`], root);
  if (oldSdl === null) {
    console.log(`Schema diff skipped: ${base} has no schema.gql.`);
    return;
  }
  const newSdl = readFileSync(join(root, 'schema.gql'), 'utf8');
  const changelog = (() => {
    try {
      return readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    } catch {
      return '';
    }
  })();
  const report = await checkSchemaEvolution(oldSdl, newSdl, changelog);
  console.log(`Schema diff against ${base}:`);
  for (const line of report.lines) (report.ok ? console.log : console.error)(`  ${line}`);
  if (!report.ok) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
