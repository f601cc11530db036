import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocialNetwork } from '../../libs/core';
import { ModerationRequest, PublishRequest, ReplyRequest } from './network-connector';
import { SandboxConnector } from './sandbox-connector';

describe('sandbox connector', () => {
  const profile = { id: 'profile-1', network: SocialNetwork.X, handle: 'snickers' };
  const post: PublishRequest = {
    organizationId: 'org-1', postId: 'post-1', revision: 1, profile, title: null, body: 'Hello', format: 'TEXT', idempotencyKey: 'post-key-1',
  };
  const reply = (replyId: string, body = 'Thanks!'): ReplyRequest => ({
    organizationId: 'org-1', itemId: 'item-1', replyId, profile, inReplyToNetworkId: 'x-123', body, idempotencyKey: replyId,
  });
  const hide: ModerationRequest = { organizationId: 'org-1', profile, networkId: 'x-123', action: 'HIDE' };

  it('records each call in its own list', async () => {
    const sandbox = new SandboxConnector();
    const published = await sandbox.publish(post);
    const replied = await sandbox.reply(reply('reply-1'));
    await sandbox.moderate(hide);
    await sandbox.moderate({ ...hide, action: 'UNHIDE' });
    await sandbox.moderate({ ...hide, action: 'SPAM' });
    expect(sandbox.sent).toEqual([{ ...post, externalId: published.externalId, at: expect.any(Date) }]);
    expect(sandbox.replies).toEqual([{ ...reply('reply-1'), externalId: replied.externalId, at: expect.any(Date) }]);
    expect(sandbox.moderations.map((m) => m.action)).toEqual(['HIDE', 'UNHIDE', 'SPAM']);
    expect(sandbox.moderations[0]).toEqual({ ...hide, at: expect.any(Date) });
    expect(replied.externalId).not.toBe(published.externalId);
  });

  it('deduplicates nothing: a repeat with the same key is recorded again (so a double send by Parasol shows)', async () => {
    const sandbox = new SandboxConnector();
    const first = await sandbox.reply(reply('reply-1'));
    const again = await sandbox.reply(reply('reply-1', 'Thanks! (retried)'));
    expect(again.externalId).not.toBe(first.externalId);
    await sandbox.publish(post);
    await sandbox.publish(post);
    expect(sandbox.replies.map((r) => [r.replyId, r.body])).toEqual([['reply-1', 'Thanks!'], ['reply-1', 'Thanks! (retried)']]);
    expect(sandbox.sent).toHaveLength(2);
  });

  it('lookup answers the first accepted call with the key, per kind, and null for a key it never took', async () => {
    const sandbox = new SandboxConnector();
    const published = await sandbox.publish(post);
    const replied = await sandbox.reply(reply('reply-1'));
    const ask = (kind: 'publish' | 'reply', idempotencyKey: string) => sandbox.lookup({ organizationId: 'org-1', kind, profile, idempotencyKey });
    expect(await ask('publish', 'post-key-1')).toEqual({ externalId: published.externalId });
    expect(await ask('reply', 'reply-1')).toEqual({ externalId: replied.externalId });
    expect(await ask('reply', 'post-key-1')).toBeNull();
    expect(await ask('publish', 'post-key-2')).toBeNull();
    expect(sandbox.lookups).toHaveLength(4);
  });

  it('with a ledger file, every accepted call is a JSONL line that another process\'s sandbox finds by key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parasol-ledger-'));
    try {
      const path = join(dir, 'ledger.jsonl');
      const one = new SandboxConnector({ sandboxLedger: path });
      const other = new SandboxConnector({ sandboxLedger: path });
      sandboxFails(one);
      await expect(one.publish(post)).rejects.toThrow('simulated outage');
      const published = await one.publish(post);
      const replied = await other.reply(reply('reply-1'));
      await other.publish(post);
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines).toEqual([
        { kind: 'publish', key: 'post-key-1', postId: 'post-1', profileId: 'profile-1', revision: 1, replyId: null, pid: process.pid, externalId: published.externalId },
        { kind: 'reply', key: 'reply-1', postId: null, profileId: 'profile-1', revision: null, replyId: 'reply-1', pid: process.pid, externalId: replied.externalId },
        { kind: 'publish', key: 'post-key-1', postId: 'post-1', profileId: 'profile-1', revision: 1, replyId: null, pid: process.pid, externalId: expect.any(String) },
      ]);
      expect(await other.lookup({ organizationId: 'org-1', kind: 'publish', profile, idempotencyKey: 'post-key-1' })).toEqual({ externalId: published.externalId });
      expect(await one.lookup({ organizationId: 'org-1', kind: 'reply', profile, idempotencyKey: 'reply-1' })).toEqual({ externalId: replied.externalId });
      expect(await new SandboxConnector({ sandboxLedger: join(dir, 'none.jsonl') }).lookup({ organizationId: 'org-1', kind: 'reply', profile, idempotencyKey: 'reply-1' })).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('failNext(n) fails the next n calls of any kind, doing nothing, then works again', async () => {
    const sandbox = new SandboxConnector();
    sandbox.failNext(3);
    await expect(sandbox.publish(post)).rejects.toThrow('sandbox: X refused the post (simulated outage)');
    await expect(sandbox.reply(reply('reply-1'))).rejects.toThrow('simulated outage');
    await expect(sandbox.moderate(hide)).rejects.toThrow('simulated outage');
    expect([sandbox.sent, sandbox.replies, sandbox.moderations]).toEqual([[], [], []]);
    await sandbox.publish(post);
    await sandbox.reply(reply('reply-1'));
    await sandbox.moderate(hide);
    expect([sandbox.sent.length, sandbox.replies.length, sandbox.moderations.length]).toEqual([1, 1, 1]);
  });

  it('failNext(n, { kind }) fails only that kind of call; a new failNext replaces the last', async () => {
    const sandbox = new SandboxConnector();
    sandbox.failNext(1, { kind: 'moderate' });
    await sandbox.publish(post);
    await sandbox.reply(reply('reply-1'));
    await expect(sandbox.moderate(hide)).rejects.toThrow('refused HIDE of x-123');
    await sandbox.moderate(hide);
    sandbox.failNext(5, { kind: 'reply' });
    sandbox.failNext(0);
    await sandbox.reply(reply('reply-2'));
    expect([sandbox.sent.length, sandbox.replies.length, sandbox.moderations.length]).toEqual([1, 2, 1]);
  });

  it('afterSending: the network takes the call but the answer is lost; lookup finds it by key', async () => {
    const sandbox = new SandboxConnector();
    sandbox.failNext(1, { kind: 'reply', afterSending: true });
    await expect(sandbox.reply(reply('reply-1'))).rejects.toThrow('the answer was lost');
    expect(sandbox.replies).toHaveLength(1);
    expect(await sandbox.lookup({ organizationId: 'org-1', kind: 'reply', profile, idempotencyKey: 'reply-1' })).toEqual({ externalId: sandbox.replies[0].externalId });
  });
});

/** The next publish of `sandbox` fails before doing anything. */
function sandboxFails(sandbox: SandboxConnector): void {
  sandbox.failNext(1, { kind: 'publish' });
}
