import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { BrandsService } from '../brands/brands.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { SocialProfileStatus } from '../profiles/social-profile.entity';
import { SocialProfilesService } from '../profiles/social-profiles.service';
import { DEMO_PASSWORD, DEMO_SUB_BRANDS, DEMO_UMBRELLA, DEMO_USERS } from './demo-data';

/**
 * Seeds the Mars demo organization on an empty database, in one transaction, through the
 * same use cases the API runs (so it obeys every rule they do).
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly db: Db,
    private readonly organizations: OrganizationsService,
    private readonly brands: BrandsService,
    private readonly profiles: SocialProfilesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.organizations.count()) > 0) return;
    await this.seed();
    this.logger.log(
      'Seeded the demo organization "Mars". Log in with any of ' +
        `${Object.values(DEMO_USERS).map((u) => u.email).join(', ')} and the password "${DEMO_PASSWORD}".`,
    );
  }

  async seed(): Promise<void> {
    await this.db.transaction(async () => {
      const { organizationId, admin } = await this.organizations.create({
        name: 'Mars',
        slug: 'mars',
        admin: { ...DEMO_USERS.admin, password: DEMO_PASSWORD },
      });
      for (const user of [DEMO_USERS.manager, DEMO_USERS.agent, DEMO_USERS.approver]) {
        await this.organizations.addUser(organizationId, { ...user, password: DEMO_PASSWORD });
      }
      const ctx = new RequestContext(admin);
      const umbrella = await this.brands.create(ctx, DEMO_UMBRELLA);
      for (const sub of DEMO_SUB_BRANDS) {
        const brand = await this.brands.create(ctx, {
          name: sub.name,
          slug: sub.slug,
          parentId: umbrella.id,
          description: sub.description,
          branding: { primaryColor: sub.primaryColor },
          audience: sub.audience,
          goals: sub.goals,
        });
        for (const page of sub.profiles) {
          const profile = await this.profiles.create(ctx, { brandId: brand.id, ...page });
          await this.profiles.transition(ctx, profile.id, SocialProfileStatus.LIVE);
        }
      }
    });
  }
}
