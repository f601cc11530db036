import { Injectable } from '@nestjs/common';
import { SocialNetwork } from '../../libs/core';
import { NetworkConnector } from './network-connector';
import { SandboxConnector } from './sandbox-connector';

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
