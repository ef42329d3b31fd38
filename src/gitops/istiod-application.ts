import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkEnum, requireArray, requireString } from '../private/fields';
import { checkDns1123Label } from '../private/names';
import { fail, Where } from '../validation/error';
import { Application } from './application';
import { IstiodApplicationProps, MeshConfigOptions, OutboundTrafficPolicyMode } from './istiod-application-props';
import { dependencyApplication } from './private/dependency';
import { mergeValues, mib, renderComponent } from './private/helm';
import { ISTIO_CHARTS, ISTIO_VERSION, istioIgnoreDifferences } from './private/istio-charts';

/**
 * An Argo CD Application installing Istio's control plane, the `istiod` chart (1.30.3 by
 * default, https://istio-release.storage.googleapis.com/charts), with a typed `meshConfig`.
 * Highly available by default (2 replicas, no autoscaling, PodDisruptionBudget). With
 * `caAddress` (istio-csr) istiod's CA is off and the proxies send their CSRs to the external
 * CA. Syncs after `IstioBaseApplication` (CRDs) and, with `caAddress`, after istio-csr;
 * gateways after it (istiod injects them).
 *
 * Do not combine it with a `MeshCa` whose Istio install method renders its own istiod
 * Application for the same cluster (the synth reports the duplicate release).
 */
export class IstiodApplication extends Construct {
  /** The Application. */
  public readonly application: Application;
  /** The L1 object of the Application (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The namespace of istiod. */
  public readonly namespace: string;
  /** The revision, or undefined for the default one. */
  public readonly revision?: string;
  /** The chart values, as rendered into the Application. */
  public readonly values: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: IstiodApplicationProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'istio-system';
    this.revision = props.revision;
    if (props.revision !== undefined) {
      const problem = typeof props.revision === 'string' ? checkDns1123Label(props.revision) : 'must be a string';
      if (problem) fail(this, 'revision', props.revision, `a revision ${problem}`, 'use e.g. "1-30-3"');
    }
    const component = renderComponent(this, '', props, { cpuRequestMillis: 500, memoryRequest: mib(2048) });
    const env = pilotEnv(this, props);
    const global: { [key: string]: any } = {
      ...(this.namespace !== 'istio-system' ? { istioNamespace: this.namespace } : {}),
      ...(props.caAddress !== undefined ? { caAddress: props.caAddress } : {}),
      ...(props.meshId !== undefined ? { meshID: requireString(this, 'meshId', props.meshId, 'name the mesh') } : {}),
      ...(props.clusterName !== undefined ? { multiCluster: { clusterName: requireString(this, 'clusterName', props.clusterName, 'name the cluster') } } : {}),
      ...(props.network !== undefined ? { network: requireString(this, 'network', props.network, 'name the network') } : {}),
      // istiod's chart creates its PodDisruptionBudget only with more than one replica
      defaultPodDisruptionBudget: { enabled: component.podDisruptionBudget.enabled },
    };
    const mesh = meshConfig(this, props.meshConfig);
    const base: { [key: string]: any } = {
      ...(props.revision !== undefined ? { revision: props.revision } : {}),
      global,
      // the chart copies `pilot.*` to the top level (templates/zzy_descope_legacy.yaml)
      pilot: {
        autoscaleEnabled: false,
        replicaCount: component.replicaCount,
        ...(component.resources ? { resources: component.resources } : {}),
        ...(Object.keys(env).length > 0 ? { env } : {}),
      },
      ...(Object.keys(mesh).length > 0 ? { meshConfig: mesh } : {}),
    };
    this.values = mergeValues(base, props.extraValues);
    this.application = dependencyApplication(this, props, {
      applicationName: props.revision ? `istiod-${props.revision}` : 'istiod', chart: 'istiod', version: ISTIO_VERSION,
      releaseName: props.revision ? `istiod-${props.revision}` : 'istiod', repoURL: ISTIO_CHARTS, ignoreDifferences: istioIgnoreDifferences(),
    }, this.namespace, this.values);
    this.apiObject = this.application.apiObject;
  }
}

