import { entityEvents } from '../../libs/events';
import { SocialProfileStatus } from './social-profile.entity';
import { SocialProfile } from './social-profile.type';

const SocialProfileEvent = entityEvents('SocialProfile', 'profile', (profile: SocialProfile) => profile.brandId);

export class SocialProfileCreated extends SocialProfileEvent.Created {
  static readonly type = 'profile.created';
}

export class SocialProfileUpdated extends SocialProfileEvent.Event<{ before: SocialProfile; after: SocialProfile }> {
  static readonly type = 'profile.updated';

  record() {
    // The diff compares the profile's own fields: not the brand's ancestors a locked profile carries.
    const { brandAncestorIds: _ancestors, ...before } = this.payload.before as SocialProfile & { brandAncestorIds?: string[] };
    const { after } = this.payload;
    return { entityId: after.id, brandId: after.brandId, before, after };
  }
}

interface Moved {
  from: SocialProfileStatus;
  profile: SocialProfile;
}

/** A move through the lifecycle: the audit log keeps only the status, from and to. */
abstract class SocialProfileMoved extends SocialProfileEvent.Event<Moved> {
  record() {
    const { from, profile } = this.payload;
    return { entityId: profile.id, brandId: profile.brandId, before: { status: from }, after: { status: profile.status } };
  }
}

export class SocialProfileDrafted extends SocialProfileMoved {
  static readonly type = 'profile.drafted';
  static readonly description = "A social profile's status became DRAFT; changes carry only its status, before and after.";
}

export class SocialProfileLaunched extends SocialProfileMoved {
  static readonly type = 'profile.launched';
  static readonly description = "A social profile's status became LIVE; changes carry only its status, before and after.";
}

export class SocialProfilePaused extends SocialProfileMoved {
  static readonly type = 'profile.paused';
  static readonly description = "A social profile's status became PAUSED; changes carry only its status, before and after.";
}

export class SocialProfileArchived extends SocialProfileMoved {
  static readonly type = 'profile.archived';
  static readonly description = "A social profile's status became ARCHIVED; changes carry only its status, before and after.";
}

/** The event of entering each status. */
export const ENTERED: Record<SocialProfileStatus, new (payload: Moved) => SocialProfileMoved> = {
  DRAFT: SocialProfileDrafted,
  LIVE: SocialProfileLaunched,
  PAUSED: SocialProfilePaused,
  ARCHIVED: SocialProfileArchived,
};

export const SOCIAL_PROFILE_EVENTS = [SocialProfileCreated, SocialProfileUpdated, SocialProfileDrafted, SocialProfileLaunched, SocialProfilePaused, SocialProfileArchived];
