// The integrations feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { ExternalRefEntity } from './external-ref.entity';
export { INTEGRATION_EVENTS } from './external-ref.events';
export { IntegrationsModule } from './integrations.module';
