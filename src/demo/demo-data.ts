import { BuiltInRole } from '../../libs/auth';
import { SocialNetwork } from '../../libs/core';

/** The Mars demo organization (README, "The demo organization"): what `npm start` seeds on an empty database. */
export const DEMO_PASSWORD = 'parasol-demo';

/** Who is who in the demo, and the role each holds (on the umbrella Mars, or on Snickers). */
export const DEMO_USERS = {
  admin: { email: 'admin@mars.example', displayName: 'Ada Admin', role: BuiltInRole.ORG_ADMIN, on: 'organization' },
  manager: { email: 'manager@mars.example', displayName: 'Mia Manager', role: BuiltInRole.BRAND_MANAGER, on: 'Mars' },
  agent: { email: 'agent@snickers.example', displayName: 'Sam Zoom-Agent', role: BuiltInRole.ZOOM_AGENT, on: 'Snickers' },
  approver: { email: 'approver@mars.example', displayName: 'Alex Approver', role: BuiltInRole.APPROVER, on: 'Mars' },
  analyst: { email: 'analyst@mars.example', displayName: 'Ana Analyst', role: BuiltInRole.ANALYST, on: 'Mars' },
} as const;

export const DEMO_API_KEY = { name: 'CRM sync (demo)', role: BuiltInRole.INTEGRATION, on: 'Mars' } as const;

export interface DemoBrand {
  name: string;
  slug?: string;
  description: string;
  primaryColor: string;
  audience: { description: string; painPoints: string[]; positioning: string; competitors: string[] };
  goals: string[];
  profiles: { network: SocialNetwork; handle: string; displayName: string; url: string }[];
}

export const DEMO_UMBRELLA = {
  name: 'Mars',
  description: 'Umbrella brand: governance and policies set here flow down to every sub-brand.',
  branding: { primaryColor: '#0000A0', voiceGuidelines: 'Warm, playful, never snarky. Talk with people, not at them.' },
  audience: {
    description: 'Snack lovers of every age, and the retailers who stock us.',
    painPoints: ['Wants a quick treat without guilt', 'Distrusts ads that pretend to be news'],
    positioning: 'Moments of joy, made responsibly.',
    competitors: ['Mondelez', 'Nestlé', 'Hershey'],
  },
  goals: ['Answer every question within a day', 'Keep each sub-brand on its own voice'],
};

const pages = (facebook: string, x: string, name: string) => [
  { network: SocialNetwork.FACEBOOK, handle: facebook, displayName: `${name} on Facebook`, url: `https://www.facebook.com/${facebook}` },
  { network: SocialNetwork.X, handle: x, displayName: `${name} on X`, url: `https://x.com/${x}` },
];

export const DEMO_SUB_BRANDS: DemoBrand[] = [
  {
    name: "M&M's",
    description: 'Colourful chocolate candies with a cast of characters.',
    primaryColor: '#E4002B',
    audience: { description: 'Families and fans of the characters.', painPoints: ['Wants shareable fun'], positioning: 'Fun that brings people together.', competitors: ['Smarties', 'Skittles'] },
    goals: ['Grow engagement with the characters'],
    profiles: pages('mms', 'mmschocolate', "M&M's"),
  },
  {
    name: 'Snickers',
    description: "You're not you when you're hungry.",
    primaryColor: '#5C3A21',
    audience: { description: 'Active people between meals.', painPoints: ['Hunger at the wrong moment'], positioning: 'The bar that satisfies.', competitors: ['Twix', 'Payday'] },
    goals: ['Answer complaints within the response target', 'Two humorous posts a week, tested internally first'],
    profiles: pages('snickers', 'SNICKERS', 'Snickers'),
  },
  {
    name: 'Dove',
    description: 'Silky smooth chocolate and its messages.',
    primaryColor: '#4A2C2A',
    audience: { description: 'Adults seeking a small indulgence.', painPoints: ['Wants a moment for themselves'], positioning: 'Pure, silky indulgence.', competitors: ['Lindt', 'Ghirardelli'] },
    goals: ['Grow the blog with 150-300 word stories'],
    profiles: pages('dovechocolate', 'DoveChocolate', 'Dove'),
  },
  {
    name: 'Mars',
    slug: 'mars-bar',
    description: 'The original Mars bar.',
    primaryColor: '#D2001C',
    audience: { description: 'Fans of the classic bar.', painPoints: ['Needs an energy boost'], positioning: 'Work, rest and play.', competitors: ['Milky Way', 'Galaxy'] },
    goals: ['Keep the classic relevant'],
    profiles: pages('marsbar', 'marsbar', 'Mars bar'),
  },
];

/** The umbrella's governance: it flows down to every sub-brand (docs/guide/policies.md). */
export const DEMO_WORKFLOW = {
  name: 'Brand approval',
  description: 'One approver signs off humour and promotions before they go out.',
  stages: [{ name: 'Approver review', approverRoles: ['APPROVER', 'BRAND_MANAGER'], quorum: 1, slaHours: 24 }],
};

export const DEMO_BANNED_TERMS = ['guaranteed weight loss', 'cure'];
export const DEMO_DISCLOSURE = '#ad';
export const DEMO_LAUNCH_READINESS = 3;

/** The umbrella's response targets (RESPONSE_SLA): complaints within an hour, questions within two, the rest within four. */
export const DEMO_RESPONSE_SLA = { minutes: 240, targets: [{ abouts: ['COMPLAINT'], minutes: 60 }, { abouts: ['QUESTION'], minutes: 120 }] } as const;

/** Words no comment with a link may carry on any Mars brand: the umbrella's locked moderation rule hides them. */
export const DEMO_SPAM_TERMS = [...DEMO_BANNED_TERMS, 'giveaway', 'crypto', 'click here'];

/**
 * Snickers' inbox on its X profile, as the README tells it: `minutesAgo` sets when each arrived,
 * `then` what the agent did with it. The complaint is past its one-hour target (overdue).
 */
export const DEMO_INBOX = [
  { key: 'question', kind: 'COMMENT', about: 'QUESTION', minutesAgo: 25, author: { handle: 'ola_runs', displayName: 'Ola' }, body: 'Are Snickers bars gluten free? Asking for my daughter.' },
  { key: 'complaint', kind: 'DIRECT_MESSAGE', about: 'COMPLAINT', minutesAgo: 190, author: { handle: 'kuba_k', displayName: 'Kuba K.' }, body: 'My Snickers was completely melted when I opened it, third time this month from the same shop.' },
  { key: 'spam', kind: 'COMMENT', about: undefined, minutesAgo: 70, author: { handle: 'deals4u_2026' }, body: 'Guaranteed weight loss with one trick, click here https://deals.example/snack' },
  { key: 'fan', kind: 'MENTION', about: 'PRAISE', minutesAgo: 40, author: { handle: 'marta_studies', displayName: 'Marta' }, body: 'Snickers got me through exam week. You are the best!', then: 'thank' },
  { key: 'answered', kind: 'COMMENT', about: 'QUESTION', minutesAgo: 90, author: { handle: 'festival_tom', displayName: 'Tom' }, body: 'Will there be a Snickers stand at the Open\'er festival this year?', then: 'reply' },
] as const;

export const DEMO_FESTIVAL_REPLY = 'Yes! Find us by the main stage all four days, with free samples for everyone who says hi.';
