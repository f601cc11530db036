import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citus-ready keys (ADR 0008): organization_id joins every tenant table's primary key, every
 * unique key and every foreign key between tenant tables, so the schema can be distributed by
 * organization and no row can point into another organization.
 *
 * Primary keys become (id, organization_id), in that order: a lookup by id alone (the workers,
 * the scheduler, the owner's scripts, which RLS does not scope) still finds its row through the
 * key, and a tenant reference's (organization_id, x_id) matches it (PostgreSQL compares the
 * columns as a set). The names are TypeORM's for the entities' composite keys.
 * References become FOREIGN KEY (organization_id, x_id) REFERENCES t (organization_id, id),
 * named FK_<table>_<column> (ParasolNamingStrategy). MATCH SIMPLE, the default, leaves a key
 * with a NULL column unchecked, which is what the nullable references want; SET NULL names its
 * column, or it would null organization_id too (PostgreSQL 15+; TypeORM reads it as SET NULL).
 */

/** [table, column, referenced table, ON DELETE, the single-column key it replaces]. */
const REFERENCES: [string, string, string, 'CASCADE' | 'RESTRICT' | 'SET NULL', string][] = [
  ['approval_decisions', 'request_id', 'approval_requests', 'CASCADE', 'FK_0629e152f66fd1ca66cdc71a0d1'],
  ['approval_requests', 'brand_id', 'brands', 'CASCADE', 'FK_082f225462f36c8b7197594e5c2'],
  ['approval_requests', 'inbox_reply_id', 'inbox_replies', 'CASCADE', 'FK_approval_requests_inbox_reply'],
  ['approval_requests', 'post_id', 'posts', 'CASCADE', 'FK_4d479cbc381a4446276d12efacb'],
  ['brands', 'parent_id', 'brands', 'RESTRICT', 'FK_3e3cad1bbfcda87b0c535ca84d8'],
  ['inbox_conversations', 'brand_id', 'brands', 'RESTRICT', 'FK_a38fcd60ff17270bcb4626f8051'],
  ['inbox_conversations', 'contact_id', 'contacts', 'RESTRICT', 'FK_b62f84e36eb06a2b18328f98444'],
  ['inbox_conversations', 'profile_id', 'social_profiles', 'RESTRICT', 'FK_347ecfb9783a1e859f34f81d493'],
  ['inbox_items', 'assignee_id', 'users', 'SET NULL', 'FK_ba9fdb6ff55a15e52a5c523ddb2'],
  ['inbox_items', 'brand_id', 'brands', 'RESTRICT', 'FK_a9cee255438919204675e92084b'],
  ['inbox_items', 'contact_id', 'contacts', 'RESTRICT', 'FK_c2f35fd779cd0b47142d944f350'],
  ['inbox_items', 'conversation_id', 'inbox_conversations', 'CASCADE', 'FK_d770333f2c4598c87391ac4c4f0'],
  ['inbox_items', 'post_id', 'posts', 'SET NULL', 'FK_d327998e6c1168fa252612df6b2'],
  ['inbox_items', 'profile_id', 'social_profiles', 'RESTRICT', 'FK_ce0fe34b5b490ddc69e4090c911'],
  ['inbox_items', 'promoted_post_id', 'posts', 'SET NULL', 'FK_b41292e06f98f34445cd43bb0df'],
  ['inbox_notes', 'item_id', 'inbox_items', 'CASCADE', 'FK_2818849288215301ec5cba0f79a'],
  ['inbox_replies', 'brand_id', 'brands', 'RESTRICT', 'FK_bd653fac6db5c602c1b960fa689'],
  ['inbox_replies', 'conversation_id', 'inbox_conversations', 'CASCADE', 'FK_b3968a21ffaf4036a0eaa3b329d'],
  ['inbox_replies', 'item_id', 'inbox_items', 'CASCADE', 'FK_59ce44abb85b05cf1a433954192'],
  ['inbox_replies', 'profile_id', 'social_profiles', 'RESTRICT', 'FK_7551a0868753896077a87ad2698'],
  ['moderation_round_robin', 'brand_id', 'brands', 'CASCADE', 'FK_5037c8cca10f3c35b25b14a0589'],
  ['moderation_rules', 'brand_id', 'brands', 'CASCADE', 'FK_8caeeec0ff1ec33a07ea663d32b'],
  ['policies', 'brand_id', 'brands', 'CASCADE', 'FK_557b9e9cb19b8524d15dabaf67b'],
  ['post_publications', 'post_id', 'posts', 'CASCADE', 'FK_273aaff47109c33f63e4ed6a5f2'],
  ['post_revisions', 'post_id', 'posts', 'CASCADE', 'FK_21715fae1f647ae1e4b0741346a'],
  ['posts', 'brand_id', 'brands', 'RESTRICT', 'FK_5848e26c6be35f892987370f848'],
  ['revoked_tokens', 'user_id', 'users', 'CASCADE', 'FK_483872b2fdc8f1ec750c9c7567c'],
  ['role_assignments', 'brand_id', 'brands', 'CASCADE', 'FK_f9adc857e0ce34a34d0d2beff48'],
  ['saved_replies', 'brand_id', 'brands', 'CASCADE', 'FK_04f5b8b9bd2c11147fcd6ad6295'],
  ['social_profiles', 'brand_id', 'brands', 'RESTRICT', 'FK_a774b5c3417a71dbdfce85f7846'],
  ['webhook_deliveries', 'endpoint_id', 'webhook_endpoints', 'CASCADE', 'FK_0b882c26a9b91c26e6e86b4867c'],
  ['webhook_deliveries', 'outbox_event_id', 'outbox_events', 'CASCADE', 'FK_d1c8ab93e088e32ebb0869118cb'],
  ['webhook_endpoints', 'brand_id', 'brands', 'CASCADE', 'FK_a88f669077c41efa483c36a7c7a'],
];

