import { registerEnumType } from '@nestjs/graphql';
import { SocialNetwork } from './social-network';

// Registered with the enum's own layer, so every feature showing a network (profiles,
// policies, posts) gets the one GraphQL enum whichever of them the schema loads first.
registerEnumType(SocialNetwork, { name: 'SocialNetwork' });
