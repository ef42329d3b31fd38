import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ArgoCdHealthChecks } from '../../src/gitops/argocd-health-checks';
import { ROOT } from '../util/render';

const lua = ['lua5.4', 'lua5.3', 'lua5.1', 'lua'].find((bin) => spawnSync(bin, ['-v']).status === 0);

/** Run a health check script on `obj` (a Lua table literal) and return "status|message". */
function health(script: string, obj: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lua-'));
  fs.writeFileSync(path.join(dir, 'check.lua'), script);
  fs.writeFileSync(path.join(dir, 'run.lua'), `obj = ${obj}\nlocal hs = dofile(${JSON.stringify(path.join(dir, 'check.lua'))})\nio.write(hs.status .. "|" .. (hs.message or ""))\n`);
  const r = spawnSync(lua!, [path.join(dir, 'run.lua')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('ArgoCdHealthChecks', () => {
  const data = ArgoCdHealthChecks.argocdCmData();

  test('docs/gitops.md shows exactly these argocd-cm entries', () => {
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'gitops.md'), 'utf8');
    expect(Object.keys(data)).toEqual([ArgoCdHealthChecks.APPLICATION_KEY, ArgoCdHealthChecks.GATEWAY_KEY, ArgoCdHealthChecks.BUNDLE_KEY]);
    for (const [key, script] of Object.entries(data)) {
      const block = `  ${key}: |\n${script.trimEnd().split('\n').map((l) => (l ? `    ${l}` : '')).join('\n')}\n`;
      expect({ key, inDocs: docs.includes(block) }).toEqual({ key, inDocs: true });
    }
  });

  (lua ? test : test.skip)('Application health is the child Application\'s own health', () => {
    const app = data[ArgoCdHealthChecks.APPLICATION_KEY];
    expect(health(app, '{ status = { health = { status = "Degraded", message = "boom" } } }')).toBe('Degraded|boom');
    expect(health(app, '{}')).toBe('Progressing|');
  });

  (lua ? test : test.skip)('a Gateway waiting for its certificate Secret is Progressing, other failures Degraded', () => {
    const gw = data[ArgoCdHealthChecks.GATEWAY_KEY];
    const status = (listener: string) => `{ status = { conditions = { { type = "Accepted", status = "True" }, { type = "Programmed", status = "True" } }, listeners = { ${listener} } } }`;
    expect(health(gw, status('{ name = "https", conditions = { { type = "ResolvedRefs", status = "False", reason = "InvalidCertificateRef", message = "secret shop-tls not found" } } }')))
      .toBe('Progressing|Listener https: waiting for the certificate Secret: secret shop-tls not found');
    expect(health(gw, status('{ name = "https", conditions = { { type = "ResolvedRefs", status = "False", reason = "RefNotPermitted", message = "no ReferenceGrant" } } }')))
      .toBe('Degraded|Listener https: no ReferenceGrant');
    expect(health(gw, status('{ name = "https", conditions = { { type = "ResolvedRefs", status = "True" }, { type = "Programmed", status = "True" } } }'))).toBe('Healthy|Gateway is healthy');
    expect(health(gw, '{ status = { conditions = { { type = "Accepted", status = "True" }, { type = "Programmed", status = "False", message = "no address" } } } }')).toBe('Progressing|no address');
    expect(health(gw, '{}')).toBe('Progressing|Waiting for Gateway status');
  });

  // Argo CD v3.5.1 has no resource_customizations/trust.cert-manager.io; the conditions are
  // trust-manager v0.24.0's (pkg/bundle/bundle.go: Synced, with reason and observedGeneration)
  (lua ? test : test.skip)('a Bundle is Healthy once trust-manager synced its current spec, Degraded when it cannot, else Progressing', () => {
    const bundle = data[ArgoCdHealthChecks.BUNDLE_KEY];
    expect(ArgoCdHealthChecks.BUNDLE_KEY).toBe('resource.customizations.health.trust.cert-manager.io_Bundle');
    const synced = (generation: number, condition: string) => `{ metadata = { generation = ${generation} }, status = { conditions = { ${condition} } } }`;
    expect(health(bundle, synced(2, '{ type = "Synced", status = "True", reason = "Synced", message = "Successfully synced Bundle to all namespaces", observedGeneration = 2 }')))
      .toBe('Healthy|Successfully synced Bundle to all namespaces');
    expect(health(bundle, synced(1, '{ type = "Synced", status = "False", reason = "SourceNotFound", message = "Bundle source was not found: secret mesh-root", observedGeneration = 1 }')))
      .toBe('Degraded|SourceNotFound: Bundle source was not found: secret mesh-root');
    // judged an older spec: not yet synced to the current one
    expect(health(bundle, synced(3, '{ type = "Synced", status = "True", reason = "Synced", message = "ok", observedGeneration = 2 }')))
      .toBe('Progressing|Waiting for trust-manager to sync the current spec');
    // other conditions (Deprecated, Migrated in the ClusterBundle migration) do not decide
    expect(health(bundle, synced(1, '{ type = "Deprecated", status = "True", reason = "MigrationRequired", observedGeneration = 1 }')))
      .toBe('Progressing|Waiting for trust-manager to sync the Bundle');
    expect(health(bundle, '{ metadata = { generation = 1 } }')).toBe('Progressing|Waiting for trust-manager to sync the Bundle');
    expect(health(bundle, '{}')).toBe('Progressing|Waiting for trust-manager to sync the Bundle');
  });
});
