// What one worker process measures and reports, and the small statistics the runner needs.
// Kept free of cdk8s imports so that loading this file costs the same in every mode.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The modes a worker runs. */
export type Mode = 'library' | 'baseline' | 'floor' | 'gitops-fleet' | 'default-app' | 'empty';

/** What a worker prints (one JSON line on stdout). */
export interface Sample {
  readonly mode: Mode;
  readonly sites: number;
  /** `require()` of the fleet module (the library or bare cdk8s), ms. */
  readonly loadMs: number;
  /** Building the construct tree, ms. */
  readonly constructMs: number;
  /** `app.synth()`: validation, resolution, YAML files written to a temporary folder, ms. */
  readonly synthMs: number;
  /** load + construct + synth, ms: the wall time compared between modes. */
  readonly totalMs: number;
  /** CPU time (user + system, all threads incl. GC) over the same span, ms: less sensitive to a busy machine. */
  readonly cpuMs: number;
  /** Peak resident set size of the whole process (includes Node's own baseline), MiB. */
  readonly maxRssMiB: number;
  /** V8 heap in use right after synth, before any collection, MiB. */
  readonly heapUsedMiB: number;
  /** V8 heap still reachable after synth with the app alive (after a full GC), MiB. */
  readonly heapRetainedMiB: number;
  /** Number of YAML documents written. */
  readonly documents: number;
  /** Bytes of YAML written. */
  readonly bytes: number;
  /** Bytes of the largest document written (what one apply sends). */
  readonly maxDocumentBytes: number;
  /** sha256 over the written files (sorted paths, exact bytes). */
  readonly exactHash: string;
  /** sha256 over the written documents, sorted: equal when the same objects are written in any order. */
  readonly documentHash: string;
}

const MIB = 1024 * 1024;

/** Milliseconds since `start` (a `process.hrtime.bigint()` value). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Peak RSS of this process in MiB (`maxRSS` is in KiB). */
export function maxRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Heap used now, MiB. */
export function heapUsedMiB(): number {
  return process.memoryUsage().heapUsed / MIB;
}

/** Heap reachable after a full collection (needs `--expose-gc`; falls back to heapUsed). */
export function heapRetainedMiB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed / MIB;
}

/** Every file below `dir`, sorted by relative path. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Split a multi-document YAML file into its documents (cdk8s separates them with `---`). */
export function splitDocuments(text: string): string[] {
  return text.split(/^---\n/m).map((d) => d.trim()).filter((d) => d.length > 0);
}

/** Counts and hashes of what a synth wrote into `dir`. */
export function digestOutput(dir: string): Pick<Sample, 'documents' | 'bytes' | 'maxDocumentBytes' | 'exactHash' | 'documentHash'> {
  const exact = crypto.createHash('sha256');
  const docs: string[] = [];
  let bytes = 0;
  for (const file of listFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    exact.update(path.relative(dir, file)).update('\0').update(text).update('\0');
    docs.push(...splitDocuments(text));
  }
  docs.sort();
  const maxDocumentBytes = docs.reduce((m, d) => Math.max(m, Buffer.byteLength(d)), 0);
  const byDoc = crypto.createHash('sha256');
  for (const d of docs) byDoc.update(d).update('\0');
  return { documents: docs.length, bytes, maxDocumentBytes, exactHash: exact.digest('hex'), documentHash: byDoc.digest('hex') };
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
