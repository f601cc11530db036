import { ConflictError } from '../../libs/core';
import { SocialNetwork } from './social-profile.entity';

export const handleTaken = (network: SocialNetwork, handle: string) =>
  new ConflictError(`The ${network} handle "${handle}" is already used by another profile of this organization`, {
    field: 'handle',
    network,
    handle,
  });
