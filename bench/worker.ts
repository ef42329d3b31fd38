// One measurement in its own process:
//   node --expose-gc lib/bench/worker.js --mode library|baseline|default-app|empty --sites N [--keep DIR]
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
  if (mode !== 'library' && mode !== 'baseline' && mode !== 'default-app' && mode !== 'empty') {
    throw new Error('--mode must be library, baseline, default-app or empty');
  }
  if ((mode === 'library' || mode === 'baseline') && (!Number.isInteger(sites) || sites < 1)) {
    throw new Error('--sites must be a positive integer');
  }
  return { mode, sites, keep };
}

/** A synthesizable app (cdk8s `App`), typed structurally so this file does not import cdk8s. */
interface Synthesizable {
  synth(): void;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const outdir = args.keep ? path.resolve(args.keep) : fs.mkdtempSync(path.join(os.tmpdir(), `bench-${args.mode}-`));
  fs.rmSync(outdir, { recursive: true, force: true });

  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let apps: Synthesizable[] = [];
  let loadMs = 0;
  let constructMs = 0;
  if (args.mode !== 'empty') {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const mod = args.mode === 'library' ? require('./library')
      : args.mode === 'baseline' ? require('./baseline')
        : require('../src/main');
    /* eslint-enable @typescript-eslint/no-require-imports */
    loadMs = msSince(t0);
    const t1 = process.hrtime.bigint();
    apps = args.mode === 'default-app' ? mod.build(outdir) : [mod.buildFleet(outdir, args.sites)];
    constructMs = msSince(t1);
  }
  const t2 = process.hrtime.bigint();
  for (const app of apps) app.synth();
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
