import { DynamicModule, Module } from '@nestjs/common';
import { ApprovalsModule } from '../approvals';
import { BrandsModule } from '../brands';
import { IdentityModule } from '../identity';
import { PoliciesModule } from '../policies';
import { SocialProfilesModule } from '../profiles';
import { PublishingModule } from '../publishing';
import { NodeSources } from './node-sources';
import { NodesResolver } from './nodes.resolver';
import { NodesService } from './nodes.service';

/**
 * `node(id)`/`nodes(ids)` over every type that implements Node. The app root passes the
 * modules it configures itself (posts, the inbox, webhooks), so the same instances serve.
 */
@Module({})
export class NodesModule {
  static forRoot(configured: DynamicModule[]): DynamicModule {
    return {
      module: NodesModule,
      imports: [BrandsModule, IdentityModule, SocialProfilesModule, ApprovalsModule, PoliciesModule, PublishingModule, ...configured],
      providers: [NodeSources, NodesService, NodesResolver],
    };
  }
}
