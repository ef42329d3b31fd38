// istio-csr's inputs and chart values (not exported from the package).
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { IIssuer, IssuerType, SecretKeySelector } from '../../cert-manager/references';
import { goDuration } from '../../private/duration';
import { checkNamespaceName, checkObjectName, requireArray } from '../../private/fields';
import { checkDns1123Label, checkDnsName } from '../../private/names';
import { fail } from '../../validation/error';
import { Warnings } from '../../validation/warnings';
import { MetricsScraping } from '../helm-values';
import { IstioCsrApplicationProps } from '../istio-csr-application-props';
import { RenderedComponent } from './helm';

const ROOT_CA_DIR = '/var/run/secrets/istio-csr/root-ca';
/** The chart names its Service after itself, whatever the release name. */
export const ISTIO_CSR_SERVICE = 'cert-manager-istio-csr';

/** The props of an IstioCsrApplication, checked and defaulted. */
export interface IstioCsrInput {
  readonly issuer: IIssuer;
  readonly namespace: string;
  readonly requestNamespace: string;
  readonly istioNamespace: string;
  readonly trustDomain: string;
  readonly clusterId: string;
  readonly revisions: string[];
  readonly maxWorkload: Duration;
  readonly serving: Duration;
  readonly metrics: MetricsScraping;
  readonly rootCa?: SecretKeySelector;
}

/** The host Istio dials: the Service is named after the chart whatever the release. */
export function istioCsrServiceHost(namespace: string): string {
  return `${ISTIO_CSR_SERVICE}.${namespace}.svc`;
}

/** Check the props (throwing at `where`), record the warnings on it; the inputs with defaults. */
export function checkIstioCsrProps(where: Construct, props: IstioCsrApplicationProps): IstioCsrInput {
  if (props === null || typeof props !== 'object' || !props.issuer) fail(where, 'issuer', props?.issuer, 'istio-csr needs the issuer that signs workload certificates', 'pass issuer: a CA Issuer');
  const issuer = checkIssuer(where, props.issuer);
  const namespace = props.namespace ?? 'cert-manager';
  const requestNamespace = props.certificateRequestNamespace ?? issuer.issuerNamespace ?? 'istio-system';
  if (issuer.issuerNamespace !== undefined && requestNamespace !== issuer.issuerNamespace) {
    fail(where, 'certificateRequestNamespace', requestNamespace, `the namespaced Issuer ${issuer.issuerRef.name} only signs requests in its own namespace "${issuer.issuerNamespace}"`,
      'leave certificateRequestNamespace out, or move the Issuer');
  }
  const istioNamespace = props.istioNamespace ?? 'istio-system';
  for (const [field, v] of [['namespace', namespace], ['certificateRequestNamespace', requestNamespace], ['istioNamespace', istioNamespace]] as const) {
    checkNamespaceName(where, field, v);
  }
  const trustDomain = props.trustDomain ?? 'cluster.local';
  const tdProblem = checkDnsName(trustDomain, { allowWildcard: false });
  if (tdProblem) fail(where, 'trustDomain', trustDomain, `trust domain ${tdProblem}`, 'use e.g. "cluster.local"');
  const clusterId = props.clusterId ?? 'Kubernetes';
  if (typeof clusterId !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(clusterId)) {
    fail(where, 'clusterId', clusterId, 'the cluster ID must be letters, digits, "-", "_" and "."', 'use Istio\'s multiCluster.clusterName, e.g. "cluster-a"');
  }
  const revisions = requireArray(where, 'istioRevisions', props.istioRevisions ?? ['default'], { nonEmpty: true, fix: 'use e.g. ["default"]' });
  revisions.forEach((r, i) => {
    const p = typeof r === 'string' ? checkDns1123Label(r) : 'must be a string';
    if (p) fail(where, `istioRevisions[${i}]`, r, `revision ${p}`, 'use the revision names of your Istio installation');
  });
  if ((props as any).certificateDuration !== undefined) {
    fail(where, 'certificateDuration', (props as any).certificateDuration, 'certificateDuration is no longer a prop: it set both the workload certificates\' maximum and istio-csr\'s serving certificate, two different chart values',
      'use maxWorkloadCertificateDuration (app.server.maxCertificateDuration) and/or servingCertificateDuration (app.tls.certificateDuration)');
  }
  const maxWorkload = checkLifetime(where, 'maxWorkloadCertificateDuration', props.maxWorkloadCertificateDuration, 'workload certificates');
  const serving = checkLifetime(where, 'servingCertificateDuration', props.servingCertificateDuration, "istio-csr's serving certificate");
  const metrics = props.metrics ?? MetricsScraping.NONE;
  if (metrics !== MetricsScraping.NONE && metrics !== MetricsScraping.SERVICE_MONITOR) {
    fail(where, 'metrics', metrics, 'istio-csr\'s chart only offers a ServiceMonitor', 'use MetricsScraping.SERVICE_MONITOR or MetricsScraping.NONE');
  }
  const rootCa = checkRootCa(where, props.rootCa);
  return { issuer, namespace, requestNamespace, istioNamespace, trustDomain, clusterId, revisions, maxWorkload, serving, metrics, rootCa };
}

