import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { SyncWaves } from '../../src/gitops/sync-waves';
import { MeshCa, MeshCaMode } from '../../src/patterns/mesh-ca';
import { waveOf } from '../util/expect';
import { validateManifests } from '../util/schema';
import {
  acme, byId, certificate, clusterIssuer, deploymentMounting, gwapiGateway, httpRoute, issuer, istioGateway, LE_PROD, LE_STAGING, ns, service,
  virtualService,
} from './fixtures';

const SOLVER_LABELS = { 'app.kubernetes.io/name': 'acme-solver', 'example.com/host': 'shop.example.com' };

/** The classic Istio shape of cert-manager's Istio page: redirect gateway, per-host solver routed by a VirtualService. */
function classicIstio(chart: Chart) {
  ns(chart, 'istio-ingress');
  clusterIssuer(chart, 'letsencrypt', acme(LE_STAGING, [{
    selector: { dnsNames: ['shop.example.com'] },
    http01: { ingress: { ingressClassName: 'istio', podTemplate: { metadata: { labels: SOLVER_LABELS } } } },
  }]));
  istioGateway(chart, 'istio-ingress', 'shop', ['shop.example.com'], 'shop-tls');
  virtualService(chart, 'istio-ingress', 'acme-shop', ['shop.example.com'], ['istio-ingress/shop']);
  service(chart, 'istio-ingress', 'acme-shop', SOLVER_LABELS);
  certificate(chart, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'letsencrypt', kind: 'ClusterIssuer' },
    {}, { annotations: { 'cert-manager.io/issue-temporary-certificate': 'true' } });
  deploymentMounting(chart, 'istio-ingress', 'reads-tls', 'shop-tls');
}

