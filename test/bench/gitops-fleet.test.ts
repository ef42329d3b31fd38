// The GitOps fleet of issue #14 (bench/gitops-fleet.ts) at test sizes: what must hold at any
// size — the shared issuer and the platform folder do not grow with sites, every object fits
// client-side apply, the Gateway API sites share their tenant's Gateway. The 5,000-site figures
// (time, growth, memory) are `npm run bench`'s.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildGitOpsFleet, TENANT_FOLDERS } from '../../bench/gitops-fleet';
import { splitDocuments } from '../../bench/measure';
import { readTree } from '../util/render';
import { validateManifests } from '../util/schema';
import * as YAML from 'yaml';

function render(sites: number): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-fleet-'));
  try {
    buildGitOpsFleet(outdir, sites).synth();
    return readTree(path.join(outdir, 'repo'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const tiny = render(1);
const small = render(60);
const big = render(600);

test('the platform folder (issuer, shared gateways) is the same bytes at 60 and 600 sites: adding sites never changes it', () => {
  const platform = (tree: Map<string, string>) => [...tree].filter(([f]) => f.startsWith('platform/'));
  expect(platform(big)).toEqual(platform(small));
  const issuer = (tree: Map<string, string>) => splitDocuments(tree.get('platform/platform.yaml')!).find((d) => /^kind: ClusterIssuer$/m.test(d));
  // one site or 600: one solver per way of validating (Istio, Gateway API, the DNS-01 provider)
  expect(issuer(tiny)).toBe(issuer(big));
  expect(YAML.parse(issuer(big)!).spec.acme.solvers).toHaveLength(3);
});

test('every object fits client-side apply, and the Gateway API sites share their tenant\'s Gateway', () => {
  const docs = [...big.values()].flatMap((t) => splitDocuments(t));
  for (const d of docs) expect(Buffer.byteLength(JSON.stringify(YAML.parse(d)))).toBeLessThan(256 * 1024);
  const parsed = docs.map((d) => YAML.parse(d));
  expect(parsed.filter((d) => d.apiVersion === 'gateway.networking.k8s.io/v1' && d.kind === 'Gateway')).toHaveLength(TENANT_FOLDERS);
  expect(parsed.filter((d) => d.kind === 'ListenerSet')).toHaveLength(120);
  expect(validateManifests(parsed)).toEqual([]);
});
