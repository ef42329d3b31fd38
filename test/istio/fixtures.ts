// Real cert-manager Certificates for the Istio tests: the whole-app checks read the rendered
// Certificates (which Secret they write, where, for which names), so the certificates a test
// wants checked must be in the app. Issuers live in a chart of their own per cluster, so the
// test chart's documents are the test's objects only.
import { App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AcmeSolver, Certificate, ClusterIssuer, IssuerConfig, LetsEncryptEnvironment } from '../../src/cert-manager';
import { IIssuer } from '../../src/cert-manager/references';
import { CLUSTER_CONTEXT_KEY, clusterOf } from '../../src/private/cluster';

const issuers = new WeakMap<IConstruct, Map<string, { selfSigned?: ClusterIssuer; acme?: ClusterIssuer }>>();

function issuersChart(scope: Construct): { chart: Chart; entry: { selfSigned?: ClusterIssuer; acme?: ClusterIssuer } } {
  const root = scope.node.root as App;
  const cluster = clusterOf(scope) ?? '';
  let byCluster = issuers.get(root);
  if (!byCluster) issuers.set(root, (byCluster = new Map()));
  let entry = byCluster.get(cluster);
  if (!entry) byCluster.set(cluster, (entry = {}));
  const id = cluster ? `issuers-${cluster}` : 'issuers';
  let chart = root.node.tryFindChild(id) as Chart | undefined;
  if (!chart) {
    chart = new Chart(root, id);
    if (cluster) chart.node.setContext(CLUSTER_CONTEXT_KEY, cluster);
  }
  return { chart, entry };
}

/** A self-signed ClusterIssuer of the app (in the cluster of `scope`). */
export function selfSignedIssuer(scope: Construct): ClusterIssuer {
  const { chart, entry } = issuersChart(scope);
  return (entry.selfSigned ??= new ClusterIssuer(chart, 'SelfSigned', { metadata: { name: 'selfsigned' }, config: IssuerConfig.selfSigned() }));
}

/** A Let's Encrypt (ACME) ClusterIssuer of the app (in the cluster of `scope`), solving HTTP-01 over an Ingress class. */
export function acmeIssuer(scope: Construct): ClusterIssuer {
  const { chart, entry } = issuersChart(scope);
  return (entry.acme ??= new ClusterIssuer(chart, 'Le', {
    metadata: { name: 'letsencrypt' },
    config: IssuerConfig.letsEncrypt({ environment: LetsEncryptEnvironment.STAGING, email: 'ops@example.io', solvers: [AcmeSolver.http01Ingress({ ingressClass: 'istio' })] }),
  }));
}

export interface TestCertificateProps {
  /** Default: `<id in lower case>-tls`. */
  readonly secretName?: string;
  /** Default: `istio-system`. */
  readonly namespace?: string;
  /** Default: `['shop.example.com']`. */
  readonly dnsNames?: string[];
  /** Default: a self-signed ClusterIssuer. */
  readonly issuer?: IIssuer;
}

/** A Certificate of the app, with the defaults of `FakeCertificate`. */
export function certificate(scope: Construct, id: string, props: TestCertificateProps = {}): Certificate {
  return new Certificate(scope, id, {
    metadata: { namespace: props.namespace ?? 'istio-system' },
    issuer: props.issuer ?? selfSignedIssuer(scope),
    dnsNames: props.dnsNames ?? ['shop.example.com'],
    secretName: props.secretName ?? `${id.toLowerCase()}-tls`,
  });
}
