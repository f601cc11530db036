import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity';
import { OrganizationsService } from './organizations.service';

@Module({ imports: [IdentityModule], providers: [OrganizationsService], exports: [OrganizationsService] })
export class OrganizationsModule {}
