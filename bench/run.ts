// `npm run bench` (= `npm run compile && node lib/bench/run.js [options]`).
//
// Renders a fleet of N sites with the library (patterns, all validation on, through its synth
// pipeline) and, in the same run, a baseline that writes the same objects as bare cdk8s
// ApiObjects chart by chart with public API, and a floor that only stringifies the same
// documents with `yaml` and writes them; each measurement is a fresh process
// (lib/bench/worker.js), the modes' runs are interleaved, and the figures are medians. Prints a
// table, writes lib/bench/results.json, and exits 1 when a target is missed.
//
// Options:
//   --sites 500,1000,2000,4000,8000   fleet sizes (ratios checked at 1000, growth between N and 2N)
//   --runs K                    runs per mode and size (default 5 up to 2000 sites, 3 above)
//   --fleet-sites 1250,2500,5000      sizes of the GitOps fleet (bench/gitops-fleet.ts: 50 tenant folders, shared gateways)
//   --full                      also time a clean `npm run compile` (in a temporary copy) and `npm test`
//   --json FILE                 where to write the results (default lib/bench/results.json)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median, Mode, Sample } from './measure';

/** The targets (DESIGN.md §9, issue #11). */
export const TARGETS = {
  /** Library / baseline, wall and CPU time, at `ratioSites`. */
  ratio: 1.2,
  /** Library / floor, wall time, at `ratioSites`. */
  floorRatio: 1.6,
  /** Library / baseline, peak RSS, at `ratioSites`. */
  rssRatio: 1.5,
  ratioSites: 1000,
  /** Library render time (construct + synth) at 2N over N. */
  growth: 2.1,
  /** GitOps fleet (bench/gitops-fleet.ts): peak RSS at its largest size, MiB. */
  fleetRssMiB: 1536,
  /** GitOps fleet: the largest object, bytes (client-side apply's annotation limit). */
  fleetMaxObjectBytes: 262144,
  /** Default app, require + build + synth from compiled JS, ms. */
  defaultAppMs: 1000,
  /** `npm test`, ms. */
  testMs: 60_000,
  /** Clean `npm run compile`, ms. */
  buildMs: 30_000,
};

interface Options {
  readonly sites: number[];
  readonly fleetSites: number[];
  readonly runs?: number;
  readonly full: boolean;
  readonly json: string;
}

interface Row {
  readonly sites: number;
  readonly runs: number;
  readonly documents: number;
  readonly bytes: number;
  readonly library: Summary;
  readonly baseline: Summary;
  readonly floor: Summary;
  readonly timeRatio: number;
  readonly floorRatio: number;
  readonly cpuRatio: number;
  readonly rssRatio: number;
  /** RSS ratio after subtracting an empty Node process's RSS from both. */
  readonly netRssRatio: number;
  readonly heapRatio: number;
  readonly sameObjects: boolean;
  readonly sameBytes: boolean;
}

interface Summary {
  readonly loadMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly renderMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapRetainedMiB: number;
}

interface Gate {
  readonly target: string;
  readonly value: string;
  readonly limit: string;
  readonly ok: boolean | undefined;
}

const ROOT = findRoot(__dirname);
/** The worker of the snapshot taken at start (see `snapshot()`). */
let WORKER = path.join(__dirname, 'worker.js');

function findRoot(dir: string): string {
  let d = dir;
  while (!fs.existsSync(path.join(d, 'package.json'))) {
    const up = path.dirname(d);
    if (up === d) throw new Error(`no package.json above ${dir}`);
    d = up;
  }
  return d;
}

/**
 * Copy the compiled code (lib/src, lib/imports, lib/bench) to a temporary folder and run the
 * workers from there, so that a `npm run compile` running meanwhile (other work in the same
 * checkout) cannot change the code under measurement halfway through.
 */
function snapshot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lib-'));
  for (const part of ['src', 'imports', 'bench']) {
    const from = path.join(ROOT, 'lib', part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, 'lib', part), { recursive: true, filter: (f) => !f.endsWith('.d.ts') && !f.endsWith('results.json') });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  WORKER = path.join(dir, 'lib', 'bench', 'worker.js');
  return dir;
}

