import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { BrandsService } from '../brands/brands.service';
import { ApiKeysService } from '../identity/api-keys.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { SocialProfileStatus } from '../profiles/social-profile.entity';
import { SocialProfilesService } from '../profiles/social-profiles.service';
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_SUB_BRANDS, DEMO_UMBRELLA, DEMO_USERS } from './demo-data';

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
    private readonly apiKeys: ApiKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.organizations.count()) > 0) return;
    const apiKey = await this.seed();
    this.logger.log(
      `Seeded the demo organization "Mars". Log in with ${Object.values(DEMO_USERS).map((u) => `${u.email} (${u.role} on ${u.on})`).join(', ')}; ` +
        `the password of each is "${DEMO_PASSWORD}".`,
    );
    this.logger.log(`Demo ${DEMO_API_KEY.role} API key on ${DEMO_API_KEY.on} (shown once, keep it): ${apiKey}`);
  }

  /** Seeds the organization; returns the demo API key's secret. */
  async seed(): Promise<string> {
    return this.db.transaction(async () => {
      const { organizationId, admin } = await this.organizations.create({
        name: 'Mars',
        slug: 'mars',
        admin: { email: DEMO_USERS.admin.email, displayName: DEMO_USERS.admin.displayName, password: DEMO_PASSWORD },
      });
      const ctx = new RequestContext(admin);
      const umbrella = await this.brands.create(ctx, DEMO_UMBRELLA);
      const brandIds: Record<string, string> = { Mars: umbrella.id };
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
        brandIds[sub.name] ??= brand.id;
        for (const page of sub.profiles) {
          const profile = await this.profiles.create(ctx, { brandId: brand.id, ...page });
          await this.profiles.transition(ctx, profile.id, SocialProfileStatus.LIVE);
        }
      }
      for (const user of [DEMO_USERS.manager, DEMO_USERS.agent, DEMO_USERS.approver, DEMO_USERS.analyst]) {
        await this.organizations.addUser(organizationId, { email: user.email, displayName: user.displayName, password: DEMO_PASSWORD }, [
          { roleKey: user.role, brandId: brandIds[user.on] },
        ]);
      }
      const { secret } = await this.apiKeys.create(ctx, { name: DEMO_API_KEY.name, roleKey: DEMO_API_KEY.role, brandId: brandIds[DEMO_API_KEY.on] });
      return secret;
    });
  }
}
