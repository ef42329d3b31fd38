// Seed 002 (multi-cluster gateway certificates with cert-manager): two clusters, cluster-a and
// cluster-b, whose ingress gateways trust each other, and istiod signing workload certificates
// with a cert-manager CA (`cacerts`). The sound form of the seed's idea (see README.md): one
// shared root CA whose issuer exists in every cluster, an intermediate per cluster, each
// gateway's certificate issued in its own cluster, gateways verifying each other (MUTUAL TLS)
// against the shared root. Output folders:
//   argocd/     the ApplicationSet fanning cluster-a/ and cluster-b/ out; cert-manager, trust-manager
//               and the Istio charts per cluster (base, istiod, the ingress gateway)
//   cluster-a/  everything applied into cluster-a
//   cluster-b/  everything applied into cluster-b
import * as path from 'path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import { certManager, gitops, istio, patterns } from '../../src';

const CLUSTERS = [
  { name: 'cluster-a', network: 'network-a' },
  { name: 'cluster-b', network: 'network-b' },
];

/** Public name of a cluster's ingress gateway (the seed's `istio-ingressgateway.<cluster>.example.com`). */
function gatewayHost(cluster: string): string {
  return `istio-ingressgateway.${cluster}.example.com`;
}

/** One App per output folder. */
export function build(outdir: string): App[] {
  const hub = newApp(outdir, 'argocd');
  const hubChart = new Chart(hub, 'mesh');
  const mesh = new patterns.MultiClusterMesh(hubChart, 'Mesh', {
    meshId: 'mesh1',
    mode: patterns.MeshCaMode.PLUGIN_CA,
    // the shared root: one root key pair, provisioned out of band as Secret `mesh-root-ca` in
    // cert-manager's namespace of every cluster (the library never writes key material)
    root: patterns.MeshRoot.fromSecret({ secretName: 'mesh-root-ca' }),
    repoURL: 'https://github.com/cdk8s-istio-tls/cdk8s-istio-tls.git',
    path: 'examples/seed-002-multi-cluster/dist',
  });

  const apps = [hub];
  for (const { name, network } of CLUSTERS) {
    const app = newApp(outdir, name);
    const chart = new Chart(app, 'mesh');
    const meshCa = mesh.addCluster(chart, name, { network });
    // cert-manager and trust-manager in each cluster, before its mesh CA and Istio
    new gitops.CertManagerApplication(hubChart, `CertManager-${name}`, {
      metadata: { name: `cert-manager-${name}` }, destination: { name }, syncWave: gitops.GitOpsRepo.CERT_MANAGER_WAVE,
    });
    new gitops.TrustManagerApplication(hubChart, `TrustManager-${name}`, {
      metadata: { name: `trust-manager-${name}` }, destination: { name }, syncWave: gitops.GitOpsRepo.TRUST_MANAGER_WAVE,
    });
    // the seed's IstioOperator `components.ingressGateways[istio-ingressgateway]`: Istio's gateway
    // chart in each cluster, after that cluster's istiod (which injects it); its pods carry
    // `istio: ingressgateway`, what the cross-cluster Gateway selects
    new gitops.IstioGatewayApplication(hubChart, `IngressGateway-${name}`, {
      metadata: { name: `istio-ingressgateway-${name}` }, destination: { name },
      syncWave: (meshCa.istiodApplication?.syncWave ?? 0) + 1,
    });
    crossClusterGateway(chart, meshCa, name);
    gitops.SyncWaves.apply(app);
    gitops.ArgoCdHygiene.apply(app);
    apps.push(app);
  }
  gitops.SyncWaves.apply(hub);
  gitops.ArgoCdHygiene.apply(hub);
  return apps;
}

/**
 * The gateway side of the seed: the gateway's certificate issued in its own cluster by the
 * shared root's issuer (which exists in every cluster), served with MUTUAL TLS so that only
 * clients with a certificate of the shared root get in (Istio reads the CA from `ca.crt` of
 * the same Secret: the shared root), and a DestinationRule presenting the same certificate
 * when calling the other clusters' gateways.
 */
function crossClusterGateway(chart: Chart, meshCa: patterns.MeshCa, cluster: string): void {
  const cert = new certManager.Certificate(chart, 'IngressGatewayCert', {
    metadata: { name: 'istio-ingress-gateway-cert', namespace: meshCa.istioNamespace },
    issuer: meshCa.rootIssuer,
    secretName: 'istio-ingressgateway-certs',
    dnsNames: [gatewayHost(cluster)],
    usages: [certManager.KeyUsage.DIGITAL_SIGNATURE, certManager.KeyUsage.SERVER_AUTH, certManager.KeyUsage.CLIENT_AUTH],
  });
  new istio.Gateway(chart, 'CrossClusterGateway', {
    metadata: { name: 'cross-cluster-gateway', namespace: meshCa.istioNamespace, annotations: meshCa.afterIstioAnnotations() },
    selector: { istio: 'ingressgateway' },
    servers: [{ port: 443, portName: 'https-cross-cluster', protocol: istio.GatewayProtocol.HTTPS, hosts: [gatewayHost(cluster)], tls: istio.GatewayTls.mutual(cert) }],
  });
  for (const other of CLUSTERS.filter((c) => c.name !== cluster)) {
    new istio.DestinationRule(chart, `To-${other.name}`, {
      metadata: { name: `gateway-${other.name}`, namespace: meshCa.istioNamespace, annotations: meshCa.afterIstioAnnotations() },
      host: gatewayHost(other.name),
      trafficPolicy: { tls: istio.ClientTls.mutual(cert, { sni: gatewayHost(other.name) }) },
      exportTo: ['.'],
    });
  }
}

/** The summary `scripts/synth.js` prints. */
export function report(apps: App[]): string {
  return gitops.SynthReport.render(apps);
}

function newApp(outdir: string, folder: string): App {
  return new App({ outdir: path.join(outdir, folder), outputFileExtension: '.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
}
