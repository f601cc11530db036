import { BrandScope, BUILT_IN_ROLES, BuiltInRole, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { describeAction, describeCondition, effectiveModerationRules, ModerationRule as RuleData } from './moderation';
import { ModerationRule } from './moderation-rule.types';

// The SQL of moderation rules: each read is one statement whatever the number of brands, so
// ingest (up to 500 items on any number of brands) and the rule list cost the same for 2
// brands as for 200.

export interface ModerationRuleRow {
  id: string;
  brand_id: string;
  name: string;
  position: number;
  enabled: boolean;
  locked: boolean;
  match: 'ALL' | 'ANY';
  conditions: RuleData['conditions'];
  actions: RuleData['actions'];
  stop: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const RULE_COLUMNS = (a: string) =>
  ['id', 'brand_id', 'name', 'position', 'enabled', 'locked', 'match', 'conditions', 'actions', 'stop', 'version', 'created_at', 'updated_at'].map((c) => `${a}.${c}`).join(', ');

export const toRuleData = (row: ModerationRuleRow): RuleData => ({
  id: row.id,
  brandId: row.brand_id,
  name: row.name,
  position: row.position,
  enabled: row.enabled,
  locked: row.locked,
  match: row.match,
  conditions: row.conditions,
  actions: row.actions,
  stop: row.stop,
});

/** The GraphQL rule; `inheritedFrom` only on the list of rules in force. */
export const toModerationRule = (row: ModerationRuleRow, inheritedFrom: string | null = null): ModerationRule => ({
  id: row.id,
  brandId: row.brand_id,
  name: row.name,
  position: row.position,
  enabled: row.enabled,
  locked: row.locked,
  match: row.match as ModerationRule['match'],
  conditions: row.conditions.map((c) => ({ ...c, summary: describeCondition(c) }) as ModerationRule['conditions'][number]),
  actions: row.actions.map((a) => ({ ...a, summary: describeAction(a) }) as ModerationRule['actions'][number]),
  stop: row.stop,
  version: row.version,
  inheritedFrom,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Rules of one brand chain, root first: what effectiveModerationRules and lockingRule take. */
export type RuleChain = ModerationRuleRow[][];

/** Built-in roles that grant inbox:respond (custom roles say so in their stored permissions). */
const RESPONDING_ROLES = (Object.keys(BUILT_IN_ROLES) as BuiltInRole[]).filter((key) => BUILT_IN_ROLES[key].permissions.includes(Permission.INBOX_RESPOND));
const BUILT_IN_KEYS = Object.keys(BUILT_IN_ROLES);

/** Who may answer a brand's inbox, as moderation sees them. */
export interface BrandAgents {
  /** Holders through a role on the brand or an ancestor, by id: the round-robin candidates. */
  agents: string[];
  /** Every active user holding inbox:respond there, org-wide holders included: who ASSIGN may name. */
  eligible: Set<string>;
}

export class ModerationStore {
  constructor(
    private readonly db: Db,
    private readonly organizationId: string,
  ) {}

  /** For each brand, the rules set on it and on its ancestors, one level per brand, root first: one statement. */
  async chains(brands: readonly BrandScope[]): Promise<Map<string, RuleChain>> {
    const all = [...new Set(brands.flatMap((b) => [...b.ancestorIds, b.id]))];
    const rows = all.length
      ? await this.db.query<ModerationRuleRow>(
          `SELECT ${RULE_COLUMNS('r')} FROM moderation_rules r WHERE r.organization_id = $1 AND r.brand_id = ANY($2::uuid[]) ORDER BY lower(r.name), r.id`,
          [this.organizationId, all],
        )
      : [];
    const byBrand = new Map<string, ModerationRuleRow[]>();
    for (const row of rows) byBrand.set(row.brand_id, [...(byBrand.get(row.brand_id) ?? []), row]);
    return new Map(brands.map((b) => [b.id, [...b.ancestorIds, b.id].map((id) => byBrand.get(id) ?? [])]));
  }

  /**
   * The active users holding inbox:respond on each brand, for all the brands in one statement.
   * Round-robin candidates are those given the brand or an ancestor by a role assignment, in id
   * order; org-wide holders (organization admins, central teams) may be named by ASSIGN but are
   * left out of every brand's rotation: "the brand's agents" are the people given that brand.
   */
  async agents(brands: readonly BrandScope[]): Promise<Map<string, BrandAgents>> {
    const pairs = brands.flatMap((b) => [...b.ancestorIds, b.id].map((scope) => [b.id, scope]));
    const rows = brands.length
      ? await this.db.query<{ brand_id: string | null; user_id: string }>(
          `SELECT DISTINCT t.brand_id, a.principal_id AS user_id
             FROM role_assignments a
             JOIN users u ON u.organization_id = a.organization_id AND u.id = a.principal_id AND u.status = 'ACTIVE'
             LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key
             LEFT JOIN unnest($2::uuid[], $3::uuid[]) AS t(brand_id, scope_id) ON t.scope_id = a.brand_id
            WHERE a.organization_id = $1 AND a.principal_type = 'USER'
              AND (a.brand_id IS NULL OR t.brand_id IS NOT NULL)
              AND (a.role_key = ANY($4::text[]) OR (a.role_key <> ALL($5::text[]) AND $6 = ANY(r.permissions)))
            ORDER BY 1, 2`,
          [this.organizationId, pairs.map((p) => p[0]), pairs.map((p) => p[1]), RESPONDING_ROLES, BUILT_IN_KEYS, Permission.INBOX_RESPOND],
        )
      : [];
    const orgWide = rows.filter((r) => r.brand_id === null).map((r) => r.user_id);
    return new Map(
      brands.map((b) => {
        const agents = rows.filter((r) => r.brand_id === b.id).map((r) => r.user_id);
        return [b.id, { agents, eligible: new Set([...agents, ...orgWide]) }];
      }),
    );
  }

  /**
   * Reserves `count` round-robin turns on each brand and returns the first one reserved: one
   * upsert for all the brands, in brand order (concurrent ingests lock the counters in the same
   * order and wait for each other, never deadlock). The row stays locked until the ingest
   * commits, so the next ingest on the brand continues where this one stops.
   */
  async reserveTurns(counts: Map<string, number>): Promise<Map<string, number>> {
    const rows = [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([brand_id, n]) => ({ brand_id, n }));
    const result = await this.db.query<{ brand_id: string; assigned: string }>(
      `INSERT INTO moderation_round_robin AS t (organization_id, brand_id, assigned)
       SELECT $1, v.brand_id, v.n FROM jsonb_to_recordset($2::jsonb) AS v(brand_id uuid, n int) ORDER BY v.brand_id
       ON CONFLICT (organization_id, brand_id) DO UPDATE SET assigned = t.assigned + excluded.assigned, updated_at = now()
       RETURNING t.brand_id, t.assigned`,
      [this.organizationId, JSON.stringify(rows)],
    );
    return new Map(result.map((r) => [r.brand_id, Number(r.assigned) - (counts.get(r.brand_id) ?? 0)]));
  }

  /** The turns taken so far on a brand (for a dry run, which reserves none). */
  async turnsTaken(brandId: string): Promise<number> {
    const row = await this.db.queryOne<{ assigned: string }>(`SELECT assigned FROM moderation_round_robin WHERE organization_id = $1 AND brand_id = $2`, [
      this.organizationId,
      brandId,
    ]);
    return row ? Number(row.assigned) : 0;
  }
}

/** The rules in force at the end of a chain, with the rows they came from, in run order. */
export function effectiveRows(chain: RuleChain): { row: ModerationRuleRow; effective: ReturnType<typeof effectiveModerationRules>[number] }[] {
  const byId = new Map(chain.flat().map((r) => [r.id, r]));
  return effectiveModerationRules(chain.map((level) => level.map(toRuleData))).map((effective) => ({ row: byId.get(effective.id)!, effective }));
}

