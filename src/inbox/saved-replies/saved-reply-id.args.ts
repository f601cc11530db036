import { ArgsType } from '@nestjs/graphql';
import { IdArgs } from '../../../libs/core';

@ArgsType()
export class SavedReplyIdArgs extends IdArgs('saved reply') {}
