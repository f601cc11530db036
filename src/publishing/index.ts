// The publishing feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { ConnectorRegistry } from './connector-registry';
export type {
  ConnectorModerationAction, ConnectorProfile, LookupRequest, ModerationRequest, NetworkConnector, PublishRequest, ReplyRequest,
} from './network-connector';
export { PostPublication, PostPublicationConnection } from './publication.types';
export { PublicationsReader } from './publications.reader';
export { MAX_PUBLISH_ATTEMPTS, PublishingService } from './publishing.service';
export type { Reconciliation } from './publishing.service';
export { publicationKey } from './publication-key';
export { PublishingModule } from './publishing.module';
export { SandboxConnector } from './sandbox-connector';
export type { ConnectorCall, SandboxFailureOptions } from './sandbox-connector';
export { SandboxLedger } from './sandbox-ledger';
export type { LedgerEntry } from './sandbox-ledger';
export { sandboxInboxItems } from './sandbox-inbox';
export type { IngestItem, IngestItemAbout, IngestItemAuthor, IngestItemKind, SandboxInboxOptions } from './sandbox-inbox';
