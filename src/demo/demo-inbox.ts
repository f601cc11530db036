import { Injectable } from '@nestjs/common';
import { Principal, RequestContext } from '../../libs/core';
import { Enforcement, InboxAbout, InboxItemKind, PolicyType } from '../../libs/policy-engine';
import { PoliciesService } from '../policies';
import { SocialProfilesService } from '../profiles';
import { InboxIngestService, InboxItemEdits, InboxRepliesService, ModerationActionType, ModerationConditionType, ModerationRulesService } from '../inbox';
import { DEMO_FESTIVAL_REPLY, DEMO_INBOX, DEMO_RESPONSE_SLA, DEMO_SPAM_TERMS } from './demo-data';

const MINUTE = 60_000;

/**
 * Snickers' inbox in the demo: the umbrella's response targets and locked spam rule, a Snickers
 * rule routing questions to its zoom agent, and five messages on its X profile (README, "The
 * demo organization"). Everything goes through the inbox's own use cases, as an integrator's
 * ingest and the agent's work would.
 */
@Injectable()
export class DemoInbox {
  constructor(
    private readonly policies: PoliciesService,
    private readonly profiles: SocialProfilesService,
    private readonly rules: ModerationRulesService,
    private readonly ingest: InboxIngestService,
    private readonly edits: InboxItemEdits,
    private readonly replies: InboxRepliesService,
  ) {}

  async seed(admin: RequestContext, agent: Principal, brandIds: Record<string, string>): Promise<void> {
    const mars = brandIds.Mars;
    await this.policies.set(admin, {
      brandId: mars, type: PolicyType.RESPONSE_SLA, enforcement: Enforcement.WARN, locked: false, enabled: true,
      config: { responseSla: { ...DEMO_RESPONSE_SLA, targets: DEMO_RESPONSE_SLA.targets.map((t) => ({ abouts: [...t.abouts] as InboxAbout[], minutes: t.minutes })) } },
    });
    await this.rules.set(admin, {
      brandId: mars, name: 'Spam with links', locked: true,
      conditions: [{ type: ModerationConditionType.KEYWORDS, terms: DEMO_SPAM_TERMS }, { type: ModerationConditionType.HAS_LINK }],
      actions: [{ type: ModerationActionType.HIDE }],
    });
    await this.rules.set(admin, {
      brandId: brandIds.Snickers, name: 'Questions to the Snickers agent',
      conditions: [{ type: ModerationConditionType.ABOUT, abouts: [InboxAbout.QUESTION] }],
      actions: [{ type: ModerationActionType.ASSIGN, principalId: agent.id }],
    });
    const profiles = await this.profiles.forBrand(admin, brandIds.Snickers, { first: 10 });
    const x = profiles.edges.map((e) => e.node).find((p) => p.network === 'X')!;
    const now = Date.now();
    const result = await this.ingest.ingest(admin, DEMO_INBOX.map((m) => ({
      profileId: x.id,
      networkId: `demo-${m.key}`,
      kind: m.kind as InboxItemKind,
      about: m.about as InboxAbout | undefined,
      body: m.body,
      language: 'en',
      author: { ...m.author },
      receivedAt: new Date(now - m.minutesAgo * MINUTE),
      permalink: m.kind === 'DIRECT_MESSAGE' ? undefined : `https://x.com/${m.author.handle}/status/demo-${m.key}`,
    })));
    const agentCtx = new RequestContext(agent);
    for (const [i, message] of DEMO_INBOX.entries()) {
      const item = result.results[i].item!;
      if ('then' in message && message.then === 'thank') await this.edits.thank(agentCtx, item.id, 'Shared in the team channel: exam-week fan.');
      if ('then' in message && message.then === 'reply') await this.replies.reply(agentCtx, { itemId: item.id, body: DEMO_FESTIVAL_REPLY });
    }
  }
}
