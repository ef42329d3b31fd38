// One measurement in its own process:
//   node --expose-gc lib/bench/worker.js --mode library|baseline|floor|gitops-fleet|default-app|empty --sites N [--keep DIR]
// prints one JSON line (a `Sample`) on stdout. The clock starts before the fleet module is
// loaded, so the cost of importing the library (or bare cdk8s) is part of the wall time; it
// stops when every YAML file is written. Memory is the process's peak RSS (which includes
// Node's own ~40 MiB; `--mode empty` measures that) and the V8 heap after synth.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { digestOutput, heapRetainedMiB, heapUsedMiB, maxRssMiB, Mode, msSince, Sample } from './measure';

interface Args {
  readonly mode: Mode;
  readonly sites: number;
  readonly keep?: string;
}

function parseArgs(argv: string[]): Args {
  let mode: string | undefined;
  let sites = 0;
  let keep: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--mode') mode = argv[++i];
    else if (a === '--sites') sites = Number(argv[++i]);
    else if (a === '--keep') keep = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (!['library', 'baseline', 'floor', 'gitops-fleet', 'default-app', 'empty'].includes(mode ?? '')) {
    throw new Error('--mode must be library, baseline, floor, gitops-fleet, default-app or empty');
  }
  if (mode !== 'default-app' && mode !== 'empty' && (!Number.isInteger(sites) || sites < 1)) {
    throw new Error('--sites must be a positive integer');
  }
  return { mode: mode as Mode, sites, keep };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const outdir = args.keep ? path.resolve(args.keep) : fs.mkdtempSync(path.join(os.tmpdir(), `bench-${args.mode}-`));
  fs.rmSync(outdir, { recursive: true, force: true });

  // the floor's documents are plain data before the clock starts
  /* eslint-disable @typescript-eslint/no-require-imports */
  const floor = args.mode === 'floor' ? require('./floor') : undefined;
  const floorFiles = floor?.prepareFleet(args.sites);
  (globalThis as { gc?: () => void }).gc?.();

  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let apps: unknown[] = [];
  let synth: () => void = () => undefined;
  let loadMs = 0;
  let constructMs = 0;
  if (args.mode === 'floor') {
    synth = () => floor.writeFleet(outdir, floorFiles);
  } else if (args.mode === 'gitops-fleet') {
    const mod = require('./gitops-fleet');
    loadMs = msSince(t0);
    const t1 = process.hrtime.bigint();
    const repo = mod.buildGitOpsFleet(outdir, args.sites);
    apps = repo.apps;
    constructMs = msSince(t1);
    synth = () => repo.synth();
  } else if (args.mode !== 'empty') {
    const mod = args.mode === 'library' ? require('./library')
      : args.mode === 'baseline' ? require('./baseline')
        : require('../src/main');
    // the library's pipeline, for the fleet and the default app alike
    const { Synthesis } = args.mode === 'baseline' ? { Synthesis: undefined } : require('../src');
    loadMs = msSince(t0);
    const t1 = process.hrtime.bigint();
    apps = args.mode === 'default-app' ? mod.build(outdir) : [mod.buildFleet(outdir, args.sites)];
    constructMs = msSince(t1);
    synth = args.mode === 'baseline' ? () => mod.writeCharts(apps[0]) : () => Synthesis.synthApps(apps);
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t2 = process.hrtime.bigint();
  synth();
  const synthMs = msSince(t2);
  const totalMs = msSince(t0);
  const cpu = process.cpuUsage(c0);

  const heapUsed = heapUsedMiB();
  const heapRetained = heapRetainedMiB();
  const maxRss = maxRssMiB();
  // keep the app reachable until the heap was measured
  if (apps.length < 0) console.log(apps);

  const digest = digestOutput(outdir);
  if (!args.keep) fs.rmSync(outdir, { recursive: true, force: true });

  const sample: Sample = {
    mode: args.mode,
    sites: args.sites,
    loadMs,
    constructMs,
    synthMs,
    totalMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: maxRss,
    heapUsedMiB: heapUsed,
    heapRetainedMiB: heapRetained,
    ...digest,
  };
  process.stdout.write(JSON.stringify(sample) + '\n');
}

main();