/** [table, key column, the primary key before, the primary key after]; idempotency_keys has organization_id already. */
const PRIMARY_KEYS: [string, string, string, string][] = [
  ['api_keys', 'id', 'PK_5c8a79801b44bd27b79228e1dad', 'PK_751e3663c1005cb4ccc93d475c3'],
  ['approval_decisions', 'id', 'PK_1ab59e2a6ef9cbc15372cf232e4', 'PK_82293134044d80497caf49330b4'],
  ['approval_requests', 'id', 'PK_484806bb8ff331b851fc75973c0', 'PK_8209ec3c96809cdc4be8e59f106'],
  ['approval_workflows', 'id', 'PK_f326145fd927565de30b360264b', 'PK_3500608daf225dde6a8cad808d6'],
  ['audit_events', 'id', 'PK_910f64d901a5c3e9878f0d4a407', 'PK_46550de018654a2560d1e5fe59b'],
  ['brands', 'id', 'PK_b0c437120b624da1034a81fc561', 'PK_2da0b70adc9fabb2cbdbd1a192b'],
  ['contacts', 'id', 'PK_b99cd40cfd66a99f1571f4f72e6', 'PK_529a46a2bc93a90db673f2423a4'],
  ['external_refs', 'id', 'PK_d7f415df6fc5b33edf9b11ba7f2', 'PK_b53bbdf24c7be676044be36a10d'],
  ['inbox_conversations', 'id', 'PK_12c811fe023827f660ab0cdce87', 'PK_51d85e2d3f9a63904b4d65b627b'],
  ['inbox_items', 'id', 'PK_d7d185785d28b1ad0c57d91a8be', 'PK_c7fa107d0d9dcd93c87be0751cc'],
  ['inbox_notes', 'id', 'PK_124f5244621b10752efa516a286', 'PK_efd4ad1fcf11fefd56bbe77d4c1'],
  ['inbox_replies', 'id', 'PK_b3cec0e38d5d925e0d5120f8c84', 'PK_4249b1cbb000bad3506568f0ac1'],
  ['moderation_round_robin', 'brand_id', 'PK_5037c8cca10f3c35b25b14a0589', 'PK_dcef59df35642bb63a4173ddc5f'],
  ['moderation_rules', 'id', 'PK_92eac042752719d816ad5dd30d0', 'PK_c2ce95fc7a6868e8fa3f261e0cf'],
  ['outbox_events', 'id', 'PK_6689a16c00d09b8089f6237f1d2', 'PK_f6134bd549720904142803033ac'],
  ['policies', 'id', 'PK_603e09f183df0108d8695c57e28', 'PK_609550d4d1020c327f39f8ebe7e'],
  ['post_publications', 'id', 'PK_1ed1a80d0b3c73e515417cb2369', 'PK_69f04cb8151310e9c493822239a'],
  ['post_revisions', 'id', 'PK_871219c3d5044d70ff7d59480b8', 'PK_654bd506996a77d193bf05fb832'],
  ['posts', 'id', 'PK_2829ac61eff60fcec60d7274b9e', 'PK_db52cd0ec3be621d195e1acb8eb'],
  ['revoked_tokens', 'jti', 'PK_b18aa48269f87cafba8c6310624', 'PK_9c9aeb7d937d50f8d9abb4cbc68'],
  ['role_assignments', 'id', 'PK_fc2df9835ac1d2a34839f113783', 'PK_4d340cc8c15e6ebc342c697ad70'],
  ['roles', 'id', 'PK_c1433d71a4838793a49dcad46ab', 'PK_fbceaa5b4ae0c529989e0fd3303'],
  ['saved_replies', 'id', 'PK_55af264beda24a4a6daa7f35fe9', 'PK_2b00c63f5a9fde71942bcdc66fe'],
  ['social_profiles', 'id', 'PK_b07773de7651b6e0d11719b971a', 'PK_76a3692de4e58313a81946af79d'],
  ['users', 'id', 'PK_a3ffb1c0c8416b9fc6f907b7433', 'PK_d44e049baf1987168ad1b16c945'],
  ['webhook_deliveries', 'id', 'PK_535dd409947fb6d8fc6dfc0112a', 'PK_24cb0452b7280b0c67c232ba3bf'],
  ['webhook_endpoints', 'id', 'PK_054c4cfb95223732f5939d2d546', 'PK_aa44af3ed57e7081569a62e0e96'],
];