/** A CA (or Vault, or external) issuer; a cluster-scoped one is a warning. */
function checkIssuer(where: Construct, issuer: IIssuer): IIssuer {
  if (issuer.issuerType === IssuerType.ACME) {
    fail(where, 'issuer', `${issuer.issuerRef.kind}/${issuer.issuerRef.name}`, 'an ACME issuer cannot sign workload certificates: ACME CAs only issue certificates for DNS names they can validate',
      'use a CA issuer (e.g. backed by an intermediate CA certificate) or Vault');
  }
  if (issuer.issuerNamespace === undefined) {
    Warnings.add(where, `istio-csr uses the cluster-scoped ${issuer.issuerRef.kind} ${issuer.issuerRef.name}; prefer a namespaced Issuer so that only istio-csr's namespace can use the mesh CA`);
  }
  return issuer;
}

/** The pinned root CA's Secret and key; none is a warning. */
function checkRootCa(where: Construct, root: SecretKeySelector | undefined): SecretKeySelector | undefined {
  if (root === undefined) {
    Warnings.add(where, 'istio-csr is not given the root CA (rootCa): it trusts whatever CA signs its first certificate, so a compromised issuer could replace the mesh\'s trust anchor (istio-csr#103)');
    return undefined;
  }
  checkObjectName(where, 'rootCa.name', root.name, 'Secret');
  if (typeof root.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(root.key)) fail(where, 'rootCa.key', root.key, 'a Secret key is letters, digits, "-", "_" and "."', 'use e.g. "ca.crt"');
  return root;
}

/** A certificate lifetime of at least a minute, in whole seconds (default: the chart's 1h). */
function checkLifetime(where: Construct, field: string, v: Duration | undefined, what: string): Duration {
  const d = v ?? Duration.hours(1);
  const ms = d instanceof Duration ? d.toMilliseconds({ integral: false }) : NaN;
  if (!(ms >= 60_000) || !Number.isInteger(ms / 1000)) fail(where, field, d, `${what} must live at least a minute, in whole seconds`, 'use e.g. Duration.hours(1)');
  return d;
}

/** The chart values of istio-csr (before the user's extra values). */
export function istioCsrValues(input: IstioCsrInput, component: RenderedComponent): { [key: string]: any } {
  const { issuer, rootCa: root, istioNamespace } = input;
  const serviceHost = istioCsrServiceHost(input.namespace);
  return {
    replicaCount: component.replicaCount,
    podDisruptionBudget: component.podDisruptionBudget.enabled ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
    ...(component.resources ? { resources: component.resources } : {}),
    app: {
      certmanager: {
        namespace: input.requestNamespace,
        issuer: { name: issuer.issuerRef.name, kind: issuer.issuerRef.kind, group: issuer.issuerRef.group },
      },
      tls: {
        trustDomain: input.trustDomain,
        certificateDuration: goDuration(input.serving),
        ...(root ? { rootCAFile: `${ROOT_CA_DIR}/${root.key}` } : {}),
        // the chart's default names the cert-manager namespace: proxies dialling istio-csr in
        // another namespace would reject its serving certificate
        certificateDNSNames: [serviceHost],
      },
      server: { clusterID: input.clusterId, maxCertificateDuration: goDuration(input.maxWorkload) },
      istio: { namespace: istioNamespace, revisions: [...input.revisions] },
      // the chart's default is istio-system: its leader-election Role would land in a
      // namespace that may not exist
      controller: { leaderElectionNamespace: istioNamespace },
      ...(input.metrics === MetricsScraping.SERVICE_MONITOR ? { metrics: { service: { enabled: true, servicemonitor: { enabled: true } } } } : {}),
    },
    ...(root ? {
      volumes: [{ name: 'root-ca', secret: { secretName: root.name, items: [{ key: root.key, path: root.key }] } }],
      volumeMounts: [{ name: 'root-ca', mountPath: ROOT_CA_DIR, readOnly: true }],
    } : {}),
  };
}
