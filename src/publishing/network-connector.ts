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
 * A network's API for one kind of profile. Every call throws when it was not done (the
 * caller records the error and may retry); returning means the network accepted it.
 */
export interface NetworkConnector {
  readonly name: string;
  publish(request: PublishRequest): Promise<{ externalId: string }>;
  /** Sends a reply; a repeat with the same idempotencyKey returns the first externalId. */
  reply(request: ReplyRequest): Promise<{ externalId: string }>;
  /** Hides, unhides or reports as spam a message on the network. */
  moderate(request: ModerationRequest): Promise<void>;
}
