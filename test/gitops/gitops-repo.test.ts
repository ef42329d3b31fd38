import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { AcmeSolver } from '../../src/cert-manager/acme-solver';
import { Issuer } from '../../src/cert-manager/issuer';
import { Errors } from '../../src/validation/error';
import { Warnings } from '../../src/validation/warnings';
import { IssuerConfig } from '../../src/cert-manager/issuer-config';
import { GitOpsRepo } from '../../src/gitops/gitops-repo';
import { MeshCa, MeshCaMode } from '../../src/patterns/mesh-ca';
import { expectFailure, waveOf } from '../util/expect';
import { documents, readTree } from '../util/render';
import { validateManifests } from '../util/schema';
import { acme, certificate, clusterIssuer, LE_PROD } from './fixtures';

const REPO = 'https://github.com/acme/platform-gitops.git';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-repo-'));
}

function synthAll(apps: App[]): void {
  for (const app of apps) app.synth();
}

describe('GitOpsRepo', () => {
  test('one folder per app plus an app-of-apps with one Application per folder and the dependencies', () => {
    // GIVEN
    const outdir = tmp();
    const repo = new GitOpsRepo({ outdir, repoURL: REPO, targetRevision: 'main' });
    const platform = repo.addFolder('platform');
    const chart = new Chart(platform, 'platform');
    clusterIssuer(chart, 'selfsigned', { selfSigned: {} });
    certificate(chart, 'apps', 'internal', ['internal.example.com'], { name: 'selfsigned', kind: 'ClusterIssuer' });
    const clusterB = repo.addFolder('cluster-b', { destination: { name: 'cluster-b' }, cluster: 'cluster-b' });
    new Chart(clusterB, 'mesh');
    repo.addCertManager();
    repo.addTrustManager();

    // WHEN
    synthAll(repo.apps);

    // THEN the layout
    expect([...readTree(outdir).keys()].sort()).toEqual(['argocd/argocd.yaml', 'cluster-b/mesh.yaml', 'platform/platform.yaml']);
    expect(repo.apps.map((a) => path.basename(a.outdir))).toEqual(['argocd', 'platform', 'cluster-b']);
    expect(repo.folders).toEqual(['platform', 'cluster-b']);
    const docs = documents(outdir);
    expect(validateManifests(docs.map((d) => d.doc))).toEqual([]);
    const apps = new Map(docs.filter((d) => d.file === 'argocd/argocd.yaml').map((d) => [d.doc.metadata.name, d.doc]));
    expect([...apps.keys()].sort()).toEqual(['cert-manager', 'cluster-b', 'platform', 'trust-manager']);
    expect(apps.get('platform')).toMatchObject({
      metadata: { namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '3' } },
      spec: {
        project: 'default',
        source: { repoURL: REPO, path: 'dist/platform', targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['PruneLast=true'], retry: { limit: 10 } },
      },
    });
    expect(apps.get('cluster-b')!.spec.destination).toEqual({ name: 'cluster-b' });
    expect(waveOf(apps.get('cert-manager'))).toBe(GitOpsRepo.CERT_MANAGER_WAVE);
    expect(waveOf(apps.get('trust-manager'))).toBe(GitOpsRepo.TRUST_MANAGER_WAVE);
    // folders get sync waves and hygiene
    const cert = docs.find((d) => d.doc.kind === 'Certificate')!.doc;
    expect(cert.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '3', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
    // and every folder but the app of apps has exactly one Application pointing at it
    for (const folder of ['platform', 'cluster-b']) {
      expect([...apps.values()].filter((a) => a.spec.source.path === `dist/${folder}`)).toHaveLength(1);
    }
  });

  test('a folder with a default namespace creates it', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO, path: 'examples/x/dist' });
    new Chart(repo.addFolder('apps', { namespace: 'shop' }), 'apps');
    const [app] = repo.folderApplications;
    expect(app.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'shop' });
    expect(app.syncPolicy!.syncOptions).toEqual(['PruneLast=true', 'CreateNamespace=true']);
    expect(app.source.path).toBe('examples/x/dist/apps');
  });

  test('turns on cert-manager Gateway API support when a folder needs it', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    const chart = new Chart(repo.addFolder('edge'), 'edge');
    new Issuer(chart, 'Le', {
      metadata: { namespace: 'istio-ingress' },
      config: IssuerConfig.letsEncrypt({ email: 'ops@example.io', solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'web', sectionName: 'http' }] })] }),
    });
    const cm = repo.addCertManager();
    expect(cm.gatewayApi).toBe(true);
    expect(cm.values.config.gatewayAPI).toEqual({ enabled: true });
  });

  test('fails if cert-manager is installed without the Gateway API support a folder needs', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    const edge = new Chart(repo.addFolder('edge'), 'edge');
    repo.addCertManager();
    // added after addCertManager(): only the synth-time check can see it
    new ApiObject(edge, 'gw', {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
      metadata: { name: 'web', namespace: 'istio-ingress', annotations: { 'cert-manager.io/cluster-issuer': 'le' } },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { certificateRefs: [{ name: 'shop-tls' }] } }] },
    });
    expect(() => synthAll(repo.apps)).toThrow(/\[GitOpsRepo\] folder\(s\) edge use gatewayHTTPRoute HTTP-01 solvers or gateway-shim annotations, which cert-manager ignores without its Gateway API support \(gatewayApi: false\) — pass gatewayApi: true to addCertManager\(\)/);
  });

  test('turns on cert-manager\'s gateway-shim for ListenerSets when a folder annotates one, and fails if it is off', () => {
    const listenerSet = (chart: Chart) => new ApiObject(chart, 'ls', {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet',
      metadata: { name: 'site-a', namespace: 'site-a', annotations: { 'cert-manager.io/cluster-issuer': 'le' } },
      spec: { parentRef: { name: 'shared', namespace: 'edge' }, listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls: { certificateRefs: [{ name: 'a-tls' }] } }] },
    });
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    listenerSet(new Chart(repo.addFolder('site-a'), 'site-a'));
    const cm = repo.addCertManager();
    expect(cm.listenerSets).toBe(true);
    expect(cm.gatewayApi).toBe(true);
    expect(cm.values.featureGates).toBe('ListenerSets=true');
    expect(cm.values.config.gatewayAPI).toEqual({ enabled: true, enableListenerSet: true });

    // added after addCertManager(): only the synth-time check can see it
    const late = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    const folder = new Chart(late.addFolder('site-b'), 'site-b');
    late.addCertManager({ gatewayApi: true });
    listenerSet(folder);
    expect(() => synthAll(late.apps)).toThrow(/\[GitOpsRepo\] folder\(s\) site-b annotate ListenerSets for cert-manager's gateway-shim \(cert-manager\.io\/issuer or cluster-issuer\), which cert-manager ignores without its alpha feature gate ListenerSets and config\.gatewayAPI\.enableListenerSet, so their listener certificates are never issued \(listenerSets: false\) — pass listenerSets: true to addCertManager\(\)/);
  });

  test('orders istio-csr after the folder holding its issuer', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    const mesh = new Chart(repo.addFolder('mesh', { syncWave: 5 }), 'mesh');
    const issuer = new Issuer(mesh, 'MeshCa', { metadata: { namespace: 'istio-system' }, config: IssuerConfig.ca({ secretName: 'mesh-intermediate' }) });
    const csr = repo.addIstioCsr({ issuer, rootCa: { name: 'mesh-root', key: 'ca.crt' } });
    expect(csr.application.syncWave).toBe(6);
  });

  test('checks the Let\'s Encrypt budget across all folders before writing anything', () => {
    const outdir = tmp();
    const repo = new GitOpsRepo({ outdir, repoURL: REPO });
    for (let i = 0; i < 6; i++) {
      const chart = new Chart(repo.addFolder(`cluster-${i}`), 'edge');
      clusterIssuer(chart, 'le', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
      certificate(chart, 'istio-ingress', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
    }
    expect(() => synthAll(repo.apps)).toThrow(/\[LetsEncryptBudget\] 6 certificates for exactly the names \[shop\.example\.com\]/);
    expect([...readTree(outdir).keys()]).toEqual([]);
  });

  test('fails if istio-csr is installed both by a MeshCa in a folder and by addIstioCsr()', () => {
    // GIVEN a mesh folder whose MeshCa (istio-csr mode) installs istio-csr
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    const mesh = new MeshCa(new Chart(repo.addFolder('mesh'), 'mesh'), 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });

    // WHEN the app of apps installs istio-csr too
    repo.addIstioCsr({ issuer: mesh.workloadIssuer!, rootCa: { name: 'mesh-root-ca', key: 'ca.crt' } });

    // THEN the synth fails: two Applications would own the same Helm release
    expect(() => synthAll(repo.apps)).toThrow(
      /\[mesh\/MeshCa\/IstioCsrApplication\] another Application \(argocd\/IstioCsr\/Application\) already installs chart "cert-manager-istio-csr" as this release into namespace "cert-manager" of cluster https:\/\/kubernetes\.default\.svc: both would own the same objects .* — keep one of the two Applications; MeshCa in istio-csr mode already installs istio-csr/);
  });

  test('fails if two folders share a name', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    repo.addFolder('platform');
    expect(() => repo.addFolder('platform')).toThrow(/^\[GitOpsRepo\.addFolder\] a folder of this name already exists \(name: "platform"\) — give each folder its own name$/);
    expect(() => repo.addFolder('argocd')).toThrow(/a folder of this name already exists \(name: "argocd"\)/);
  });

  test('fails if a folder name is not a DNS label', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    expect(() => repo.addFolder('Cluster_A')).toThrow(/^\[GitOpsRepo\.addFolder\] folder name must be a lowercase RFC 1123 label.* \(name: "Cluster_A"\) — use e\.g\. "platform" or "cluster-a"$/);
  });

  test('fails if the repository URL is missing', () => {
    expectFailure(() => new GitOpsRepo({ outdir: tmp(), repoURL: '' }),
      { path: 'GitOpsRepo', field: 'repoURL', value: '""', problem: 'is required and must be a non-empty string', fix: /github\.com\/org\/gitops\.git/ });
  });

  test('fails if the path leaves the repository or the revision is empty, naming the prop', () => {
    expectFailure(() => new GitOpsRepo({ outdir: tmp(), repoURL: REPO, path: '../dist' }), { path: 'GitOpsRepo', field: 'path', value: '"../dist"', fix: /relative path/ });
    expectFailure(() => new GitOpsRepo({ outdir: tmp(), repoURL: REPO, targetRevision: ' ' }), { path: 'GitOpsRepo', field: 'targetRevision', value: '" "', fix: /branch, tag or commit/ });
  });

  test('the repository root as path: folders are read from the root', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO, path: '' });
    repo.addFolder('apps');
    expect(repo.folderApplications[0].source.path).toBe('apps');
  });

  test('fails if cert-manager is added twice', () => {
    const repo = new GitOpsRepo({ outdir: tmp(), repoURL: REPO });
    repo.addCertManager();
    expect(() => repo.addCertManager()).toThrow(/^\[GitOpsRepo\.addCertManager\] cert-manager is already added/);
  });

  describe('synth()', () => {
    /** A repository with two folders, the dependencies, a warning and a MeshCa's Application in a folder. */
    function build(outdir: string): GitOpsRepo {
      const repo = new GitOpsRepo({ outdir, repoURL: REPO, targetRevision: 'main' });
      const platform = new Chart(repo.addFolder('platform', { namespace: 'apps' }), 'platform');
      clusterIssuer(platform, 'le', acme(LE_PROD, [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cf', key: 'token' } } } }]));
      certificate(platform, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' });
      Warnings.add(platform, 'something legal but dangerous');
      new MeshCa(new Chart(repo.addFolder('mesh', { cluster: 'mesh' }), 'mesh'), 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
      repo.addCertManager();
      repo.addTrustManager();
      return repo;
    }

    test('writes the same files as app.synth() on every app, the app of apps first', () => {
      // GIVEN the same repository twice
      const looped = tmp();
      const fast = tmp();
      const first = build(looped);
      const second = build(fast);

      // WHEN one is synthesized app by app, the other through the pipeline
      synthAll(first.apps);
      const result = second.synth();

      // THEN
      const expected = readTree(looped);
      expect([...expected.keys()]).toEqual(['argocd/argocd.yaml', 'mesh/mesh.yaml', 'platform/platform.yaml']);
      expect(readTree(fast)).toEqual(expected);
      expect(result.files.map((f) => path.relative(fast, f))).toEqual(['argocd/argocd.yaml', 'platform/platform.yaml', 'mesh/mesh.yaml']);
      expect(result.warnings.map((w) => w.message)).toEqual(expect.arrayContaining(['[platform] something legal but dangerous']));
    });

    test('reports the problems of every folder together, before writing anything', () => {
      // GIVEN two folders, each with a problem
      const outdir = tmp();
      const repo = new GitOpsRepo({ outdir, repoURL: REPO });
      for (const folder of ['a', 'b']) {
        const chart = new Chart(repo.addFolder(folder), folder);
        certificate(chart, 'apps', 'shop', ['shop.example.com'], { name: 'le', kind: 'ClusterIssuer' }, { duration: '90d' });
      }

      // WHEN
      let thrown: unknown;
      try {
        repo.synth();
      } catch (e) {
        thrown = e;
      }

      // THEN
      expect(Errors.isValidationError(thrown)).toBe(true);
      expect(Errors.problemsOf(thrown).map((p) => `${p.path} ${p.field}`)).toEqual(['a/cert-apps-shop spec.duration', 'b/cert-apps-shop spec.duration']);
      expect([...readTree(outdir).keys()]).toEqual([]);
    });

    describe('prints the synth summary to stderr, where `cdk8s synth` shows it', () => {
      // jest's setup (test/util/setup-env.ts) sets CDK8S_ISTIO_TLS_QUIET for the other tests
      const quiet = process.env.CDK8S_ISTIO_TLS_QUIET;
      let stderr: string[];
      let write: jest.SpyInstance;
      beforeEach(() => {
        delete process.env.CDK8S_ISTIO_TLS_QUIET;
        stderr = [];
        write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
          stderr.push(String(chunk));
          return true;
        });
      });
      afterEach(() => {
        write.mockRestore();
        process.env.CDK8S_ISTIO_TLS_QUIET = quiet;
      });

      test('by default: the certificates, the budget and every warning', () => {
        build(tmp()).synth();
        const printed = stderr.join('');
        expect(printed).toMatch(/^cdk8s-istio-tls synth summary \(CDK8S_ISTIO_TLS_QUIET=1 silences it\):\n/);
        expect(printed).toContain('shop.example.com');
        expect(printed).toContain('[platform] something legal but dangerous');
      });

      test.each([
        ['printSummary: false', undefined, { printSummary: false }],
        ['CDK8S_ISTIO_TLS_QUIET=1', '1', {}],
      ])('not with %s', (_name, env, options) => {
        if (env !== undefined) process.env.CDK8S_ISTIO_TLS_QUIET = env;
        build(tmp()).synth(options);
        expect(stderr).toEqual([]);
      });

      test('printSummary: true wins over CDK8S_ISTIO_TLS_QUIET; "0" is not quiet', () => {
        process.env.CDK8S_ISTIO_TLS_QUIET = '1';
        build(tmp()).synth({ printSummary: true });
        expect(stderr.join('')).toContain('something legal but dangerous');
        stderr.length = 0;
        process.env.CDK8S_ISTIO_TLS_QUIET = '0';
        build(tmp()).synth();
        expect(stderr.join('')).toContain('something legal but dangerous');
      });
    });
  });
});
