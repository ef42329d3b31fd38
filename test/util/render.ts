// Shared helpers for tests over whole rendered apps (default app and examples).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { Synthesis } from '../../src/core/synthesis';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface RenderTarget {
  /** `default app` or `examples/<name>`. */
  readonly name: string;
  /** TypeScript module exporting `build(outdir): App[]`. */
  readonly module: string;
  /** Committed output folder, relative to the repo root. */
  readonly outdir: string;
}

/** The default app and every example with a main.ts. */
export function renderTargets(): RenderTarget[] {
  const list: RenderTarget[] = [{ name: 'default app', module: path.join(ROOT, 'src', 'main.ts'), outdir: 'dist' }];
  const dir = path.join(ROOT, 'examples');
  if (fs.existsSync(dir)) {
    for (const name of fs.readdirSync(dir).sort()) {
      const main = path.join(dir, name, 'main.ts');
      if (fs.existsSync(main)) list.push({ name: `examples/${name}`, module: main, outdir: path.join('examples', name, 'dist') });
    }
  }
  return list;
}

/** Build a target's apps into a fresh temporary folder (not synthesized yet). */
export function buildTarget(t: RenderTarget): { outdir: string; apps: App[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const apps: App[] = require(t.module).build(outdir);
  return { outdir, apps };
}

/**
 * Synthesize a target into a temporary folder; returns the folder. `pipeline` is the library's
 * synth pipeline (`Synthesis.synthApps`, what `npm run synth` runs); `cdk8s` is each App's own
 * `app.synth()` (the library's checks then run inside cdk8s' validation).
 */
export function renderTarget(t: RenderTarget, how: 'pipeline' | 'cdk8s' = 'pipeline'): string {
  const { outdir, apps } = buildTarget(t);
  if (how === 'pipeline') Synthesis.synthApps(apps);
  else for (const app of apps) app.synth();
  return outdir;
}

/** Every file below `dir`, relative path → content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** All YAML documents of a rendered tree, with the file each came from. */
export function documents(dir: string): { file: string; doc: any }[] {
  const out: { file: string; doc: any }[] = [];
  for (const [file, text] of readTree(dir)) {
    if (!file.endsWith('.yaml')) continue;
    for (const d of YAML.parseAllDocuments(text)) {
      const doc = d.toJSON();
      if (doc) out.push({ file, doc });
    }
  }
  return out;
}

/**
 * The manifests of every ApiObject under `scope`, rendered WITHOUT running the synth-time
 * validation: to show with the independent tracer that what the library rejects would indeed
 * not work.
 */
export function renderUnvalidated(scope: IConstruct): any[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
}