function parseOptions(argv: string[]): Options {
  let sites = [500, 1000, 2000, 4000, 8000];
  let fleetSites = [1250, 2500, 5000];
  let runs: number | undefined;
  let full = false;
  let json = path.join(ROOT, 'lib', 'bench', 'results.json');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sites') sites = argv[++i].split(',').map(Number);
    else if (a === '--fleet-sites') fleetSites = argv[++i].split(',').map(Number);
    else if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--full') full = true;
    else if (a === '--json') json = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a} (see the header of bench/run.ts)`);
  }
  if (sites.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sites takes positive integers, e.g. 250,500');
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) throw new Error('--runs takes a positive integer');
  return { sites: [...sites].sort((a, b) => a - b), fleetSites: [...fleetSites].sort((a, b) => a - b), runs, full, json };
}

/** Run one worker process (with extra `node` flags) and return its sample. */
function measure(mode: Mode, sites: number, nodeFlags: string[] = []): Sample & { processMs: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...nodeFlags, '--expose-gc', WORKER, '--mode', mode, '--sites', String(sites)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const processMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    throw new Error(`worker --mode ${mode} --sites ${sites} failed (exit ${r.status ?? r.signal})`);
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return { ...(JSON.parse(line) as Sample), processMs };
}

/**
 * `runs` measurements of each mode at `sites`, interleaved and rotating which mode goes first,
 * to spread machine noise over all of them.
 */
function interleaved(sites: number, runs: number, nodeFlags: string[], label: string, modes: Mode[], all?: Sample[]): Map<Mode, Sample[]> {
  const out = new Map<Mode, Sample[]>(modes.map((m) => [m, []]));
  for (let r = 0; r < runs; r++) {
    const order = [...modes.slice(r % modes.length), ...modes.slice(0, r % modes.length)];
    for (const mode of order) {
      const s = measure(mode, sites, nodeFlags);
      all?.push(s);
      out.get(mode)!.push(s);
      log(`  ${label} run ${r + 1}/${runs} ${mode.padEnd(8)} ${f0(s.totalMs).padStart(6)} ms (CPU ${f0(s.cpuMs).padStart(6)} ms)  ${f0(s.maxRssMiB).padStart(5)} MiB  ${s.documents} docs`);
    }
  }
  return out;
}

function summarize(samples: Sample[]): Summary {
  const m = (f: (s: Sample) => number) => median(samples.map(f));
  return {
    loadMs: m((s) => s.loadMs),
    constructMs: m((s) => s.constructMs),
    synthMs: m((s) => s.synthMs),
    renderMs: m((s) => s.constructMs + s.synthMs),
    totalMs: m((s) => s.totalMs),
    cpuMs: m((s) => s.cpuMs),
    maxRssMiB: m((s) => s.maxRssMiB),
    heapUsedMiB: m((s) => s.heapUsedMiB),
    heapRetainedMiB: m((s) => s.heapRetainedMiB),
  };
}

function log(line: string): void {
  process.stdout.write(line + '\n');
}

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** A clean `npm run compile` in a temporary copy of the sources (node_modules linked). */
function timeCleanBuild(): { ms: number; ok: boolean } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-build-'));
  const skip = new Set(['node_modules', 'lib', '.git', 'dist', 'packages', '.jsii', 'tsconfig.json', 'coverage', 'test']);
  try {
    for (const e of fs.readdirSync(ROOT)) {
      if (skip.has(e) || e.endsWith('.tgz')) continue;
      fs.cpSync(path.join(ROOT, e), path.join(tmp, e), {
        recursive: true,
        // examples/*/dist are rendered output, not sources
        filter: (src) => !/[\\/](dist|lib)$/.test(src) || path.dirname(src) === ROOT,
      });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
    const started = process.hrtime.bigint();
    const r = spawnSync('npm', ['run', 'compile', '--silent'], { cwd: tmp, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) process.stderr.write(`clean build failed:\n${r.stdout}${r.stderr}`);
    return { ms, ok: r.status === 0 };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm test` in the repository. */
