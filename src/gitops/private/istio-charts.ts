// Istio's Helm charts as the install Applications use them (not exported from the package).
// Keys are those of Istio 1.30.3: manifests/charts/{base,istio-control/istio-discovery,gateway}
// (istio/istio), values.yaml and templates.
import { ModelObject } from '../../core/model';
import { obj, str, stringMap } from '../../private/wire';
import { RecommendedIgnoreDifferences } from '../recommended-ignore-differences';
import { IgnoreDifference } from '../sync-policy';

/** Istio's Helm repository. */
export const ISTIO_CHARTS = 'https://istio-release.storage.googleapis.com/charts';
/** The Istio release the charts are pinned to. */
export const ISTIO_VERSION = '1.30.3';
/** The gateway chart's release name when none is given (`gateway.name` in templates/_helpers.tpl). */
export const DEFAULT_GATEWAY_NAME = 'istio-ingressgateway';

/**
 * Drift istiod causes on what the charts install: it patches the webhooks' `caBundle` and
 * switches the validator's `failurePolicy` to `Fail` once ready (istio#52785).
 */
export function istioIgnoreDifferences(): IgnoreDifference[] {
  return [
    ...RecommendedIgnoreDifferences.istioValidatingWebhook(),
    { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  ];
}

/**
 * The labels the gateway chart puts on its pods that an Istio Gateway's `selector` can use
 * (gateway templates/_helpers.tpl `gateway.selectorLabels`, templates/deployment.yaml):
 * `app` = `labels.app`, else the gateway name (`name` value, else the release name);
 * `istio` = `labels.istio`, else the name without its `istio-` prefix; then every other key of
 * `labels`, which Helm merges over the chart's default `istio.io/dataplane-mode: none`.
 */
export function gatewayPodLabels(releaseName: string, values: { [key: string]: any }): { [key: string]: string } {
  const name = str(values.name) || releaseName || DEFAULT_GATEWAY_NAME;
  const given: { [key: string]: string } = { 'istio.io/dataplane-mode': 'none', ...stringMap(values.labels) };
  return {
    ...given,
    app: given.app ?? name,
    istio: given.istio ?? (name.startsWith('istio-') ? name.slice('istio-'.length) : name),
  };
}

/** An Argo CD Application (wire form) that installs Istio's `gateway` chart. */
export function isIstioGatewayApplication(app: ModelObject): boolean {
  const source = obj(obj(app.json?.spec).source);
  return str(source.chart) === 'gateway' && str(source.repoURL) === ISTIO_CHARTS;
}

/** What an installed gateway (wire form of its Application) offers: namespace and pod labels. */
export interface InstalledGateway {
  readonly app: ModelObject;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
}

/** The namespace and pod labels of a gateway Application (wire form). */
export function installedGateway(app: ModelObject): InstalledGateway {
  const spec = obj(app.json?.spec);
  const helm = obj(obj(spec.source).helm);
  return {
    app,
    namespace: str(obj(spec.destination).namespace) ?? 'default',
    labels: gatewayPodLabels(str(helm.releaseName) ?? app.name, obj(helm.valuesObject)),
  };
}
