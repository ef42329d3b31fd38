// Floor mode: the cost no cdk8s app can avoid — the fleet's documents, already plain data,
// stringified with `yaml` (cdk8s' options) and written, one file per chart. The documents come
// from the baseline (bench/baseline.ts), prepared before the clock starts.
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { buildFleet } from './baseline';

/** The fleet's files as plain data: file name → documents. */
export function prepareFleet(sites: number): Map<string, any[]> {
  const app = buildFleet('unused', sites);
  const files = new Map<string, any[]>();
  for (const chart of app.node.children.filter((c): c is Chart => Chart.isChart(c))) {
    files.set(`${chart.node.id}${app.outputFileExtension}`, chart.apiObjects.map((o) => o.toJson()));
  }
  return files;
}

/** Stringify and write `files` into `<outdir>/fleet` as cdk8s' `Yaml.save()` would. */
export function writeFleet(outdir: string, files: Map<string, any[]>): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml');
  const dir = path.join(outdir, 'fleet');
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, docs] of files) {
    const text = docs.map((d) => YAML.stringify(d, { keepUndefined: true, lineWidth: 0, version: '1.1' })).join('---\n');
    fs.writeFileSync(path.join(dir, file), text, { encoding: 'utf8' });
  }
}
