/**
 * The chain verifier's pure core: feed it lines in order (`push`), then `finish`. It keeps the
 * last hash, the next expected seq and a small ring of recent hashes, so memory is constant.
 * At the first failure it names the kind; telling "deleted" from "reordered" or "inserted"
 * needs a look at the lines that follow, so it reads a bounded number of them before deciding.
 */
import { hashesEqual } from './canonical.js';
import {
  classifyAtOnce,
  classifyWithFollowing,
  followingNeeded,
  linkOf,
  type BreakContext,
  type Link,
} from './chain-break.js';
import { GENESIS_HASH } from './event.js';
import { checkLine } from './line.js';
import type { RawLine } from './reader.js';

export type FailureKind =
  | 'edited'
  | 'inserted'
  | 'deleted'
  | 'reordered'
  | 'duplicated'
  | 'malformed'
  | 'field'
  | 'version'
  | 'incomplete'
  | 'rotation'
  | 'truncated'
  | 'rewritten'
  | 'missing'
  | 'checkpoint';

export interface VerifyFailure {
  kind: FailureKind;
  file: string;
  line: number;
  /** The seq recorded on the failing line, when it has one. */
  seq?: number;
  /** The seq the chain expected there. */
  expectedSeq: number;
  message: string;
}

export interface ChainState {
  events: number;
  lastSeq?: number;
  lastHash: string;
  /** The file holding the last good event. */
  lastFile?: string;
}

export interface VerifierOptions {
  /** A checkpoint the log must still hold: the event with this seq must have this hash. */
  checkpoint?: { seq: number; hash: string };
  /** How many lines to read past a gap when telling deleted from reordered (default 10,000). */
  lookahead?: number;
}

interface Pending {
  raw: RawLine;
  event: Link;
  ctx: BreakContext;
  after: Link[];
  scanned: number;
  foundExpected: boolean;
}

const RING = 256;

export class ChainVerifier {
  private expected = 0;
  private prevHash = GENESIS_HASH;
  private prevLine: { file: string; line: number } | undefined;
  private events = 0;
  private file: string | undefined;
  private previousFile: string | undefined;
  private failure: VerifyFailure | undefined;
  private pending: Pending | undefined;
  private readonly ringHash: string[] = new Array<string>(RING);
  private readonly ringLine: { file: string; line: number; seq: number }[] = new Array(RING);
  private checkpointSeen = false;
  private readonly lookahead: number;

  constructor(private readonly options: VerifierOptions = {}) {
    this.lookahead = options.lookahead ?? 10_000;
  }

  state(): ChainState {
    return {
      events: this.events,
      lastSeq: this.events > 0 ? this.expected - 1 : undefined,
      lastHash: this.prevHash,
      lastFile: this.prevLine?.file,
    };
  }

  /** Feeds the next line; false once a verdict is reached (stop feeding then). */
  push(raw: RawLine): boolean {
    if (this.failure) return false;
    if (this.pending) {
      this.classifyWith(raw);
      return this.failure === undefined;
    }
    const atFileStart = raw.file !== this.file;
    if (atFileStart) {
      this.previousFile = this.file;
      this.file = raw.file;
    }
    const expectedSeq = this.expected;
    if (!raw.complete) {
      this.fail(
        raw,
        'incomplete',
        expectedSeq,
        undefined,
        'incomplete final line: a write was interrupted (not tampering); the next append moves it to a .torn file',
      );
      return false;
    }
    const check = checkLine(raw.text, raw.invalidUtf8);
    if (!check.ok) {
      const seq = typeof check.event?.seq === 'number' ? check.event.seq : undefined;
      this.fail(raw, check.kind, expectedSeq, seq, check.message);
      return false;
    }
    const { event } = check;
    if (event.seq === expectedSeq && event.prev_hash === this.prevHash) {
      this.accept(raw, event.seq, event.hash);
      return this.failure === undefined;
    }
    this.mismatch(raw, { seq: event.seq, prev: event.prev_hash, hash: event.hash }, atFileStart);
    return this.failure === undefined;
  }

  finish(): { ok: boolean; failure?: VerifyFailure; state: ChainState } {
    if (this.pending) this.decidePending();
    const cp = this.options.checkpoint;
    if (!this.failure && cp && !this.checkpointSeen) {
      const last = this.events > 0 ? this.expected - 1 : -1;
      this.failure = {
        kind: 'truncated',
        file: this.file ?? '',
        line: this.prevLine?.line ?? 0,
        seq: last >= 0 ? last : undefined,
        expectedSeq: this.expected,
        message: `the log ends at seq ${last} but the checkpoint records seq ${cp.seq}: events were cut off the end`,
      };
    }
    return { ok: this.failure === undefined, failure: this.failure, state: this.state() };
  }

  private accept(raw: RawLine, seq: number, hash: string): void {
    const slot = this.events % RING;
    this.ringHash[slot] = hash;
    this.ringLine[slot] = { file: raw.file, line: raw.line, seq };
    this.events++;
    this.expected = seq + 1;
    this.prevHash = hash;
    this.prevLine = { file: raw.file, line: raw.line };
    const cp = this.options.checkpoint;
    if (cp && seq === cp.seq) {
      this.checkpointSeen = true;
      if (!hashesEqual(hash, cp.hash)) {
        this.fail(
          raw,
          'rewritten',
          seq,
          seq,
          `seq ${seq} has hash ${hash.slice(0, 12)}… but the checkpoint records ${cp.hash.slice(0, 12)}…: the log was rewritten up to here`,
        );
      }
    }
  }

  private fail(
    raw: RawLine,
    kind: FailureKind,
    expectedSeq: number,
    seq: number | undefined,
    message: string,
  ): void {
    this.failure = { kind, file: raw.file, line: raw.line, seq, expectedSeq, message };
  }

  private mismatch(raw: RawLine, event: Link, atFileStart: boolean): void {
    const ctx: BreakContext = {
      expected: this.expected,
      prevHash: this.prevHash,
      where: this.prevLine ? `line ${this.prevLine.line}` : 'the start',
      crossedFrom: atFileStart ? this.previousFile : undefined,
      recent: (hash) => this.findRecent(hash),
    };
    const now = classifyAtOnce(event, ctx);
    if (now) {
      this.fail(raw, now.kind, ctx.expected, event.seq, now.message);
      return;
    }
    this.pending = { raw, event, ctx, after: [], scanned: 0, foundExpected: false };
  }

  private findRecent(hash: string): { line: number; seq: number } | undefined {
    const n = Math.min(this.events, RING);
    for (let i = 1; i <= n; i++) {
      const slot = (this.events - i) % RING;
      if (this.ringHash[slot] === hash) return this.ringLine[slot];
    }
    return undefined;
  }

  private classifyWith(raw: RawLine): void {
    const p = this.pending as Pending;
    const link = raw.complete ? linkOf(raw.text) : undefined;
    p.scanned++;
    if (p.after.length < 2) p.after.push(link ?? { seq: -1, prev: '', hash: '' });
    if (link && link.seq === p.ctx.expected) p.foundExpected = true;
    const needed = followingNeeded(p.event, p.ctx);
    const enough =
      p.after.length >= needed && (needed === 1 || p.foundExpected || p.scanned >= this.lookahead);
    if (enough) this.decidePending();
  }

  private decidePending(): void {
    const p = this.pending as Pending;
    this.pending = undefined;
    const verdict = classifyWithFollowing(p.event, p.ctx, p.after, p.foundExpected);
    this.fail(p.raw, verdict.kind, p.ctx.expected, p.event.seq, verdict.message);
  }
}
