import { SocialNetwork } from '../../libs/core';
import { ModerationRequest, PublishRequest, ReplyRequest } from './network-connector';
import { SandboxConnector } from './sandbox-connector';

describe('sandbox connector', () => {
  const profile = { id: 'profile-1', network: SocialNetwork.X, handle: 'snickers' };
  const post: PublishRequest = { organizationId: 'org-1', postId: 'post-1', revision: 1, profile, title: null, body: 'Hello', format: 'TEXT' };
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

  it('sends a reply once per idempotency key: a repeat returns the first id and records nothing', async () => {
    const sandbox = new SandboxConnector();
    const first = await sandbox.reply(reply('reply-1'));
    expect(await sandbox.reply(reply('reply-1', 'Thanks! (retried)'))).toEqual(first);
    const second = await sandbox.reply(reply('reply-2'));
    expect(second.externalId).not.toBe(first.externalId);
    expect(sandbox.replies.map((r) => [r.replyId, r.body, r.externalId])).toEqual([
      ['reply-1', 'Thanks!', first.externalId],
      ['reply-2', 'Thanks!', second.externalId],
    ]);
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

  it('afterSending: the network takes the reply but the answer is lost; the retry with the same key sends nothing twice', async () => {
    const sandbox = new SandboxConnector();
    sandbox.failNext(1, { kind: 'reply', afterSending: true });
    await expect(sandbox.reply(reply('reply-1'))).rejects.toThrow('the answer was lost');
    expect(sandbox.replies).toHaveLength(1);
    const retried = await sandbox.reply(reply('reply-1'));
    expect(retried.externalId).toBe(sandbox.replies[0].externalId);
    expect(sandbox.replies).toHaveLength(1);
  });
});
