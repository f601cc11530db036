import { DynamicModule, Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { IdentityModule } from '../identity';
import { ApprovalsModule } from '../approvals';
import { PoliciesModule } from '../policies';
import { OrganizationsModule } from '../organizations';
import { SocialProfilesModule } from '../profiles';
import { DemoSeeder } from './demo-seeder';

@Module({})
export class DemoModule {
  /** With `enabled` false the module is empty: nothing is seeded. */
  static forRoot(enabled: boolean, postsModule: DynamicModule): DynamicModule {
    return {
      module: DemoModule,
      imports: [OrganizationsModule, BrandsModule, SocialProfilesModule, IdentityModule, ApprovalsModule, PoliciesModule, postsModule],
      providers: enabled ? [DemoSeeder] : [],
    };
  }
}
