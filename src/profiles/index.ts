// The profiles feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { UpdateSocialProfileInput } from './dto/social-profile.inputs';
export { SocialProfileEntity, SocialProfileStatus } from './social-profile.entity';
export { SOCIAL_PROFILE_EVENTS } from './social-profile.events';
export { PROFILE_COLUMNS, profileColumns, profileCursor, toSocialProfile, withCoreFields } from './social-profile.mapper';
export type { SocialProfileRow } from './social-profile.mapper';
export { SocialProfile } from './social-profile.type';
export { SocialProfilesService } from './social-profiles.service';
export { SocialProfilesModule } from './social-profiles.module';
