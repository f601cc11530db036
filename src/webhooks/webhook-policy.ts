// What the operator allows webhook URLs and connections to reach, as read from the settings.
// Plain types in a file of their own: the settings, the URL check and the egress all use them,
// and the egress needs the settings, so any of those files holding them made a circle.

export interface EgressPolicy {
  allowPrivateNetworks: boolean;
  /** How long a DNS look-up may take. */
  lookupTimeoutMs: number;
}

export interface WebhookUrlPolicy extends EgressPolicy {
  allowHttp: boolean;
}
