import { requiredReplyWorkflows } from './reply-approval';
import { Enforcement, InboxAbout, PolicyConfigs, PolicyRule, PolicyType, ReplyForApproval } from './types';

const approval = (id: string, config: PolicyConfigs[PolicyType.APPROVAL_REQUIRED], enabled = true): PolicyRule => ({
  id,
  brandId: 'mars',
  type: PolicyType.APPROVAL_REQUIRED,
  enforcement: Enforcement.BLOCK,
  locked: false,
  enabled,
  config,
});

const reply = (about: InboxAbout, authorRoleKeys: string[] = ['ZOOM_AGENT']): ReplyForApproval => ({ about, authorRoleKeys });

describe('requiredReplyWorkflows', () => {
  const complaints = approval('p-complaints', { workflowId: 'wf-posts', tags: [], replies: { workflowId: 'wf-care', abouts: [InboxAbout.COMPLAINT] } });
  const creators = approval('p-creators', { workflowId: 'wf-review', replies: { authorRoles: ['CONTENT_CREATOR', 'CARE_TRAINEE'] } });
  const every = approval('p-every', { workflowId: 'wf-all', replies: { always: true } });
  const postsOnly = approval('p-posts', { workflowId: 'wf-posts', always: true });

  it.each<[string, ReplyForApproval, PolicyRule[], string[]]>([
    ['a policy without replies routes no reply, even with always for posts', reply(InboxAbout.COMPLAINT), [postsOnly], []],
    ['a complaint goes to the replies workflow', reply(InboxAbout.COMPLAINT), [complaints], ['wf-care']],
    ['a question is not a complaint', reply(InboxAbout.QUESTION), [complaints], []],
    ["an author's role, with the policy's workflow when replies name none", reply(InboxAbout.PRAISE, ['CONTENT_CREATOR']), [creators], ['wf-review']],
    ['a custom role counts like a built-in one', reply(InboxAbout.OTHER, ['APPROVER', 'CARE_TRAINEE']), [creators], ['wf-review']],
    ['an author without the role', reply(InboxAbout.PRAISE, ['ZOOM_AGENT']), [creators], []],
    ['an author with no role on the brand', reply(InboxAbout.PRAISE, []), [creators], []],
    ['always applies to any reply', reply(InboxAbout.OTHER), [every], ['wf-all']],
    ['several apply, in policy order', reply(InboxAbout.COMPLAINT, ['CONTENT_CREATOR']), [every, creators, complaints], ['wf-all', 'wf-review', 'wf-care']],
    ['always: false alone does not apply', reply(InboxAbout.COMPLAINT), [approval('p-never', { workflowId: 'wf', replies: { always: false, abouts: [InboxAbout.QUESTION] } })], []],
    ['a disabled policy does not apply', reply(InboxAbout.COMPLAINT), [approval('p-off', { workflowId: 'wf', replies: { always: true } }, false)], []],
    ['other policy types are ignored', reply(InboxAbout.COMPLAINT), [{ ...every, type: PolicyType.RESPONSE_SLA, config: { minutes: 5 } } as PolicyRule], []],
    ['null members are tolerated', reply(InboxAbout.COMPLAINT), [approval('p-null', { workflowId: 'wf', replies: { workflowId: null, always: null, abouts: [InboxAbout.COMPLAINT], authorRoles: null } } as never)], ['wf']],
    ['null replies are tolerated', reply(InboxAbout.COMPLAINT), [approval('p-null', { workflowId: 'wf', always: true, replies: null } as never)], []],
  ])('%s', (_label, r, policies, workflowIds) => {
    expect(requiredReplyWorkflows(r, policies).map((w) => w.workflowId)).toEqual(workflowIds);
  });

  it('names each workflow once, with the first policy that asks for it', () => {
    const again = approval('p-again', { workflowId: 'wf-care', replies: { always: true } });
    expect(requiredReplyWorkflows(reply(InboxAbout.COMPLAINT), [complaints, again])).toEqual([{ policyId: 'p-complaints', brandId: 'mars', workflowId: 'wf-care' }]);
  });
});
