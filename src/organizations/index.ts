// The organizations feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { OrganizationsService } from './organizations.service';
export { OrganizationsModule } from './organizations.module';
