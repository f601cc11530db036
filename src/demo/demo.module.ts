import { DynamicModule, Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { IdentityModule } from '../identity';
import { ApprovalsModule } from '../approvals';
import { PoliciesModule } from '../policies';
import { OrganizationsModule } from '../organizations';
import { SocialProfilesModule } from '../profiles';
import { DemoInbox } from './demo-inbox';
import { DemoSeeder } from './demo-seeder';

@Module({})
export class DemoModule {
  /** `postsModule` and `inboxModule` are the app's own instances. With `enabled` false the module is empty: nothing is seeded. */
  static forRoot(enabled: boolean, postsModule: DynamicModule, inboxModule: DynamicModule): DynamicModule {
    return {
      module: DemoModule,
      imports: [OrganizationsModule, BrandsModule, SocialProfilesModule, IdentityModule, ApprovalsModule, PoliciesModule, postsModule, inboxModule],
      providers: enabled ? [DemoSeeder, DemoInbox] : [],
    };
  }
}
