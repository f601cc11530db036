import { DynamicModule, Module } from '@nestjs/common';
import { BrandsModule } from '../brands/brands.module';
import { IdentityModule } from '../identity/identity.module';
import { ApprovalsModule } from '../approvals/approvals.module';
import { PoliciesModule } from '../policies/policies.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SocialProfilesModule } from '../profiles/social-profiles.module';
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
