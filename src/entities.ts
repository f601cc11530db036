import { BrandEntity } from './brands/brand.entity';
import { UserEntity } from './identity/user.entity';
import { OrganizationEntity } from './organizations/organization.entity';
import { SocialProfileEntity } from './profiles/social-profile.entity';

/** Every table of the service; migrations must agree with these (CI checks). */
export const ENTITIES = [OrganizationEntity, UserEntity, BrandEntity, SocialProfileEntity];
