import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, getNullableType, GraphQLField, GraphQLObjectType, isListType, isObjectType } from 'graphql';

// Relay complete (docs/guide/conventions.md, "Lists"): every list field of the schema is a
// connection, or a list kept for compatibility that is deprecated in favour of a connection
// beside it, or one of the fixed-size lists named below with why it cannot grow. A new list
// field fails this test until it is one of the three. Read from the committed schema.gql,
// which CI holds to the running service (`npm run schema:check`).

/** Lists that cannot grow with the data, each with its bound. */
const FIXED_SIZE: Record<string, string> = {
  'ApprovalRequest.decisions': 'at most quorum decisions per stage of its workflow (the request ends at a rejection or the last stage)',
  'ApprovalRequest.stages': 'its workflow\'s stages, at most 10, fixed when the workflow is created',
  'ApprovalWorkflow.stages': 'at most 10, fixed when the workflow is created',
  'ApprovalStage.approverRoles': 'a stage\'s configuration, bounded by input validation',
  'Audience.competitors': 'a brand\'s description, bounded by input validation',
  'Audience.painPoints': 'a brand\'s description, bounded by input validation',
  'Brand.goals': 'a brand\'s description, bounded by input validation',
  'Brand.ancestors': 'bounded by the depth of the brand tree',
  'Brand.path': 'bounded by the depth of the brand tree',
  'Brand.policies': 'at most one policy per policy type on a brand',
  'Brand.effectivePolicies': 'at most one policy in force per policy type',
  'Brand.viewerPermissions': 'a subset of the Permission enum',
  'Viewer.permissions': 'a subset of the Permission enum',
  'Role.permissions': 'a subset of the Permission enum',
  'Brand.externalRefs': 'one per integrated system',
  'Contact.externalRefs': 'one per integrated system',
  'InboxItem.externalRefs': 'one per integrated system',
  'Post.externalRefs': 'one per integrated system',
  'SocialProfile.externalRefs': 'one per integrated system',
  'User.externalRefs': 'one per integrated system',
  'ChangeFeedPage.events': 'itself a page of the change feed, at most its `first`, paged by its own cursor',
  'ImportReport.created': 'the lines of one import, bounded by the import\'s size limit',
  'ImportReport.rejected': 'the lines of one import, bounded by the import\'s size limit',
  'ImportReport.updated': 'the lines of one import, bounded by the import\'s size limit',
  'IngestInboxItemsResult.results': 'one per item of the call, bounded by the batch limit',
  'IngestResult.errors': 'one per invalid field of one item',
  'InboxStats.rows': 'a report read whole (one row per group: brand, profile, agent or day of a bounded range); its rows are compared with each other and the total',
  'InboxItem.labels': 'labels set by the brand\'s rules and agents, bounded by input validation',
  'InboxItem.moderation': 'the trail of one ingest: at most one entry per rule in force',
  'InboxReply.tags': 'bounded by input validation',
  'ModerationAction.actions': 'a rule\'s actions',
  'ModerationAction.matched': 'what one rule matched in one item',
  'ModerationCheckResult.labels': 'labels of one dry run, bounded by the rules in force',
  'ModerationCheckResult.trail': 'at most one entry per rule in force',
  'ModerationRule.actions': 'a rule\'s configuration, bounded by input validation',
  'ModerationRule.conditions': 'a rule\'s configuration, bounded by input validation',
  'ModerationRuleCondition.abouts': 'a subset of the InboxAbout enum',
  'ModerationRuleCondition.kinds': 'a subset of the InboxItemKind enum',
  'ModerationRuleCondition.networks': 'a subset of the SocialNetwork enum',
  'ModerationRuleCondition.tags': 'a subset of the PostTag enum',
  'ModerationRuleCondition.terms': 'a rule\'s configuration, bounded by input validation',
  'PermissionExplanation.grantedBy': 'the assignments of one principal granting one permission along one brand\'s ancestry',
  'Post.policyCheck': 'at most one violation per policy in force',
  'PostActionPayload.warnings': 'at most one violation per policy in force',
  'ReplyCheck.violations': 'at most one violation per policy in force',
  'ReplyCheck.warnings': 'at most one violation per policy in force',
  'ReplyCheck.workflows': 'at most one per approval policy in force',
  'ReplyResult.warnings': 'at most one violation per policy in force',
  'Post.profileIds': 'a post\'s target profiles, at most 20',
  'Post.profiles': 'a post\'s target profiles, at most 20',
  'PostRevision.profileIds': 'a revision\'s target profiles, at most 20',
  'Post.tags': 'a subset of the PostTag enum',
  'PostRevision.tags': 'a subset of the PostTag enum',
  'SavedReply.tags': 'a subset of the PostTag enum',
  'PostSource.completedChecks': 'a subset of the SourceCheck enum',
  'Query.nodes': 'one entry per id asked, at most 100',
  'Query.webhookEventTypes': 'the service\'s fixed catalogue of event types',
  'WebhookDelivery.attemptLog': 'bounded by the retry schedule\'s maximum attempts',
  'WebhookEndpoint.eventTypes': 'an endpoint\'s subscription, at most 50 patterns',
  // A policy's configuration lists: bounded by the policy's validation.
  'ApprovalRequiredConfig.formats': 'a subset of the PostFormat enum',
  'ApprovalRequiredConfig.tags': 'a subset of the PostTag enum',
  'BannedTermsConfig.terms': 'a policy\'s configuration, bounded by its validation',
  'BusinessHours.days': 'days of the week, at most 7',
  'ContentLengthConfig.rules': 'at most one rule per network and format',
  'InternalAudienceTestConfig.tags': 'a subset of the PostTag enum',
  'ReplyApprovalConfig.abouts': 'a subset of the InboxAbout enum',
  'ReplyApprovalConfig.authorRoles': 'a policy\'s configuration, bounded by its validation',
  'RequiredDisclosureConfig.tags': 'a subset of the PostTag enum',
  'ResponseSlaConfig.targets': 'a policy\'s configuration, bounded by its validation',
  'ResponseSlaTarget.abouts': 'a subset of the InboxAbout enum',
  'ResponseSlaTarget.kinds': 'a subset of the InboxItemKind enum',
  'SourceVerificationConfig.requiredChecks': 'a subset of the SourceCheck enum',
  'SpeculationLabelConfig.labels': 'a policy\'s configuration, bounded by its validation',
  'SpeculationLabelConfig.tags': 'a subset of the PostTag enum',
};

