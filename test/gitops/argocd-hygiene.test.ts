import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { ArgoCdHygiene, ResourceTracking } from '../../src/gitops/argocd-hygiene';
import { Warnings } from '../../src/validation';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { validateManifests } from '../util/schema';
import { acme, byId, certificate, clusterIssuer, LE_STAGING, ns } from './fixtures';

const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

describe('ArgoCdHygiene', () => {
  test('marks custom resources whose CRD comes from another Application, and only those', () => {
    // GIVEN
    const chart = Testing.chart();
    ns(chart, 'apps');
    clusterIssuer(chart, 'le', acme(LE_STAGING, [{ http01: { ingress: { ingressClassName: 'istio' } } }]));
    certificate(chart, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
    new ApiObject(chart, 'app', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'x', namespace: 'argocd' }, spec: { project: 'default', destination: { server: 'https://kubernetes.default.svc' }, source: { repoURL: 'https://example.com/r.git', path: 'x' } } });

    // WHEN
    ArgoCdHygiene.apply(chart);
    const docs = Testing.synth(chart);

    // THEN
    expect(validateManifests(docs)).toEqual([]);
    const d = byId(docs);
    expect(d.get('Certificate/apps/shop').metadata.annotations[SYNC_OPTIONS]).toBe('SkipDryRunOnMissingResource=true');
    expect(d.get('ClusterIssuer//le').metadata.annotations[SYNC_OPTIONS]).toBe('SkipDryRunOnMissingResource=true');
    expect(d.get('Namespace//apps').metadata.annotations).toBeUndefined();
    expect(d.get('Application/argocd/x').metadata.annotations).toBeUndefined();
  });

  test('merges with sync options already set and does not repeat itself', () => {
    const chart = Testing.chart();
    certificate(chart, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' }, {}, { annotations: { [SYNC_OPTIONS]: 'ServerSideApply=true' } });
    certificate(chart, 'apps', 'own', ['own.example.com'], { name: 'le', kind: 'ClusterIssuer' }, {}, { annotations: { [SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=false' } });
    ArgoCdHygiene.apply(chart);
    ArgoCdHygiene.apply(chart);
    const d = byId(Testing.synth(chart));
    expect(d.get('Certificate/apps/shop').metadata.annotations[SYNC_OPTIONS]).toBe('ServerSideApply=true,SkipDryRunOnMissingResource=true');
    expect(d.get('Certificate/apps/own').metadata.annotations[SYNC_OPTIONS]).toBe('SkipDryRunOnMissingResource=false');
    expect(Testing.synth(chart)).toEqual(Testing.synth(chart));
  });

  test('leaves custom resources alone when the app ships their CRD, or when told to', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }] },
    });
    new ApiObject(chart, 'widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'apps' } });
    ArgoCdHygiene.apply(chart);
    expect(byId(Testing.synth(chart)).get('Widget/apps/w').metadata.annotations).toBeUndefined();

    const other = Testing.chart();
    certificate(other, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
    ArgoCdHygiene.apply(other, { skipDryRunOnMissingResource: false });
    expect(byId(Testing.synth(other)).get('Certificate/apps/shop').metadata.annotations).toBeUndefined();
  });

  test('fails if an object carries a hook annotation', () => {
    const chart = Testing.chart();
    certificate(chart, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' }, {}, { annotations: { 'helm.sh/hook': 'pre-install' } });
    ArgoCdHygiene.apply(chart);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/cert-apps-shop\] Certificate apps\/shop carries a hook annotation, which makes Argo CD run it as a hook instead of syncing it \(argo-cd#4275\) \(metadata\.annotations\["helm\.sh\/hook"\]: "pre-install"\) — remove the annotation; order objects with sync waves instead/);
  });

  // Argo CD >= 3.0 docs/user-guide/resource_tracking.md: annotation tracking is the default; the
  // instance label only decides ownership under `application.resourceTrackingMethod: label`.
  test('an object carrying the Argo CD instance label is an error under label tracking, a warning otherwise', () => {
    const build = (options?: { resourceTracking: ResourceTracking }) => {
      const chart = Testing.chart();
      new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'apps', labels: { 'app.kubernetes.io/instance': 'platform' } } });
      ArgoCdHygiene.apply(chart, options);
      return chart;
    };
    expect(() => Testing.synth(build({ resourceTracking: ResourceTracking.LABEL }))).toThrow(/\[test\/cm\] ConfigMap apps\/c carries the label Argo CD tracks resources by \(resourceTrackingMethod: label\).*\(metadata\.labels\["app\.kubernetes\.io\/instance"\]: "platform"\) — remove the label \(argo-cd#4081\)/);
    for (const options of [undefined, { resourceTracking: ResourceTracking.ANNOTATION }, { resourceTracking: ResourceTracking.ANNOTATION_AND_LABEL }]) {
      const chart = build(options);
      expect(Testing.synth(chart)).toHaveLength(1);
      const warnings = Warnings.problemsOf(chart.node.root);
      expect(warnings).toEqual([expect.objectContaining({ path: 'test/cm', field: 'metadata.labels["app.kubernetes.io/instance"]', value: '"platform"' })]);
      expect(warnings[0].message).toMatch(/harmless under Argo CD's default annotation tracking.*resourceTrackingMethod: label/);
    }
  });

  // cert-manager >= 1.14 keeps durations as written: its mutating webhook only handles
  // CertificateRequests (deploy/charts/cert-manager/templates/webhook-mutating-webhook.yaml)
  test('accepts a valid Go duration in any form', () => {
    const chart = Testing.chart();
    certificate(chart, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' }, { duration: '2160h', renewBefore: '90m' });
    ArgoCdHygiene.apply(chart);
    const [cert] = Testing.synth(chart);
    expect(cert.spec).toMatchObject({ duration: '2160h', renewBefore: '90m' });
  });

  test('fails if a cert-manager duration is not a Go duration at all', () => {
    const chart = Testing.chart();
    certificate(chart, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' }, { renewBefore: '30 days' });
    ArgoCdHygiene.apply(chart);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/cert-apps-shop\] Certificate apps\/shop has a renewBefore that is not a Go duration, so cert-manager's webhook rejects it \(spec\.renewBefore: "30 days"\) — write a Go duration such as "2160h"/);
  });
});

describe('apply limits (gitops/apply-limits)', () => {
  // apimachinery pkg/api/validation/objectmeta.go: TotalAnnotationSizeLimitB = 256 * (1 << 10);
  // Argo CD docs/user-guide/sync-options.md: client-side apply keeps the object in
  // kubectl.kubernetes.io/last-applied-configuration ("too big to fit in 262144 bytes")
  const big = (chart: Chart, id: string, bytes: number, annotations: { [key: string]: string } = {}) =>
    new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id.toLowerCase(), namespace: 'apps', annotations }, data: { blob: 'x'.repeat(bytes) } });

  test('an object over 256 KiB fails under client-side apply, naming the object and the fix', () => {
    const chart = Testing.chart();
    ArgoCdHygiene.apply(chart);
    big(chart, 'Large', 300 * 1024);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Large\] ConfigMap apps\/large is 300\.1 KiB; client-side apply .* annotations may total at most 256 KiB, so the sync fails \(metadata\.name: "large"\) — sync its folder with server-side apply/);
  });

  test('server-side apply lifts it (per object, or for the folder), up to the API server\'s 1.5 MiB', () => {
    const chart = Testing.chart();
    ArgoCdHygiene.apply(chart);
    big(chart, 'Large', 300 * 1024, { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' });
    expect(() => Testing.synth(chart)).not.toThrow();

    const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'apply-')), repoURL: 'https://github.com/acme/gitops.git' });
    const folder = new Chart(repo.addFolder('big', { serverSideApply: true }), 'big');
    big(folder, 'Large', 300 * 1024);
    expect(() => repo.synth()).not.toThrow();
    expect(Testing.synth(repo.appOfAppsChart).find((d) => d.metadata.name === 'big').spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    big(folder, 'Huge', 1600 * 1024);
    expect(() => repo.synth()).toThrow(/\[big\/Huge\] ConfigMap apps\/huge is 1600\.[0-9] KiB; the API server \(etcd\) takes objects of at most 1\.5 MiB, whatever the apply mode/);
  });

  test('annotations over 256 KiB in total always fail', () => {
    const chart = Testing.chart();
    ArgoCdHygiene.apply(chart);
    big(chart, 'Noted', 10, { 'example.com/a': 'x'.repeat(140 * 1024), 'example.com/b': 'y'.repeat(140 * 1024) });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Noted\] ConfigMap apps\/noted has 2867[0-9][0-9] bytes of annotations; the API server refuses more than 262144 in total/);
  });
});