/**
 * [index, table, columns before, where] of the unique keys without organization_id; each gets it
 * as its first column. (users.email and api_keys.secret_hash stay global: ADR 0008.)
 */
const UNIQUE_KEYS: [string, string, string, string][] = [
  ['UQ_approval_decisions_once', 'approval_decisions', '"request_id", "stage", "decider_id"', ''],
  ['UQ_policies_brand_type', 'policies', '"brand_id", "type"', ''],
  ['UQ_post_revisions_number', 'post_revisions', '"post_id", "number"', ''],
  ['UQ_webhook_deliveries_event_endpoint', 'webhook_deliveries', '"endpoint_id", "outbox_event_id"', ' WHERE "redelivery_of_id" IS NULL'],
];

const onDelete = (column: string, rule: string) => (rule === 'SET NULL' ? `SET NULL ("${column}")` : rule);

export class TenantKeys1795715000000 implements MigrationInterface {
  name = 'TenantKeys1795715000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, , , , old] of REFERENCES) await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${old}"`);
    for (const [table, column, before, after] of PRIMARY_KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${before}"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${after}" PRIMARY KEY ("${column}", "organization_id")`);
    }
    for (const [index, table, columns, where] of UNIQUE_KEYS) {
      await queryRunner.query(`DROP INDEX "public"."${index}"`);
      await queryRunner.query(`CREATE UNIQUE INDEX "${index}" ON "${table}" ("organization_id", ${columns})${where}`);
    }
    for (const [table, column, referenced, rule] of REFERENCES) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "FK_${table}_${column}" FOREIGN KEY ("organization_id", "${column}") REFERENCES "${referenced}"("organization_id", "id") ON DELETE ${onDelete(column, rule)} ON UPDATE NO ACTION`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of REFERENCES) await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "FK_${table}_${column}"`);
    for (const [index, table, columns, where] of UNIQUE_KEYS) {
      await queryRunner.query(`DROP INDEX "public"."${index}"`);
      await queryRunner.query(`CREATE UNIQUE INDEX "${index}" ON "${table}" (${columns})${where}`);
    }
    for (const [table, column, before, after] of PRIMARY_KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${after}"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${before}" PRIMARY KEY ("${column}")`);
    }
    for (const [table, column, referenced, rule, old] of REFERENCES) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${old}" FOREIGN KEY ("${column}") REFERENCES "${referenced}"("id") ON DELETE ${rule} ON UPDATE NO ACTION`);
    }
  }
}