/**
 * Object types with an id that are not Nodes, each with why: their id is another object's, so
 * `node(id)` could not tell which of the two to answer (every other object type with an id is a Node).
 */
const NOT_NODES: Record<string, string> = {
  Viewer: 'the caller, not an entity: its id is the calling User\'s or ApiKey\'s, which node(id) answers as that type',
  InboxMessage: 'a view of an InboxItem (in) or an InboxReply (out) inside a conversation: its id is that item\'s or reply\'s, which node(id) answers as that type',
};

const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
const objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
const isConnection = (field: GraphQLField<unknown, unknown>) => {
  const type = getNullableType(field.type);
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return Boolean(fields.edges && fields.pageInfo && fields.totalCount);
};
/** Every list output field, but the edges of a connection. */
const listFields = objectTypes
  .filter((type) => !type.name.endsWith('Connection'))
  .flatMap((type) => Object.values(type.getFields()).filter((f) => isListType(getNullableType(f.type))).map((field) => ({ type, field, name: `${type.name}.${field.name}` })));

describe('Relay lists in schema.gql', () => {
  it('finds the schema\'s list fields (a broken reader would pass everything)', () => {
    expect(listFields.length).toBeGreaterThan(60);
  });

  it('makes every list field a connection, a deprecated list beside its connection, or a named fixed-size list', () => {
    const offending = listFields
      .filter(({ name, field, type }) => {
        if (FIXED_SIZE[name]) return false;
        if (!field.deprecationReason) return true;
        const replacement = type.getFields()[`${field.name}Connection`];
        return !(replacement && isConnection(replacement) && field.deprecationReason.includes(replacement.name));
      })
      .map(({ name }) => name);
    expect(offending).toEqual([]);
  });

  it('names no exception that is not a list field of the schema, and no deprecated list as fixed-size', () => {
    const lists = new Map(listFields.map((l) => [l.name, l.field]));
    expect(Object.keys(FIXED_SIZE).filter((name) => !lists.has(name))).toEqual([]);
    expect(Object.keys(FIXED_SIZE).filter((name) => lists.get(name)?.deprecationReason)).toEqual([]);
  });

  it('pages every connection forward (first/after), and posts, inbox and auditEvents backward too (last/before)', () => {
    const connections = objectTypes.flatMap((type) => Object.values(type.getFields()).filter(isConnection).map((field) => ({ name: `${type.name}.${field.name}`, args: field.args.map((a) => a.name) })));
    expect(connections.filter((c) => !(c.args.includes('first') && c.args.includes('after'))).map((c) => c.name)).toEqual([]);
    const backward = connections.filter((c) => c.args.includes('last') && c.args.includes('before')).map((c) => c.name);
    expect(backward.sort()).toEqual(['Query.auditEvents', 'Query.inbox', 'Query.posts']);
  });

  it('makes every object type with an id a Node, but the named ones', () => {
    const withId = objectTypes.filter((t) => t.getFields().id && String(t.getFields().id.type) === 'ID!' && !t.name.endsWith('Edge'));
    const nodes = new Set(schema.getPossibleTypes(schema.getType('Node') as never).map((t) => t.name));
    expect(withId.filter((t) => !nodes.has(t.name) && !NOT_NODES[t.name]).map((t) => t.name)).toEqual([]);
    expect(Object.keys(NOT_NODES).filter((name) => nodes.has(name) || !withId.some((t) => t.name === name))).toEqual([]);
    expect(getNamedType(schema.getQueryType()!.getFields().node.type).name).toBe('Node');
  });
});
