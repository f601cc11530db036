import { registerEnumType } from '@nestjs/graphql';
import { SocialNetwork } from './social-network';

// Registered with the enum's own layer, so every feature showing a network (profiles,
// policies, posts) gets the one GraphQL enum whichever of them the schema loads first.
registerEnumType(SocialNetwork, {
  name: 'SocialNetwork',
  description: 'The network a social profile is on.',
  valuesMap: {
    FACEBOOK: { description: 'Facebook.' },
    X: { description: 'X (formerly Twitter).' },
    INSTAGRAM: { description: 'Instagram.' },
    LINKEDIN: { description: 'LinkedIn.' },
    YOUTUBE: { description: 'YouTube.' },
    PINTEREST: { description: 'Pinterest.' },
    TIKTOK: { description: 'TikTok.' },
    BLOG: { description: "The brand's own blog." },
    OTHER: { description: 'Any other network.' },
  },
});
