import { appendFileSync, readFileSync } from 'node:fs';

/** One call the sandbox "network" accepted: a line of the ledger file. */
export interface LedgerEntry {
  kind: 'publish' | 'reply';
  /** The idempotency key the call carried. */
  key: string;
  postId: string | null;
  profileId: string;
  revision: number | null;
  replyId: string | null;
  /** The process that made the call. */
  pid: number;
  /** What the network answered. */
  externalId: string;
}

/**
 * The sandbox network's own record of what it accepted, kept in a JSONL file that every process
 * of a deployment (or a test's replicas) shares: one line per accepted call, appended with
 * O_APPEND in a single write, so lines of concurrent processes never interleave, and written
 * before the call returns, so a process killed right after still leaves its line. It records
 * every call, duplicates included: counting lines per key is how a test sees a double send.
 */
export class SandboxLedger {
  constructor(readonly path: string) {}

  append(entry: LedgerEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { flag: 'a' });
  }

  /** Every line so far, from every process; a torn last line (a process killed mid-write) is skipped. */
  entries(): LedgerEntry[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: LedgerEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        entries.push(JSON.parse(line) as LedgerEntry);
      } catch {
        // Only a write cut short by a kill can leave half a line; it never returned, so it is no accepted call.
      }
    }
    return entries;
  }

  /** The first accepted call with this kind and key, if any. */
  find(kind: LedgerEntry['kind'], key: string): LedgerEntry | undefined {
    return this.entries().find((e) => e.kind === kind && e.key === key);
  }
}