/** istiod's environment: the user's, plus the built-in CA turned off for an external CA. */
function pilotEnv(where: Where, props: IstiodApplicationProps): { [key: string]: string } {
  const env = props.pilotEnv ?? {};
  if (env === null || typeof env !== 'object' || Array.isArray(env)) fail(where, 'pilotEnv', env, 'must be a map of variable names to strings', 'pass e.g. { PILOT_ENABLE_ALPHA_GATEWAY_API: "true" }');
  for (const [k, v] of Object.entries(env)) {
    if (typeof v !== 'string') fail(where, `pilotEnv.${k}`, v, 'an environment variable is a string', `quote it, e.g. "${String(v)}"`);
  }
  if (props.caAddress === undefined) return { ...env };
  requireString(where, 'caAddress', props.caAddress, 'pass IstioCsrApplication.caAddress, e.g. "cert-manager-istio-csr.cert-manager.svc:443"');
  if (!/^[a-z0-9.-]+:\d+$/.test(props.caAddress)) {
    fail(where, 'caAddress', props.caAddress, 'the CA address is host:port (proxies dial it over gRPC)', 'use e.g. "cert-manager-istio-csr.cert-manager.svc:443"');
  }
  if (env.ENABLE_CA_SERVER !== undefined && env.ENABLE_CA_SERVER !== 'false') {
    fail(where, 'pilotEnv.ENABLE_CA_SERVER', env.ENABLE_CA_SERVER, 'with an external CA (caAddress) istiod\'s built-in CA must be off: it would keep signing its own root for whoever asks it',
      'remove pilotEnv.ENABLE_CA_SERVER (caAddress sets it to "false")');
  }
  return { ...env, ENABLE_CA_SERVER: 'false' };
}

/** The typed meshConfig, checked. */
function meshConfig(where: Where, m: MeshConfigOptions | undefined): { [key: string]: any } {
  if (m === undefined) return {};
  if (m === null || typeof m !== 'object') fail(where, 'meshConfig', m, 'must be an object', 'pass e.g. { trustDomain: "cluster.local" }');
  if (m.trustDomain !== undefined) {
    const problem = typeof m.trustDomain === 'string' ? (/^[a-z0-9._-]+$/.test(m.trustDomain) ? undefined : 'may only contain lowercase letters, digits, ".", "-" and "_" (SPIFFE)') : 'must be a string';
    if (problem) fail(where, 'meshConfig.trustDomain', m.trustDomain, `the trust domain ${problem}`, 'use e.g. "cluster.local"');
  }
  if (m.accessLogFile !== undefined) requireString(where, 'meshConfig.accessLogFile', m.accessLogFile, 'use e.g. "/dev/stdout"');
  const mode = m.outboundTrafficPolicy === undefined ? undefined : checkEnum(where, 'meshConfig.outboundTrafficPolicy', m.outboundTrafficPolicy, OutboundTrafficPolicyMode, 'OutboundTrafficPolicyMode');
  const cas = m.caCertificates === undefined ? undefined
    : requireArray(where, 'meshConfig.caCertificates', m.caCertificates, { nonEmpty: true, fix: 'list the extra roots, or leave it out' }).map((c, i) => {
      const f = `meshConfig.caCertificates[${i}]`;
      // Istio's MeshConfig.CertificateData: exactly one of pem and spiffeBundleUrl (a oneof)
      if (c === null || typeof c !== 'object' || (c.pem === undefined) === (c.spiffeBundleUrl === undefined)) {
        fail(where, f, c, 'a trusted root is given by exactly one of pem and spiffeBundleUrl', 'pass { pem: "-----BEGIN CERTIFICATE-----..." } or { spiffeBundleUrl: "spiffe.example.com:443" }');
      }
      if (c.pem !== undefined && !(typeof c.pem === 'string' && c.pem.includes('-----BEGIN CERTIFICATE-----'))) {
        fail(where, `${f}.pem`, typeof c.pem === 'string' ? `${c.pem.slice(0, 30)}...` : c.pem, 'is not a PEM certificate', 'paste the root certificate, -----BEGIN CERTIFICATE----- included');
      }
      return {
        ...(c.pem !== undefined ? { pem: c.pem } : {}),
        ...(c.spiffeBundleUrl !== undefined ? { spiffeBundleUrl: requireString(where, `${f}.spiffeBundleUrl`, c.spiffeBundleUrl, 'use host:port or a URL') } : {}),
        ...(c.certSigners !== undefined ? { certSigners: [...requireArray(where, `${f}.certSigners`, c.certSigners, { nonEmpty: true, fix: 'name the signers, or leave it out' })] } : {}),
        ...(c.trustDomains !== undefined ? { trustDomains: [...requireArray(where, `${f}.trustDomains`, c.trustDomains, { nonEmpty: true, fix: 'name the trust domains, or leave it out' })] } : {}),
      };
    });
  if (m.proxyMetadata !== undefined) {
    for (const [k, v] of Object.entries(m.proxyMetadata)) if (typeof v !== 'string') fail(where, `meshConfig.proxyMetadata.${k}`, v, 'an environment variable is a string', `quote it, e.g. "${String(v)}"`);
  }
  return {
    ...(m.trustDomain !== undefined ? { trustDomain: m.trustDomain } : {}),
    ...(m.accessLogFile !== undefined ? { accessLogFile: m.accessLogFile } : {}),
    ...(mode !== undefined ? { outboundTrafficPolicy: { mode } } : {}),
    ...(cas !== undefined ? { caCertificates: cas } : {}),
    ...(m.proxyMetadata !== undefined ? { defaultConfig: { proxyMetadata: { ...m.proxyMetadata } } } : {}),
  };
}