function timeTests(): { ms: number; ok: boolean } {
  const started = process.hrtime.bigint();
  const r = spawnSync('npm', ['test', '--silent'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const summary = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /^(Tests|Test Suites|Time):/.test(l));
  for (const l of summary) log(`  ${l}`);
  return { ms, ok: r.status === 0 };
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  // first column left-aligned (labels), the others right-aligned (figures)
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function main(): void {
  const opts = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const snapshotDir = snapshot();
  process.on('exit', () => fs.rmSync(snapshotDir, { recursive: true, force: true }));
  const info = machine();
  log(`machine: ${info.cpus} × ${info.cpuModel}, ${info.memoryGiB} GiB, node ${info.node}, ${info.platform}`);

  // Node's own footprint, to read the RSS figures against.
  const empty = [0, 1, 2].map(() => measure('empty', 0));
  const nodeRss = median(empty.map((s) => s.maxRssMiB));
  log(`empty node process: peak RSS ${f1(nodeRss)} MiB`);

  // warm the file cache and the compile cache of both modes; not counted
  measure('library', opts.sites[0]);
  measure('baseline', opts.sites[0]);
  measure('floor', opts.sites[0]);

  const samples: Array<Sample & { processMs: number }> = [];
  const rows: Row[] = [];
  for (const n of opts.sites) {
    const runs = opts.runs ?? (n <= 2000 ? 5 : 3);
    const measured = interleaved(n, runs, [], `N=${n}`, ['library', 'baseline', 'floor'], samples);
    const [lib, base, floor] = [measured.get('library')!, measured.get('baseline')!, measured.get('floor')!];
    const L = summarize(lib);
    const B = summarize(base);
    const F = summarize(floor);
    const hashes = (list: Sample[], k: 'documentHash' | 'exactHash') => new Set(list.map((s) => s[k]));
    const libDocs = hashes(lib, 'documentHash');
    const libBytes = hashes(lib, 'exactHash');
    if (libDocs.size !== 1 || libBytes.size !== 1) throw new Error(`N=${n}: the library wrote different output in different runs (not deterministic)`);
    rows.push({
      sites: n,
      runs,
      documents: lib[0].documents,
      bytes: lib[0].bytes,
      library: L,
      baseline: B,
      floor: F,
      timeRatio: L.totalMs / B.totalMs,
      floorRatio: L.totalMs / F.totalMs,
      cpuRatio: L.cpuMs / B.cpuMs,
      rssRatio: L.maxRssMiB / B.maxRssMiB,
      netRssRatio: (L.maxRssMiB - nodeRss) / (B.maxRssMiB - nodeRss),
      heapRatio: L.heapRetainedMiB / B.heapRetainedMiB,
      sameObjects: [...base, ...floor].every((s) => libDocs.has(s.documentHash)),
      sameBytes: [...base, ...floor].every((s) => libBytes.has(s.exactHash)),
    });
  }

  // The same fleet with V8's garbage collector and optimizing compiler on the main thread: the
  // whole work of each mode, none of it hidden on another core (wall = CPU here). The library
  // runs more of its own code hot, so more of its CPU time is background compilation and the
  // all-threads CPU ratio above is higher than this one.
  let work: { library: number; baseline: number; ratio: number; runs: number } | undefined;
  if (rows.some((r) => r.sites === TARGETS.ratioSites)) {
    const runs = opts.runs ?? 5;
    const measured = interleaved(TARGETS.ratioSites, runs, ['--single-threaded'], `N=${TARGETS.ratioSites} single-threaded`, ['library', 'baseline']);
    const [lib, base] = [measured.get('library')!, measured.get('baseline')!];
    const [l, b] = [median(lib.map((x) => x.totalMs)), median(base.map((x) => x.totalMs))];
    work = { library: l, baseline: b, ratio: l / b, runs };
  }

  // the GitOps fleet of issue #14: the library alone (no baseline writes a GitOps repository)
  const fleet = opts.fleetSites.map((n) => {
    const runs = opts.runs ?? 3;
    const s = interleaved(n, runs, [], `GitOps fleet N=${n}`, ['gitops-fleet']).get('gitops-fleet')!;
    return { sites: n, runs, documents: s[0].documents, maxDocumentBytes: Math.max(...s.map((x) => x.maxDocumentBytes)), summary: summarize(s) };
  });

  const defaultApp = [0, 1, 2, 3, 4].map(() => measure('default-app', 0));
  const defaultAppMs = median(defaultApp.map((s) => s.totalMs));
  const defaultAppProcessMs = median(defaultApp.map((s) => s.processMs));

  let build: { ms: number; ok: boolean } | undefined;
  let tests: { ms: number; ok: boolean } | undefined;
  if (opts.full) {
    log('clean build (npm run compile in a temporary copy) ...');
    build = timeCleanBuild();
    log('npm test ...');
    tests = timeTests();
  }

  // ---- report
  log('');
  log('Time: wall = require + construct + synth to YAML files; CPU = user + system time of that span, all threads (GC');
  log('included); median of the runs, in ms.');
  log(table(
    ['N', 'objects', 'runs', 'library', 'baseline', 'floor', 'ratio', 'floor ratio', 'library CPU', 'baseline CPU', 'CPU ratio', 'same objects'],
    rows.map((r) => [
      String(r.sites), String(r.documents), String(r.runs),
      f0(r.library.totalMs), f0(r.baseline.totalMs), f0(r.floor.totalMs), f2(r.timeRatio), f2(r.floorRatio),
      f0(r.library.cpuMs), f0(r.baseline.cpuMs), f2(r.cpuRatio),
      r.sameObjects ? (r.sameBytes ? 'yes, bytes' : 'yes') : 'NO',
    ]),
  ));
  if (work) {
    log('');
    log(`Work (node --single-threaded: GC and compilation on the main thread, so nothing runs on another core), N=${TARGETS.ratioSites}:`);
    log(table(['N', 'runs', 'library', 'baseline', 'ratio'],
      [[String(TARGETS.ratioSites), String(work.runs), f0(work.library), f0(work.baseline), f2(work.ratio)]]));
  }
  log('');
  log('Phases (wall, median ms): load = require() of the library or of bare cdk8s; construct = building the tree;');
  log('synth = validation, resolution and YAML files.');
  log(table(
    ['N', 'lib load', 'lib construct', 'lib synth', 'base load', 'base construct', 'base synth'],
    rows.map((r) => [String(r.sites), f0(r.library.loadMs), f0(r.library.constructMs), f0(r.library.synthMs),
      f0(r.baseline.loadMs), f0(r.baseline.constructMs), f0(r.baseline.synthMs)]),
  ));
  log('');
  log(`Memory (median MiB): peak RSS of the process (an empty node process: ${f1(nodeRss)} MiB; "net" subtracts it from`);
  log('both); heap = V8 heap still reachable after synth (after a full GC, app alive).');
  log(table(
    ['N', 'library RSS', 'baseline RSS', 'ratio', 'net ratio', 'library heap', 'baseline heap'],
    rows.map((r) => [String(r.sites), f0(r.library.maxRssMiB), f0(r.baseline.maxRssMiB), f2(r.rssRatio), f2(r.netRssRatio),
      f0(r.library.heapRetainedMiB), f0(r.baseline.heapRetainedMiB)]),
  ));

  const growth: Array<{ from: number; to: number; library: number; libraryTotal: number; baseline: number }> = [];
  for (const a of rows) {
    const b = rows.find((r) => r.sites === a.sites * 2);
    if (b) {
      growth.push({
        from: a.sites,
        to: b.sites,
        library: b.library.renderMs / a.library.renderMs,
        libraryTotal: b.library.totalMs / a.library.totalMs,
        baseline: b.baseline.renderMs / a.baseline.renderMs,
      });
    }
  }
  if (growth.length) {
    log('');
    log('Growth from N to 2N (wall): render = construct + synth, the per-site work; total includes require().');
    log(table(['N → 2N', 'library render', 'library total', 'baseline render'],
      growth.map((g) => [`${g.from} → ${g.to}`, f2(g.library), f2(g.libraryTotal), f2(g.baseline)])));
  }

  if (fleet.length) {
    log('');
    log('GitOps fleet (bench/gitops-fleet.ts: 50 tenant folders + platform, classic Istio and Gateway API sites on shared gateways,');
    log('one shared ClusterIssuer), through GitOpsRepo.synth(); wall and CPU median ms, peak RSS MiB, largest document:');
    log(table(['N', 'objects', 'runs', 'construct', 'synth', 'total', 'CPU', 'peak RSS', 'largest object'],
      fleet.map((f) => [String(f.sites), String(f.documents), String(f.runs), f0(f.summary.constructMs), f0(f.summary.synthMs), f0(f.summary.totalMs),
        f0(f.summary.cpuMs), f0(f.summary.maxRssMiB), `${f1(f.maxDocumentBytes / 1024)} KiB`])));
  }

  const gates: Gate[] = [];
  const at = rows.find((r) => r.sites === TARGETS.ratioSites);
  if (at) {
    gates.push({ target: `wall-time ratio to baseline at N=${at.sites}`, value: f2(at.timeRatio), limit: `≤ ${TARGETS.ratio}`, ok: at.timeRatio <= TARGETS.ratio });
    gates.push({ target: `CPU-time ratio to baseline at N=${at.sites}`, value: f2(at.cpuRatio), limit: `≤ ${TARGETS.ratio}`, ok: at.cpuRatio <= TARGETS.ratio });
    gates.push({ target: `wall-time ratio to floor at N=${at.sites}`, value: f2(at.floorRatio), limit: `≤ ${TARGETS.floorRatio}`, ok: at.floorRatio <= TARGETS.floorRatio });
    gates.push({ target: `peak-RSS ratio at N=${at.sites}`, value: f2(at.rssRatio), limit: `≤ ${TARGETS.rssRatio}`, ok: at.rssRatio <= TARGETS.rssRatio });
  } else {
    gates.push({ target: `ratios at N=${TARGETS.ratioSites}`, value: 'not measured', limit: `≤ ${TARGETS.ratio}`, ok: undefined });
  }
  for (const g of growth) {
    gates.push({ target: `growth ${g.from} → ${g.to} (library render)`, value: f2(g.library), limit: `≤ ${TARGETS.growth}`, ok: g.library <= TARGETS.growth });
  }
  for (const r of rows) {
    if (!r.sameObjects) gates.push({ target: `baseline writes the library's objects at N=${r.sites}`, value: 'differs', limit: 'same', ok: false });
  }
  for (const a of fleet) {
    const b = fleet.find((f) => f.sites === a.sites * 2);
    if (b) {
      const g = b.summary.renderMs / a.summary.renderMs;
      gates.push({ target: `GitOps fleet growth ${a.sites} → ${b.sites} (render)`, value: f2(g), limit: `≤ ${TARGETS.growth}`, ok: g <= TARGETS.growth });
    }
  }
  const largestFleet = fleet[fleet.length - 1];
  if (largestFleet) {
    gates.push({ target: `GitOps fleet peak RSS at N=${largestFleet.sites}`, value: `${f0(largestFleet.summary.maxRssMiB)} MiB`, limit: `< ${TARGETS.fleetRssMiB} MiB`, ok: largestFleet.summary.maxRssMiB < TARGETS.fleetRssMiB });
    gates.push({ target: `GitOps fleet largest object at N=${largestFleet.sites}`, value: `${f1(largestFleet.maxDocumentBytes / 1024)} KiB`, limit: '< 256 KiB', ok: largestFleet.maxDocumentBytes < TARGETS.fleetMaxObjectBytes });
  }
  gates.push({ target: 'default app (require + build + synth)', value: `${f0(defaultAppMs)} ms (process ${f0(defaultAppProcessMs)} ms)`, limit: `< ${TARGETS.defaultAppMs} ms`, ok: defaultAppMs < TARGETS.defaultAppMs });
  gates.push(build
    ? { target: 'clean npm run compile', value: `${f1(build.ms / 1000)} s${build.ok ? '' : ' (FAILED)'}`, limit: `< ${TARGETS.buildMs / 1000} s`, ok: build.ok && build.ms < TARGETS.buildMs }
    : { target: 'clean npm run compile', value: 'not measured (--full)', limit: `< ${TARGETS.buildMs / 1000} s`, ok: undefined });
  gates.push(tests
    ? { target: 'npm test', value: `${f1(tests.ms / 1000)} s${tests.ok ? '' : ' (tests FAILED)'}`, limit: `< ${TARGETS.testMs / 1000} s`, ok: tests.ok && tests.ms < TARGETS.testMs }
    : { target: 'npm test', value: 'not measured (--full)', limit: `< ${TARGETS.testMs / 1000} s`, ok: undefined });

  log('');
  log(table(['target', 'value', 'limit', 'met'], gates.map((g) => [g.target, g.value, g.limit, g.ok === undefined ? '–' : g.ok ? 'yes' : 'NO'])));
  const ok = gates.every((g) => g.ok !== false);
  const elapsed = (Date.now() - started) / 1000;
  log('');
  log(`${ok ? 'all measured targets met' : 'TARGETS MISSED'} (bench took ${f0(elapsed)} s; results in ${path.relative(process.cwd(), opts.json)})`);

  fs.mkdirSync(path.dirname(opts.json), { recursive: true });
  fs.writeFileSync(opts.json, JSON.stringify({
    date: new Date().toISOString(),
    machine: info,
    targets: TARGETS,
    nodeRssMiB: nodeRss,
    rows,
    growth,
    work,
    fleet,
    defaultApp: { totalMs: defaultAppMs, processMs: defaultAppProcessMs, samples: defaultApp },
    build,
    tests,
    gates,
    ok,
    elapsedSeconds: elapsed,
    samples,
  }, null, 2) + '\n');
  process.exitCode = ok ? 0 : 1;
}

main();
