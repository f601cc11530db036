import { InboxAbout, InboxItemKind } from './inbox.enums';

/** One problem with one ingested item; `field` is its path in the call (`input.3.author.handle`). */
export interface IngestError {
  field: string;
  message: string;
  code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN';
}

/** The fields of an item as ingestInboxItems receives them (plain values: the list is not validated by the pipe). */
export interface IngestItemFields {
  profileId: string;
  networkId: string;
  kind: InboxItemKind;
  about?: InboxAbout | null;
  body: string;
  language?: string | null;
  author: { handle: string; displayName?: string | null; profileUrl?: string | null };
  receivedAt: Date;
  parentNetworkId?: string | null;
  threadId?: string | null;
  postId?: string | null;
  permalink?: string | null;
}

export const MAX_INGEST_ITEMS = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const FUTURE_SKEW_MS = 5 * 60_000;

/** A handle as stored: trimmed, without the leading @ people write. */
export const normalizeHandle = (handle: string) => handle.trim().replace(/^@/, '');

function webUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * What is wrong with an item's own fields, before anything is looked up: ids that are not
 * uuids, blank or too long strings, URLs that are not http(s), a time too far ahead. The
 * limits keep every thread key within its 300 characters (`item:` + network id, `thread:` + thread id).
 */
export function checkFields(item: IngestItemFields, at: string, now: Date): IngestError[] {
  const errors: IngestError[] = [];
  const bad = (field: string, message: string) => errors.push({ field: `${at}.${field}`, message, code: 'BAD_USER_INPUT' });
  const text = (field: string, value: string | null | undefined, max: number, required: boolean) => {
    if (value === null || value === undefined) return required && bad(field, `${field} is required`);
    if (required && !value.trim()) return bad(field, `${field} must not be blank`);
    if (value.length > max) bad(field, `${field} must be at most ${max} characters`);
  };
  if (!UUID.test(item.profileId)) bad('profileId', 'profileId must be a social profile id');
  if (item.postId != null && !UUID.test(item.postId)) bad('postId', 'postId must be a post id');
  text('networkId', item.networkId, 295, true);
  text('parentNetworkId', item.parentNetworkId, 295, false);
  text('threadId', item.threadId, 290, false);
  if (item.threadId != null && !item.threadId.trim()) bad('threadId', 'threadId must not be blank');
  text('body', item.body, 20_000, false);
  if (item.language != null && (item.language.length > 35 || !LANGUAGE.test(item.language))) bad('language', 'language must be a BCP 47 tag such as en or pt-BR');
  const handle = normalizeHandle(item.author.handle);
  if (!handle) bad('author.handle', 'author.handle must not be blank');
  else if (handle.length > 200) bad('author.handle', 'author.handle must be at most 200 characters');
  text('author.displayName', item.author.displayName, 200, false);
  for (const [field, value] of [['author.profileUrl', item.author.profileUrl], ['permalink', item.permalink]] as const) {
    if (value == null) continue;
    if (value.length > 2048) bad(field, `${field} must be at most 2048 characters`);
    else if (!webUrl(value)) bad(field, `${field} must be an http(s) URL`);
  }
  if (!(item.receivedAt instanceof Date) || Number.isNaN(item.receivedAt.getTime())) bad('receivedAt', 'receivedAt must be a date-time');
  else if (item.receivedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) bad('receivedAt', 'receivedAt must not be in the future');
  return errors;
}

/**
 * The conversation an item opens or joins when its parent is not an item already on the
 * profile: the network's thread, a direct-message thread per contact, else its own thread
 * (a comment starts one).
 */
export function threadKey(item: Pick<IngestItemFields, 'threadId' | 'kind' | 'networkId'>, handle: string): string {
  if (item.threadId) return `thread:${item.threadId}`;
  if (item.kind === InboxItemKind.DIRECT_MESSAGE) return `dm:${handle.toLowerCase()}`;
  return `item:${item.networkId}`;
}
