import { Inject, Injectable } from '@nestjs/common';
import { PARASOL_CONFIG, ParasolConfig, WebhookConfig } from '../../libs/config';
import { SecretBox } from './webhook-signing';
import type { WebhookUrlPolicy } from './webhook-policy';

/** The webhook configuration, with what is derived from it: the secret box and the URL policy. */
@Injectable()
export class WebhookSettings {
  readonly config: WebhookConfig;
  readonly secrets: SecretBox;
  readonly urlPolicy: WebhookUrlPolicy;

  constructor(@Inject(PARASOL_CONFIG) config: ParasolConfig) {
    this.config = config.webhooks;
    // The JWT secret is settled by then (generated for the embedded database); a dedicated key
    // lets it be rotated without making every stored webhook secret unreadable.
    const keyMaterial = config.webhooks.encryptionKey ?? config.jwtSecret;
    if (!keyMaterial) throw new Error('Webhooks need WEBHOOK_ENCRYPTION_KEY or JWT_SECRET to encrypt endpoint secrets');
    this.secrets = new SecretBox(keyMaterial);
    this.urlPolicy = {
      allowHttp: config.webhooks.allowHttp,
      allowPrivateNetworks: config.webhooks.allowPrivateNetworks,
      lookupTimeoutMs: Math.min(config.webhooks.timeoutMs, 5_000),
    };
  }

  /**
   * How long a sender's claim on a delivery lasts: the look-up and the request at their time
   * limits, and a margin. A sender that dies mid-request leaves the delivery due again after it.
   */
  get claimLeaseMs(): number {
    return this.urlPolicy.lookupTimeoutMs + this.config.timeoutMs + 5_000;
  }
}
