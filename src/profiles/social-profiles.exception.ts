import { ConflictError, SocialNetwork } from '../../libs/core';

export const handleTaken = (network: SocialNetwork, handle: string) =>
  new ConflictError(`The ${network} handle "${handle}" is already used by another profile of this organization`, {
    field: 'handle',
    network,
    handle,
  });
