import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { breakingChanges, changelogEntries, checkSchemaEvolution, unreleasedSection } from '../scripts/schema-diff';

// The schema evolution check of CI (scripts/schema-diff.ts) on small schemas: a breaking change
// fails unless CHANGELOG.md's Unreleased section lists it with a migration note.

const BEFORE = `
  type Query {
    post(id: ID!): Post
    posts(first: Int): [Post!]!
  }
  type Post {
    id: ID!
    title: String
    postId: ID!
  }
  enum PostStatus { DRAFT PUBLISHED }
  type Mutation { publish(status: PostStatus): Post }
`;

const changelog = (unreleased: string, released = '') =>
  `# Changelog\n\nThe policy.\n\n## [Unreleased]\n\n### Changed (breaking)\n\n${unreleased}\n\n## [1.0.0] - 2026-11-26\n\n${released}\n`;

describe('schema evolution check', () => {
  const removed = BEFORE.replace('    title: String\n', '');

  it('fails on a removed field that the changelog does not list, naming its path', async () => {
    const report = await checkSchemaEvolution(BEFORE, removed, changelog('- Nothing here.'));
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toContain("NOT IN CHANGELOG  `Post.title`: Field 'title' was removed from object type 'Post'");
  });

  it('passes once the Unreleased section lists the removal with a migration note, wrapped over lines', async () => {
    const entry = '- `Post.title` is removed.\n  Migration: read the first line of `body`.';
    await expect(checkSchemaEvolution(BEFORE, removed, changelog(entry))).resolves.toMatchObject({ ok: true });
  });

  it('still fails when the entry has no migration note, or sits under a released version', async () => {
    await expect(checkSchemaEvolution(BEFORE, removed, changelog('- `Post.title` is removed.'))).resolves.toMatchObject({ ok: false });
    const released = '- `Post.title` is removed. Migration: none.';
    await expect(checkSchemaEvolution(BEFORE, removed, changelog('- Other things.', released))).resolves.toMatchObject({ ok: false });
  });

  it('takes a nullable argument made non-null, and an output made nullable, as breaking', async () => {
    const after = BEFORE.replace('posts(first: Int)', 'posts(first: Int!)').replace('postId: ID!', 'postId: ID');
    expect((await breakingChanges(BEFORE, after)).map((c) => c.path).sort()).toEqual(['Post.postId', 'Query.posts.first']);
    const listed = changelog('- `Query.posts.first` is required. Migration: pass `first`.\n- `Post.postId` is nullable. Migration: check for null.');
    await expect(checkSchemaEvolution(BEFORE, after, listed)).resolves.toMatchObject({ ok: true });
    await expect(checkSchemaEvolution(BEFORE, after, listed.replace(/- `Post\.postId`.*/, ''))).resolves.toMatchObject({ ok: false });
  });

  it('lets a deprecation, an added field and an added enum value through without an entry', async () => {
    const after = BEFORE.replace('title: String', 'title: String @deprecated(reason: "Use body.")\n    body: String').replace('DRAFT PUBLISHED', 'DRAFT PUBLISHED ARCHIVED');
    await expect(checkSchemaEvolution(BEFORE, after, '')).resolves.toEqual({ ok: true, lines: ['No breaking schema change.'] });
  });

  it('fails on a removed enum value and on a new required input', async () => {
    const after = BEFORE.replace('DRAFT PUBLISHED', 'DRAFT').replace('publish(status: PostStatus)', 'publish(status: PostStatus, id: ID!)');
    expect((await breakingChanges(BEFORE, after)).map((c) => c.path).sort()).toEqual(['Mutation.publish.id', 'PostStatus.PUBLISHED']);
  });
});

describe('CHANGELOG.md', () => {
  const text = readFileSync(join(__dirname, '..', 'CHANGELOG.md'), 'utf8');

  it('has an Unreleased section, whose entries carry the recent breaking changes with their migration notes', () => {
    const entries = changelogEntries(unreleasedSection(text));
    for (const path of ['ApprovalRequest.postId', 'QueueChange.postId']) {
      expect(entries.filter((e) => e.includes(`\`${path}\``) && e.includes('Migration:'))).toHaveLength(1);
    }
  });

  it('reads a section up to the next version heading only', () => {
    expect(unreleasedSection('# C\n## Unreleased\n- a\n## [1.0.0]\n- b\n')).toBe('- a');
    expect(unreleasedSection('# C\n## [1.0.0]\n- b\n')).toBe('');
  });
});
