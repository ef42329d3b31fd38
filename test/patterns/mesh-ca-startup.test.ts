// istiod decides once, at start, whether it is a plugged CA (cacerts) and whether it serves
// istio-csr's certificate (istiod-tls): the mesh CA holds istiod back with an init container
// until those files are mounted, whatever order Argo CD syncs in (issue #16, point 1).
// Upstream: istio/istio 1.30.3 pilot/pkg/bootstrap/istio_ca.go (createIstioCA:
// `useSelfSignedCA := !signingCABundleComplete`, the cacerts watcher only in plugged mode),
// pilot/pkg/bootstrap/server.go (hasCustomTLSCerts, checked once), and the istiod chart
// manifests/charts/istio-control/istio-discovery/templates/deployment.yaml (volumes `cacerts`
// -> /etc/cacerts, `istio-csr-dns-cert` -> /var/run/secrets/istiod/tls, `istio-csr-ca-configmap`
// -> /var/run/secrets/istiod/ca, all optional; `initContainers` rendered through `tpl`).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IstioInstallMethod, MeshCa, MeshCaMode, MeshRoot, MultiClusterMesh } from '../../src/patterns';
import { doc, newChart, synthValid } from '../util/expect';

/** The init container in the values of the istiod Application. */
function initContainerOf(docs: any[], name = 'istiod'): any {
  const values = doc(docs, 'Application', name).spec.source.helm.valuesObject;
  expect(values.initContainers).toHaveLength(1);
  return values.initContainers[0];
}

/**
 * Run the init container's command with its mount paths moved under `root`; returns whether it
 * finished (exit 0) within `timeout` ms — short when it is expected to keep waiting, long when
 * it is expected to finish (a loaded machine must not fail the test).
 */
function runWait(container: any, root: string, timeout = 1500): { finished: boolean; output: string } {
  let script: string = container.command[2];
  for (const m of container.volumeMounts) script = script.split(m.mountPath).join(path.join(root, m.mountPath));
  const r = spawnSync('sh', ['-c', script], { timeout, encoding: 'utf8' });
  return { finished: r.status === 0, output: r.stdout };
}

function write(root: string, file: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), 'x');
}

describe('istiod waits for the mesh CA before it starts', () => {
  test('plug-in mode: an init container mounts the chart\'s cacerts volume and waits for tls.key, tls.crt and ca.crt', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA });
    const c = initContainerOf(synthValid(chart));
    expect(c.name).toBe('wait-for-mesh-ca');
    // the istiod image itself (chart expressions, rendered by the chart's tpl): no other image to pull
    expect(c.image).toBe('{{ .Values.hub | default .Values.global.hub }}/{{ .Values.image | default "pilot" }}:{{ .Values.tag | default .Values.global.tag }}');
    expect(c.volumeMounts).toEqual([{ name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true }]);
    expect(c.command.slice(0, 2)).toEqual(['sh', '-c']);

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cacerts-'));
    const waiting = runWait(c, root);
    expect(waiting.finished).toBe(false);
    expect(waiting.output).toContain('waiting for Secret cacerts');
    write(root, '/etc/cacerts/tls.crt');
    write(root, '/etc/cacerts/tls.key');
    expect(runWait(c, root).finished).toBe(false); // no ca.crt: istiod would find the bundle incomplete
    write(root, '/etc/cacerts/ca.crt');
    expect(runWait(c, root, 20_000).finished).toBe(true);
  });

  test('istio-csr mode: waits for istiod-tls (tls.crt, tls.key) and a CA file, as hasCustomTLSCerts checks them', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.ISTIO_CSR });
    const c = initContainerOf(synthValid(chart));
    expect(c.volumeMounts).toEqual([
      { name: 'istio-csr-dns-cert', mountPath: '/var/run/secrets/istiod/tls', readOnly: true },
      { name: 'istio-csr-ca-configmap', mountPath: '/var/run/secrets/istiod/ca', readOnly: true },
    ]);
    for (const caFile of ['/var/run/secrets/istiod/ca/root-cert.pem', '/var/run/secrets/istiod/tls/ca.crt']) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'istiod-tls-'));
      expect(runWait(c, root).output).toContain('waiting for Secret istiod-tls');
      write(root, '/var/run/secrets/istiod/tls/tls.crt');
      write(root, '/var/run/secrets/istiod/tls/tls.key');
      expect(runWait(c, root).finished).toBe(false);
      write(root, caFile);
      expect(runWait(c, root, 20_000).finished).toBe(true);
    }
  });

  test('the init container runs unprivileged, like istiod', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA });
    expect(initContainerOf(synthValid(chart)).securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    });
  });

  test('IstioOperator: the init container as an overlay on the istiod Deployment (istioctl refuses values.pilot.initContainers: not in PilotConfig)', () => {
    const { chart } = newChart();
    new MeshCa(chart, 'MeshCa', { mode: MeshCaMode.PLUGIN_CA, istioInstall: IstioInstallMethod.ISTIO_OPERATOR, istioRevisions: ['1-30-3'] });
    const iop = doc(synthValid(chart), 'IstioOperator');
    expect(iop.spec.values.pilot).toEqual({ autoscaleEnabled: false, env: { MAX_WORKLOAD_CERT_TTL: '1h0m0s', DEFAULT_WORKLOAD_CERT_TTL: '1h0m0s' } });
    const [overlay] = iop.spec.components.pilot.k8s.overlays;
    expect(overlay).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod-1-30-3' });
    const [patch] = overlay.patches;
    expect(patch.path).toBe('spec.template.spec.initContainers');
    // rendered after the chart: a concrete image, not the chart's expression
    expect(patch.value[0]).toMatchObject({ name: 'wait-for-mesh-ca', image: 'docker.io/istio/pilot:1.30.3', volumeMounts: [{ name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true }] });
  });

  test('multi-cluster: each cluster\'s istiod (in the hub, not ordered after its cluster folder) waits for its own cacerts', () => {
    const dist = path.join(os.tmpdir(), 'mesh-ca-startup-test');
    const hub = new Chart(new App({ outdir: path.join(dist, 'argocd') }), 'argocd');
    const mesh = new MultiClusterMesh(hub, 'Mesh', {
      meshId: 'mesh1', mode: MeshCaMode.PLUGIN_CA, root: MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }), repoURL: 'https://github.com/example/gitops.git', path: 'dist',
    });
    for (const name of ['cluster-a', 'cluster-b']) mesh.addCluster(new Chart(new App({ outdir: path.join(dist, name) }), 'mesh'), name);
    const docs = synthValid(hub);
    for (const name of ['cluster-a', 'cluster-b']) {
      const app = doc(docs, 'Application', `istiod-${name}`);
      expect(app.spec.destination.name).toBe(name);
      expect(initContainerOf(docs, `istiod-${name}`).volumeMounts[0].name).toBe('cacerts');
    }
  });
});
