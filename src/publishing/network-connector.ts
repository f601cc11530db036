import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SocialNetwork } from '../../libs/core';

/** What a connector is asked to send to one profile. */
export interface PublishRequest {
  organizationId: string;
  postId: string;
  revision: number;
  profile: { id: string; network: SocialNetwork; handle: string };
  title: string | null;
  body: string;
  format: string;
}

/** A network's publishing API. Throwing means "not sent": the post records the error and retries. */
export interface NetworkConnector {
  readonly name: string;
  publish(request: PublishRequest): Promise<{ externalId: string }>;
}

/**
 * The built-in connector for every network: records what it would send (the machines reach
 * no social network). `failNext(n)` makes the next n sends fail, for tests and drills.
 */
@Injectable()
export class SandboxConnector implements NetworkConnector {
  readonly name = 'sandbox';
  readonly sent: (PublishRequest & { externalId: string; at: Date })[] = [];
  private failures = 0;

  failNext(count: number): void {
    this.failures = count;
  }

  async publish(request: PublishRequest): Promise<{ externalId: string }> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error(`sandbox: ${request.profile.network} refused the post (simulated outage)`);
    }
    const externalId = `sandbox-${randomUUID()}`;
    this.sent.push({ ...request, externalId, at: new Date() });
    return { externalId };
  }
}

/** Which connector publishes to which network; the sandbox for all until real ones are registered. */
@Injectable()
export class ConnectorRegistry {
  private readonly byNetwork = new Map<SocialNetwork, NetworkConnector>();

  constructor(private readonly sandbox: SandboxConnector) {}

  register(network: SocialNetwork, connector: NetworkConnector): void {
    this.byNetwork.set(network, connector);
  }

  for(network: SocialNetwork): NetworkConnector {
    return this.byNetwork.get(network) ?? this.sandbox;
  }
}
