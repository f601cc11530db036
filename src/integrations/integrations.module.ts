import { Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { SocialProfilesModule } from '../profiles';
import { BrandTreeIoService } from './brand-tree-io.service';
import { ExternalRefsService } from './external-refs.service';
import {
  BrandExternalRefsResolver, ContactExternalRefsResolver, InboxItemExternalRefsResolver, IntegrationsResolver, PostExternalRefsResolver, ProfileExternalRefsResolver,
  UserExternalRefsResolver,
} from './integrations.resolver';

@Module({
  imports: [BrandsModule, SocialProfilesModule],
  providers: [
    ExternalRefsService,
    BrandTreeIoService,
    IntegrationsResolver,
    BrandExternalRefsResolver,
    ProfileExternalRefsResolver,
    UserExternalRefsResolver,
    PostExternalRefsResolver,
    ContactExternalRefsResolver,
    InboxItemExternalRefsResolver,
  ],
  exports: [ExternalRefsService],
})
export class IntegrationsModule {}
