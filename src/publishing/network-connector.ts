import { SocialNetwork } from '../../libs/core';

/** The profile a connector acts as. */
export interface ConnectorProfile {
  id: string;
  network: SocialNetwork;
  handle: string;
}

/** What a connector is asked to send to one profile. */
export interface PublishRequest {
  organizationId: string;
  postId: string;
  revision: number;
  profile: ConnectorProfile;
  title: string | null;
  body: string;
  format: string;
  /**
   * Stable for one post revision on one profile (publicationKey): the same on every attempt,
   * by any replica. A real connector hands it to the network's API as its idempotency key
   * (a header such as `Idempotency-Key`, or the API's client-side id field), so a repeat of a
   * send whose answer was lost returns the first post instead of making a second. Where the
   * network has no such key, the connector keeps it with the post (e.g. in a field the API
   * returns) so that `lookup` can find the post by it.
   */
  idempotencyKey: string;
}

/** One inbox reply to send, as an answer to an incoming item on the network. */
export interface ReplyRequest {
  organizationId: string;
  /** The inbox item answered and the reply being sent (Parasol ids). */
  itemId: string;
  replyId: string;
  profile: ConnectorProfile;
  /** The network's id of the message answered. */
  inReplyToNetworkId: string;
  body: string;
  /**
   * Stable for one reply (its id): the connector hands it to the network (or keeps it) so a
   * retry after a crash between "sent" and "recorded" returns the first send, never a second.
   */
  idempotencyKey: string;
}

/** Asks the network whether it already accepted a send with this idempotency key. */
export interface LookupRequest {
  organizationId: string;
  kind: 'publish' | 'reply';
  profile: ConnectorProfile;
  idempotencyKey: string;
}

/** What moderation asks the network to do to an incoming message. */
export type ConnectorModerationAction = 'HIDE' | 'UNHIDE' | 'SPAM';

/** One moderation call on an incoming message of a profile. */
export interface ModerationRequest {
  organizationId: string;
  profile: ConnectorProfile;
  /** The network's id of the message moderated. */
  networkId: string;
  action: ConnectorModerationAction;
}

/**
 * A network's API for one kind of profile. Every call throws when it was not done, or when
 * its outcome is unknown (a timeout): the caller records the error and may retry with the
 * same idempotency key; returning means the network accepted it.
 *
 * Parasol records each send (committed) before it calls `publish` or `reply`, and marks it
 * sent after; a send left in between by a crash is reconciled, never blindly repeated: with
 * `lookup` it asks the network first and only sends when the network says it has nothing;
 * without it, it sends again with the same key, trusting the network to deduplicate. A real
 * connector therefore passes `idempotencyKey` on (or makes `lookup` possible), and gives
 * up (throws) well within the send lease (SEND_LEASE_SECONDS), after which another
 * replica may reconcile the send.
 */
export interface NetworkConnector {
  readonly name: string;
  /** Publishes a post to one profile; a repeat with the same idempotencyKey should return the first externalId. */
  publish(request: PublishRequest): Promise<{ externalId: string }>;
  /** Sends a reply; a repeat with the same idempotencyKey should return the first externalId. */
  reply(request: ReplyRequest): Promise<{ externalId: string }>;
  /**
   * What the network holds for an idempotency key: the externalId of the accepted send, or
   * null when it has none. Optional: a connector whose network cannot be asked leaves it out.
   * Throws when the network cannot answer now (the send stays unsettled and is asked again later).
   */
  lookup?(request: LookupRequest): Promise<{ externalId: string } | null>;
  /** Hides, unhides or reports as spam a message on the network. */
  moderate(request: ModerationRequest): Promise<void>;
}
