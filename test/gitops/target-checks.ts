// Issue #6 on the shape of the default app and every example, re-derived from the
// rendered YAML (independently of the library's own wave planner): sync waves that cannot
// deadlock, Argo CD hygiene, the app-of-apps layout and the synth summary.
import * as path from 'path';
import { waveOf } from '../util/expect';
import { buildTarget, documents, RenderTarget } from '../util/render';

const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const BUILT_IN = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'storage.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'scheduling.k8s.io']);

interface Doc {
  readonly folder: string;
  readonly doc: any;
}

const groupOf = (d: any): string => (d.apiVersion.includes('/') ? d.apiVersion.split('/')[0] : '');
const idOf = (d: any): string => `${d.kind} ${d.metadata.namespace ?? ''}/${d.metadata.name}`;
const isAppOfApps = (docs: any[]): boolean => docs.length > 0 && docs.every((d) => groupOf(d) === 'argoproj.io');

/** Go's time.Duration.String() form. */
const GO_DURATION = /^(0s|([0-9]+h)?([0-9]+m)?([0-9]+(\.[0-9]+)?s)|[0-9]+(\.[0-9]+)?(ms|µs|ns))$/;

/** Whether `pattern` (a host of a gateway or route, possibly `*`, `*.suffix` or `ns/host`) covers `name`. */
function covers(pattern: string, name: string): boolean {
  const p = pattern.includes('/') ? pattern.split('/')[1] : pattern;
  if (p === '*' || p === name) return true;
  return p.startsWith('*.') && name.endsWith(p.slice(1));
}

