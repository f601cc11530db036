import { EVENT_CATALOGUE } from './events';

describe('the event catalogue', () => {
  // Webhook consumers and the change feed's readers match on these strings: renaming one is a
  // breaking change, never a refactoring. This list is the contract; it changes only on purpose.
  it('holds every event type, byte for byte, with its entity type', () => {
    expect(EVENT_CATALOGUE.filter((e) => e.audited).map((e) => `${e.type} ${e.entityType}`).sort()).toEqual([
      'api_key.created ApiKey',
      'api_key.revoked ApiKey',
      'approval.approve ApprovalRequest',
      'approval.reject ApprovalRequest',
      'approval.request_changes ApprovalRequest',
      'approval_workflow.created ApprovalWorkflow',
      'brand.archived Brand',
      'brand.created Brand',
      'brand.moved Brand',
      'brand.updated Brand',
      'contact.created Contact',
      'external_ref.created ExternalRef',
      'inbox.item.about_changed InboxItem',
      'inbox.item.assigned InboxItem',
      'inbox.item.claimed InboxItem',
      'inbox.item.closed InboxItem',
      'inbox.item.hidden InboxItem',
      'inbox.item.labeled InboxItem',
      'inbox.item.noted InboxItem',
      'inbox.item.priority_changed InboxItem',
      'inbox.item.promoted InboxItem',
      'inbox.item.received InboxItem',
      'inbox.item.reopened InboxItem',
      'inbox.item.replied InboxItem',
      'inbox.item.reply_failed InboxItem',
      'inbox.item.reply_pending InboxItem',
      'inbox.item.reply_rejected InboxItem',
      'inbox.item.sla_breached InboxItem',
      'inbox.item.spam InboxItem',
      'inbox.item.thanked InboxItem',
      'inbox.item.unhidden InboxItem',
      'moderation_rule.removed ModerationRule',
      'moderation_rule.set ModerationRule',
      'policy.removed Policy',
      'policy.set Policy',
      'post.archived Post',
      'post.created Post',
      'post.publish_failed Post',
      'post.published Post',
      'post.scheduled Post',
      'post.submitted Post',
      'post.updated Post',
      'profile.archived SocialProfile',
      'profile.created SocialProfile',
      'profile.drafted SocialProfile',
      'profile.launched SocialProfile',
      'profile.paused SocialProfile',
      'profile.updated SocialProfile',
      'role.created Role',
      'role.deleted Role',
      'role.updated Role',
      'role_assignment.created RoleAssignment',
      'role_assignment.revoked RoleAssignment',
      'saved_reply.removed SavedReply',
      'saved_reply.set SavedReply',
      'user.created User',
      'user.deactivated User',
      'user.logged_out User',
      'user.reactivated User',
      'user.updated User',
      'webhook_delivery.redelivered WebhookDelivery',
      'webhook_endpoint.created WebhookEndpoint',
      'webhook_endpoint.deleted WebhookEndpoint',
      'webhook_endpoint.disabled WebhookEndpoint',
      'webhook_endpoint.enabled WebhookEndpoint',
      'webhook_endpoint.secret_rotated WebhookEndpoint',
      'webhook_endpoint.updated WebhookEndpoint',
    ]);
  });

  it('keeps in-process events out of the audit log and webhooks', () => {
    expect(EVENT_CATALOGUE.filter((e) => !e.audited)).toEqual([
      { type: 'approval_queue.changed', entityType: 'ApprovalRequest', audited: false, description: 'An approval request was changed.' },
    ]);
  });

  // The webhook catalogue (webhookEventTypes) shows these to integrators: each is a sentence.
  it('describes every event type in a sentence', () => {
    for (const { type, description } of EVENT_CATALOGUE) expect([type, description]).toEqual([type, expect.stringMatching(/^An? [^.]+[.?]?.*\.$/)]);
    const described = Object.fromEntries(EVENT_CATALOGUE.map((e) => [e.type, e.description]));
    expect(described['post.publish_failed']).toBe('A post failed to publish.');
    expect(described['api_key.revoked']).toBe('An API key was revoked.');
    expect(described['user.created']).toBe('A user was created.');
    expect(described['webhook_endpoint.secret_rotated']).toMatch(/^A webhook endpoint's signing secret was rotated/);
    expect(described['profile.launched']).toMatch(/status became LIVE/);
  });
});