describe('SyncWaves', () => {
  test('orders issuers, HTTP-01 routing, certificates and consumers (classic Istio)', () => {
    // GIVEN
    const chart = Testing.chart();
    classicIstio(chart);
    new ApiObject(chart, 'bundle', {
      apiVersion: 'trust.cert-manager.io/v1alpha1',
      kind: 'Bundle',
      metadata: { name: 'roots' },
      spec: { sources: [{ secret: { name: 'root-tls', key: 'ca.crt' } }], target: { configMap: { key: 'ca.crt' } } },
    });
    certificate(chart, 'cert-manager', 'root', ['root.internal.example.com'], { name: 'selfsigned', kind: 'ClusterIssuer' }, { isCA: true });
    clusterIssuer(chart, 'selfsigned', { selfSigned: {} });

    // WHEN
    SyncWaves.apply(chart);
    const docs = Testing.synth(chart);

    // THEN
    expect(validateManifests(docs)).toEqual([]);
    const d = byId(docs);
    expect(waveOf(d.get('Namespace//istio-ingress'))).toBe(SyncWaves.FOUNDATION);
    expect(waveOf(d.get('ClusterIssuer//letsencrypt'))).toBe(SyncWaves.ISSUERS);
    expect(waveOf(d.get('Gateway/istio-ingress/shop'))).toBe(SyncWaves.ROUTING);
    expect(waveOf(d.get('VirtualService/istio-ingress/acme-shop'))).toBe(SyncWaves.ROUTING);
    expect(waveOf(d.get('Service/istio-ingress/acme-shop'))).toBe(SyncWaves.ROUTING);
    expect(waveOf(d.get('Certificate/istio-ingress/shop'))).toBe(SyncWaves.CERTIFICATES);
    expect(waveOf(d.get('Deployment/istio-ingress/reads-tls'))).toBe(SyncWaves.CERTIFICATES + 1);
    expect(waveOf(d.get('Bundle//roots'))).toBe(SyncWaves.CONSUMERS);
  });

  test('follows a CA chain: self-signed root, CA issuer, intermediate, leaf', () => {
    const chart = Testing.chart();
    clusterIssuer(chart, 'selfsigned', { selfSigned: {} });
    certificate(chart, 'cert-manager', 'root', ['root.example.com'], { name: 'selfsigned', kind: 'ClusterIssuer' }, { isCA: true });
    clusterIssuer(chart, 'root-ca', { ca: { secretName: 'root-tls' } });
    certificate(chart, 'istio-system', 'intermediate', ['intermediate.example.com'], { name: 'root-ca', kind: 'ClusterIssuer' }, { isCA: true });
    issuer(chart, 'istio-system', 'mesh-ca', { ca: { secretName: 'intermediate-tls' } });
    certificate(chart, 'istio-system', 'leaf', ['leaf.example.com'], { name: 'mesh-ca', kind: 'Issuer' });

    SyncWaves.apply(chart);
    const docs = Testing.synth(chart);

    expect(validateManifests(docs)).toEqual([]);
    const d = byId(docs);
    expect([
      'ClusterIssuer//selfsigned', 'Certificate/cert-manager/root', 'ClusterIssuer//root-ca',
      'Certificate/istio-system/intermediate', 'Issuer/istio-system/mesh-ca', 'Certificate/istio-system/leaf',
    ].map((k) => waveOf(d.get(k)))).toEqual([1, 3, 4, 5, 6, 7]);
  });

  test('a mesh CA\'s root ClusterIssuer waits for the root Certificate in the mesh CA\'s cert-manager namespace, whatever the default', () => {
    // GIVEN cert-manager (and trust-manager) reading from "platform-pki", a GitOps folder with the default SyncWaves options
    const repo = new GitOpsRepo({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'waves-')), repoURL: 'https://github.com/acme/gitops.git' });
    const mesh = new Chart(repo.addFolder('mesh'), 'mesh');
    new MeshCa(mesh, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, certManagerNamespace: 'platform-pki', trustNamespace: 'platform-pki' });

    // WHEN
    const docs = byId(Testing.synth(mesh));

    // THEN the chain is ordered as with cert-manager's default namespace: without the link the
    // CA ClusterIssuer lands in wave 1, is Degraded (no Secret yet) and fails every sync
    expect([
      'ClusterIssuer//mesh-root-ca-selfsigned', 'Certificate/platform-pki/mesh-root-ca', 'ClusterIssuer//mesh-root-ca',
      'Certificate/istio-system/istio-ca', 'Issuer/istio-system/istio-ca', 'Bundle//mesh-ca-roots',
    ].map((k) => waveOf(docs.get(k)))).toEqual([1, 3, 4, 5, 6, 4]);
  });

  test('fails if the namespaces given to SyncWaves contradict a mesh CA of the app', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'waves-')) });
    const chart = new Chart(app, 'mesh');
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR, certManagerNamespace: 'platform-pki', trustNamespace: 'platform-pki' });
    SyncWaves.apply(app, { clusterResourceNamespace: 'cert-manager' });

    expect(() => app.synth()).toThrow(/\[SyncWaves\] mesh\/MeshCa puts cert-manager's cluster resource namespace, where CA ClusterIssuers read their Secret, in "platform-pki" \(its certManagerNamespace\), but the sync waves are planned for "cert-manager".* \(options\.clusterResourceNamespace: "cert-manager"\) — set certManagerNamespace to the namespace cert-manager really uses, and leave clusterResourceNamespace out of the SyncWaves options/);
  });

  test('a Gateway API gateway serving a certificate it also routes the challenge for shares its wave', () => {
    // GIVEN the Gateway API shape: HTTP listener carries the solver route and the redirect
    const chart = Testing.chart();
    issuer(chart, 'istio-ingress', 'letsencrypt', acme(LE_STAGING, [{
      http01: { gatewayHTTPRoute: { parentRefs: [{ name: 'web', sectionName: 'http' }] } },
    }]));
    gwapiGateway(chart, 'istio-ingress', 'web', [
      { name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' },
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { mode: 'Terminate', certificateRefs: [{ name: 'shop-tls' }] } },
    ]);
    httpRoute(chart, 'istio-ingress', 'redirect', [{ name: 'web', sectionName: 'http' }], ['shop.example.com'],
      [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }]);
    httpRoute(chart, 'istio-ingress', 'app', [{ name: 'web', sectionName: 'https' }], ['shop.example.com'],
      [{ backendRefs: [{ name: 'app', port: 8080 }] }]);
    certificate(chart, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'letsencrypt', kind: 'Issuer' });

    SyncWaves.apply(chart);
    const docs = Testing.synth(chart);

    expect(validateManifests(docs)).toEqual([]);
    const d = byId(docs);
    const cert = waveOf(d.get('Certificate/istio-ingress/shop'));
    expect(waveOf(d.get('Issuer/istio-ingress/letsencrypt'))).toBeLessThan(cert);
    // Argo CD's Gateway health check is Degraded until the Secret exists: never before the certificate
    expect(waveOf(d.get('Gateway/istio-ingress/web'))).toBe(cert);
    // routes wait for their parent gateway to be healthy
    expect(waveOf(d.get('HTTPRoute/istio-ingress/redirect'))).toBe(cert + 1);
    expect(waveOf(d.get('HTTPRoute/istio-ingress/app'))).toBe(cert + 1);
  });

  test('a Gateway API gateway serving a DNS-01 certificate comes after it', () => {
    const chart = Testing.chart();
    clusterIssuer(chart, 'dns', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    certificate(chart, 'istio-ingress', 'wildcard', ['*.apps.example.com'], { name: 'dns', kind: 'ClusterIssuer' });
    gwapiGateway(chart, 'istio-ingress', 'apps', [
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.apps.example.com', tls: { certificateRefs: [{ name: 'wildcard-tls' }] } },
    ]);
    httpRoute(chart, 'istio-ingress', 'a', [{ name: 'apps' }], ['a.apps.example.com'], [{ backendRefs: [{ name: 'a', port: 80 }] }]);

    SyncWaves.apply(chart);
    const d = byId(Testing.synth(chart));

    expect(waveOf(d.get('Certificate/istio-ingress/wildcard'))).toBe(SyncWaves.CERTIFICATES);
    expect(waveOf(d.get('Gateway/istio-ingress/apps'))).toBe(SyncWaves.CERTIFICATES + 1);
    expect(waveOf(d.get('HTTPRoute/istio-ingress/a'))).toBe(SyncWaves.CERTIFICATES + 2);
  });

  test('a ListenerSet waits for its Gateway (spec.parentRef) and its certificates; routes attached to it wait for it', () => {
    // GIVEN a shared Gateway, per-site listeners in a ListenerSet, TLS and gRPC routes on the ListenerSet
    const chart = Testing.chart();
    clusterIssuer(chart, 'dns', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    certificate(chart, 'istio-ingress', 'shared', ['edge.example.com'], { name: 'dns', kind: 'ClusterIssuer' });
    certificate(chart, 'istio-ingress', 'site', ['site.example.com'], { name: 'dns', kind: 'ClusterIssuer' });
    gwapiGateway(chart, 'istio-ingress', 'edge', [
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'edge.example.com', tls: { certificateRefs: [{ name: 'shared-tls' }] } },
    ]);
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', metadata: { namespace: 'istio-ingress' } };
    new ApiObject(chart, 'ls', {
      ...gateway, kind: 'ListenerSet', metadata: { ...gateway.metadata, name: 'site' },
      spec: { parentRef: { name: 'edge' }, listeners: [{ name: 'site', port: 443, protocol: 'HTTPS', hostname: 'site.example.com', tls: { certificateRefs: [{ name: 'site-tls' }] } }] },
    });
    const toListenerSet = { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'site' }] };
    new ApiObject(chart, 'tls', { ...gateway, kind: 'TLSRoute', metadata: { ...gateway.metadata, name: 'tls' }, spec: { ...toListenerSet, rules: [{ backendRefs: [{ name: 'a', port: 443 }] }] } });
    new ApiObject(chart, 'grpc', { ...gateway, kind: 'GRPCRoute', metadata: { ...gateway.metadata, name: 'grpc' }, spec: { ...toListenerSet, rules: [{ backendRefs: [{ name: 'b', port: 9000 }] }] } });
    new ApiObject(chart, 'lone', { ...gateway, kind: 'GRPCRoute', metadata: { ...gateway.metadata, name: 'lone' }, spec: { parentRefs: [{ name: 'elsewhere' }] } });

    // WHEN
    SyncWaves.apply(chart);
    const d = byId(Testing.synth(chart));

    // THEN
    const gw = waveOf(d.get('Gateway/istio-ingress/edge'));
    expect(gw).toBe(SyncWaves.CERTIFICATES + 1);
    expect(waveOf(d.get('ListenerSet/istio-ingress/site'))).toBe(gw + 1);
    expect(waveOf(d.get('TLSRoute/istio-ingress/tls'))).toBe(gw + 2);
    expect(waveOf(d.get('GRPCRoute/istio-ingress/grpc'))).toBe(gw + 2);
    // routing kinds without a parent in the app sync with the routing
    expect(waveOf(d.get('GRPCRoute/istio-ingress/lone'))).toBe(SyncWaves.ROUTING);
  });

  test('a ListenerSet routing the challenge of the certificate it serves (override annotations) shares its wave; HTTPRoutes on it wait for it', () => {
    // GIVEN the fleet shape: a shared Gateway, a site's ListenerSet with HTTP and HTTPS listeners,
    // a solver without parentRefs and the site's Certificate naming the ListenerSet by annotation
    const chart = Testing.chart();
    clusterIssuer(chart, 'le', acme(LE_STAGING, [{ http01: { gatewayHTTPRoute: {} } }]));
    gwapiGateway(chart, 'edge', 'shared', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]);
    new ApiObject(chart, 'ls', {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { name: 'site-a', namespace: 'site-a' },
      spec: {
        parentRef: { name: 'shared', namespace: 'edge' },
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', hostname: 'a.example.com' },
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls: { certificateRefs: [{ name: 'site-tls' }] } },
        ],
      },
    });
    certificate(chart, 'site-a', 'site', ['a.example.com'], { name: 'le', kind: 'ClusterIssuer' }, {},
      { annotations: { 'acme.cert-manager.io/http01-parentrefname': 'site-a', 'acme.cert-manager.io/http01-parentrefkind': 'ListenerSet' } });
    httpRoute(chart, 'site-a', 'app', [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'site-a', sectionName: 'https' }], ['a.example.com'],
      [{ backendRefs: [{ name: 'app', port: 8080 }] }]);

    // WHEN
    SyncWaves.apply(chart);
    const d = byId(Testing.synth(chart));

    // THEN the ListenerSet is synced with the Certificate whose challenge it routes (a later wave would deadlock)
    const cert = waveOf(d.get('Certificate/site-a/site'));
    expect(waveOf(d.get('Gateway/edge/shared'))).toBeLessThan(cert);
    expect(waveOf(d.get('ListenerSet/site-a/site-a'))).toBe(cert);
    expect(waveOf(d.get('HTTPRoute/site-a/app'))).toBe(cert + 1);
  });

  test('a certificate from an issuer defined elsewhere still waits for the routing of its names', () => {
    const chart = Testing.chart();
    gwapiGateway(chart, 'istio-ingress', 'web', [
      { name: 'http', port: 80, protocol: 'HTTP' },
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { certificateRefs: [{ name: 'shop-tls' }] } },
    ]);
    certificate(chart, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'external', kind: 'ClusterIssuer' });

    SyncWaves.apply(chart);
    const d = byId(Testing.synth(chart));

    expect(waveOf(d.get('Gateway/istio-ingress/web'))).toBe(waveOf(d.get('Certificate/istio-ingress/shop')));
  });

  test('covers cdk8s-plus objects: a Deployment mounting the certificate Secret comes after it', () => {
    const chart = Testing.chart();
    clusterIssuer(chart, 'selfsigned', { selfSigned: {} });
    certificate(chart, 'apps', 'internal', ['internal.example.com'], { name: 'selfsigned', kind: 'ClusterIssuer' });
    const deployment = new kplus.Deployment(chart, 'app', { metadata: { namespace: 'apps' }, containers: [{ image: 'example/app:1.0', securityContext: { ensureNonRoot: false } }] });
    const secret = kplus.Secret.fromSecretName(chart, 'tls', 'internal-tls');
    deployment.addVolume(kplus.Volume.fromSecret(chart, 'vol', secret));

    SyncWaves.apply(chart);
    const docs = Testing.synth(chart);

    const dep = docs.find((x) => x.kind === 'Deployment');
    expect(waveOf(dep)).toBe(SyncWaves.CERTIFICATES + 1);
  });

  test('keeps a wave set explicitly and orders dependants after it', () => {
    const chart = Testing.chart();
    clusterIssuer(chart, 'selfsigned', { selfSigned: {} });
    certificate(chart, 'apps', 'internal', ['internal.example.com'], { name: 'selfsigned', kind: 'ClusterIssuer' }, {},
      { annotations: { 'argocd.argoproj.io/sync-wave': '10' } });
    deploymentMounting(chart, 'apps', 'app', 'internal-tls');

    SyncWaves.apply(chart);
    const d = byId(Testing.synth(chart));

    expect(waveOf(d.get('Certificate/apps/internal'))).toBe(10);
    expect(waveOf(d.get('Deployment/apps/app'))).toBe(11);
  });

  test('fails if an explicit wave puts a certificate before the routing of its HTTP-01 challenge', () => {
    const chart = Testing.chart();
    classicIstio(chart);
    certificate(chart, 'istio-ingress', 'early', ['shop.example.com'], { name: 'letsencrypt', kind: 'ClusterIssuer' }, {},
      { annotations: { 'argocd.argoproj.io/sync-wave': '1' } });

    SyncWaves.apply(chart);

    expect(() => Testing.synth(chart)).toThrow(/\[test\/cert-istio-ingress-early\] Certificate istio-ingress\/early is in sync wave 1 but waits for Gateway istio-ingress\/shop \(routes the HTTP-01 challenge for shop\.example\.com\) in the later wave 2: Argo CD would never get there \(metadata\.annotations\["argocd\.argoproj\.io\/sync-wave"\]: "1"\) — remove the annotation or use a wave of at least 2/);
  });

  test('fails if an explicit wave puts a Gateway API gateway before the certificate it serves', () => {
    const chart = Testing.chart();
    clusterIssuer(chart, 'dns', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
    certificate(chart, 'istio-ingress', 'wildcard', ['*.apps.example.com'], { name: 'dns', kind: 'ClusterIssuer' });
    gwapiGateway(chart, 'istio-ingress', 'apps', [
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.apps.example.com', tls: { certificateRefs: [{ name: 'wildcard-tls' }] } },
    ], { annotations: { 'argocd.argoproj.io/sync-wave': '2' } });

    SyncWaves.apply(chart);

    expect(() => Testing.synth(chart)).toThrow(/\[test\/gwapi-istio-ingress-apps\] Gateway istio-ingress\/apps is in sync wave 2 but waits for Certificate istio-ingress\/wildcard \(writes the Secret named in spec\.listeners\[\]\.tls\.certificateRefs\) in the later wave 3.*"2"\) — remove the annotation or use a wave of at least 3/);
  });

  test('fails if objects wait for each other to become healthy', () => {
    const chart = Testing.chart();
    issuer(chart, 'apps', 'ca', { ca: { secretName: 'ca-tls' } });
    certificate(chart, 'apps', 'ca', ['ca.example.com'], { name: 'ca', kind: 'Issuer' }, { isCA: true });

    SyncWaves.apply(chart);

    expect(() => Testing.synth(chart)).toThrow(/\[test\/issuer-apps-ca\] test\/issuer-apps-ca, test\/cert-apps-ca: these objects each wait for the other to become healthy, so no sync order can ever complete \(dependencies: "Issuer apps\/ca needs Certificate apps\/ca \(writes the Secret named by spec\.ca\.secretName\); Certificate apps\/ca needs Issuer apps\/ca \(spec\.issuerRef\)"\) — break the cycle/);
  });

  test('fails if an explicit wave is not an integer', () => {
    const chart = Testing.chart();
    ns(chart, 'apps').metadata.addAnnotation('argocd.argoproj.io/sync-wave', 'first');
    SyncWaves.apply(chart);
    expect(() => Testing.synth(chart)).toThrow(/\[test\/ns-apps\] Namespace apps has a sync wave that is not an integer \(metadata\.annotations\["argocd\.argoproj\.io\/sync-wave"\]: "first"\) — write the wave as a decimal integer string/);
  });

  test('apply is idempotent and re-synth is stable', () => {
    const chart = Testing.chart();
    classicIstio(chart);
    SyncWaves.apply(chart);
    SyncWaves.apply(chart);
    expect(Testing.synth(chart)).toEqual(Testing.synth(chart));
  });

  test('2,000 sites with per-host solvers: every Certificate after its routing', () => {
    const chart = Testing.chart();
    const solvers = [];
    const sites = 2000;
    for (let i = 0; i < sites; i++) {
      solvers.push({ selector: { dnsNames: [`s${i}.example.com`] }, http01: { ingress: { ingressClassName: 'istio', podTemplate: { metadata: { labels: { solver: `s${i}` } } } } } });
    }
    // 2,000 per-host solvers make a 300 KiB issuer: only server-side apply can sync it (gitops/apply-limits)
    clusterIssuer(chart, 'le', acme(LE_STAGING, solvers)).metadata.addAnnotation('argocd.argoproj.io/sync-options', 'ServerSideApply=true');
    for (let i = 0; i < sites; i++) {
      istioGateway(chart, 'istio-ingress', `s${i}`, [`s${i}.example.com`], `s${i}-tls`);
      service(chart, 'istio-ingress', `acme-s${i}`, { solver: `s${i}` });
      certificate(chart, 'istio-ingress', `s${i}`, [`s${i}.example.com`], { name: 'le', kind: 'ClusterIssuer' });
    }
    SyncWaves.apply(chart);
    // how fast is `npm run bench`'s to say (timed tests flake on shared machines); this checks the result at scale
    const docs = Testing.synth(chart);
    expect(docs.filter((x) => x.kind === 'Certificate').every((x) => waveOf(x) === SyncWaves.CERTIFICATES)).toBe(true);
    expect(docs.filter((x) => x.kind === 'Service').every((x) => waveOf(x) === SyncWaves.ROUTING)).toBe(true);
  });
});