/** Declare the issue #6 tests for one rendered target (default app, example, or a test fixture). */
export function describeTargetChecks(target: RenderTarget): void {
  const { outdir: rendered, apps } = buildTarget(target);
  for (const app of apps) app.synth();
  const all: Doc[] = documents(rendered).map(({ file, doc }) => ({ folder: file.split(path.sep)[0], doc }));
  const byFolder = new Map<string, any[]>();
  for (const d of all) byFolder.set(d.folder, [...(byFolder.get(d.folder) ?? []), d.doc]);
  const folders = [...byFolder.entries()].filter(([, docs]) => !isAppOfApps(docs));

  test('every object of a folder carries an integer sync wave; custom resources skip the dry run', () => {
    for (const [folder, docs] of folders) {
      for (const d of docs) {
        expect({ folder, id: idOf(d), wave: Number.isInteger(waveOf(d)) }).toEqual({ folder, id: idOf(d), wave: true });
        if (!BUILT_IN.has(groupOf(d))) {
          expect({ id: idOf(d), options: d.metadata.annotations[SYNC_OPTIONS] }).toEqual({ id: idOf(d), options: expect.stringContaining('SkipDryRunOnMissingResource=true') });
        }
      }
    }
  });

  test('no hook annotations, no Argo CD instance label, Go canonical durations', () => {
    for (const { doc } of all) {
      const annotations = Object.keys(doc.metadata?.annotations ?? {});
      expect({ id: idOf(doc), hooks: annotations.filter((a) => a.startsWith('helm.sh/hook') || a.startsWith('argocd.argoproj.io/hook')) }).toEqual({ id: idOf(doc), hooks: [] });
      expect({ id: idOf(doc), instance: doc.metadata?.labels?.['app.kubernetes.io/instance'] }).toEqual({ id: idOf(doc), instance: undefined });
      if (doc.kind === 'Certificate' && groupOf(doc) === 'cert-manager.io') {
        for (const f of ['duration', 'renewBefore']) {
          if (doc.spec[f] !== undefined) expect({ id: idOf(doc), [f]: GO_DURATION.test(doc.spec[f]) }).toEqual({ id: idOf(doc), [f]: true });
        }
      }
    }
  });

  test('no Certificate waits for an object of a later wave, and what consumes it comes after', () => {
    for (const [folder, docs] of folders) {
      const find = (kind: string, ns: string, name: string) => docs.find((d) => d.kind === kind && (d.metadata.namespace ?? '') === ns && d.metadata.name === name);
      for (const cert of docs.filter((d) => d.kind === 'Certificate' && groupOf(d) === 'cert-manager.io')) {
        const ctx = `${folder}: ${idOf(cert)} (wave ${waveOf(cert)})`;
        const ns = cert.metadata.namespace ?? '';
        const ref = cert.spec.issuerRef;
        const issuer = ref.kind === 'ClusterIssuer' ? find('ClusterIssuer', '', ref.name) : find(ref.kind ?? 'Issuer', ns, ref.name);
        if (issuer) expect({ ctx, issuer: idOf(issuer), before: waveOf(issuer) < waveOf(cert) }).toEqual({ ctx, issuer: idOf(issuer), before: true });
        const secret = cert.spec.secretName;
        const consumesThisCert = (d: any) => d.kind === 'Gateway' && groupOf(d) === 'gateway.networking.k8s.io'
          && (d.spec.listeners ?? []).some((l: any) => (l.tls?.certificateRefs ?? []).some((r: any) => r.name === secret && (r.namespace ?? d.metadata.namespace) === ns));

        // HTTP-01 routing: anything that may carry the challenge for one of its names
        const solvers: any[] = issuer?.spec?.acme?.solvers ?? [];
        const http01 = issuer === undefined || solvers.some((s) => s.http01 !== undefined);
        const names: string[] = (cert.spec.dnsNames ?? []).filter((n: string) => !n.startsWith('*.'));
        if (http01 && names.length > 0) {
          for (const d of docs) {
            let routes = false;
            if (d.kind === 'Gateway' && groupOf(d) === 'networking.istio.io') routes = (d.spec.servers ?? []).some((s: any) => (s.hosts ?? []).some((h: string) => names.some((n) => covers(h, n))));
            if (d.kind === 'VirtualService' && (d.spec.gateways ?? []).some((g: string) => g !== 'mesh')) routes = (d.spec.hosts ?? []).some((h: string) => names.some((n) => covers(h, n)));
            // Gateway API objects carry the challenge of gatewayHTTPRoute solvers (their parents),
            // or may, when the issuer is not in the app
            if (d.kind === 'Gateway' && groupOf(d) === 'gateway.networking.k8s.io') {
              routes = solvers.some((s) => (s.http01?.gatewayHTTPRoute?.parentRefs ?? []).some((p: any) => p.name === d.metadata.name && (p.namespace ?? ns) === d.metadata.namespace))
                || (issuer === undefined && (d.spec.listeners ?? []).some((l: any) => l.hostname === undefined || names.some((n) => covers(l.hostname, n))));
            }
            if (!routes) continue;
            // routing never comes later; it comes strictly earlier unless it also serves this certificate
            const ok = consumesThisCert(d) ? waveOf(d) <= waveOf(cert) : waveOf(d) < waveOf(cert);
            expect({ ctx, routing: idOf(d), wave: waveOf(d), ok }).toEqual({ ctx, routing: idOf(d), wave: waveOf(d), ok: true });
          }
        }

        // consumers of its Secret
        for (const d of docs) {
          const ca = (d.kind === 'Issuer' && d.metadata.namespace === ns) || (d.kind === 'ClusterIssuer' && ns === 'cert-manager');
          const consumer = (ca && d.spec?.ca?.secretName === secret)
            || (d.kind === 'Bundle' && ns === 'cert-manager' && (d.spec.sources ?? []).some((s: any) => s.secret?.name === secret))
            || (d.kind === 'DestinationRule' && d.metadata.namespace === ns && JSON.stringify(d.spec).includes(`"credentialName":"${secret}"`));
          if (consumer) expect({ ctx, consumer: idOf(d), after: waveOf(d) > waveOf(cert) }).toEqual({ ctx, consumer: idOf(d), after: true });
          if (consumesThisCert(d)) expect({ ctx, gateway: idOf(d), notBefore: waveOf(d) >= waveOf(cert) }).toEqual({ ctx, gateway: idOf(d), notBefore: true });
        }
      }
    }
  });

  test('an app-of-apps folder holds one automated Application (or ApplicationSet) per output folder', () => {
    const appFolders = [...byFolder.entries()].filter(([, docs]) => isAppOfApps(docs));
    expect(appFolders.map(([f]) => f)).toHaveLength(1);
    const outdir = target.outdir.split(path.sep).join('/');
    // an Application's path, or an ApplicationSet template's path with its {{ }} parameters as wildcards
    const pointers = appFolders[0][1].flatMap((a) => {
      const spec = a.kind === 'ApplicationSet' ? a.spec.template.spec : a.spec;
      const p: string | undefined = spec.source?.path;
      if (p === undefined) return [];
      const pattern = new RegExp(`^${p.split(/\{\{[^}]*\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
      return [{ id: idOf(a), pattern, spec }];
    });
    for (const [folder] of folders) {
      const pointing = pointers.filter((x) => x.pattern.test(`${outdir}/${folder}`));
      expect({ folder, applications: pointing.map((x) => x.id) }).toEqual({ folder, applications: [expect.any(String)] });
      expect(pointing[0].spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(pointing[0].spec.project).toEqual(expect.any(String));
      expect(pointing[0].spec.destination).toEqual(expect.any(Object));
    }
  });

  test('the entry module exports report(apps), which summarizes the synth', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(target.module);
    expect(typeof mod.report).toBe('function');
    expect(typeof mod.report(apps)).toBe('string');
  });
}
