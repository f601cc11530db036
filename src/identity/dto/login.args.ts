import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../../libs/core';

@ArgsType()
export class LoginArgs {
  @Field({ description: "The user's login email." })
  @IsEmailAddress({ message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @Field({ description: "The user's password." })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}
