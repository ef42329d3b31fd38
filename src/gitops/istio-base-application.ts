import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Application } from './application';
import { HelmApplicationOptions } from './helm-values';
import { dependencyApplication } from './private/dependency';
import { mergeValues } from './private/helm';
import { ISTIO_CHARTS, ISTIO_VERSION } from './private/istio-charts';
import { RecommendedIgnoreDifferences } from './recommended-ignore-differences';

/** Properties of `IstioBaseApplication`. */
export interface IstioBaseApplicationProps extends HelmApplicationOptions {
  /**
   * Namespace of istiod (`global.istioNamespace`), where the chart's objects go.
   *
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * The revision the default validating webhook and `istioctl` use (`defaultRevision`).
   *
   * @default 'default'
   */
  readonly defaultRevision?: string;
}

/**
 * An Argo CD Application installing Istio's `base` chart (1.30.3 by default,
 * https://istio-release.storage.googleapis.com/charts): Istio's CRDs and the cluster-wide
 * RBAC istiod needs. Everything that uses `networking.istio.io` / `security.istio.io` kinds
 * syncs after it (`GitOpsRepo.addIstioBase()` orders it first).
 */
export class IstioBaseApplication extends Construct {
  /** The Application. */
  public readonly application: Application;
  /** The L1 object of the Application (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The namespace of istiod. */
  public readonly namespace: string;
  /** The chart values, as rendered into the Application. */
  public readonly values: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: IstioBaseApplicationProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'istio-system';
    const base: { [key: string]: any } = {
      ...(props.defaultRevision !== undefined ? { defaultRevision: props.defaultRevision } : {}),
      ...(this.namespace !== 'istio-system' ? { global: { istioNamespace: this.namespace } } : {}),
    };
    this.values = mergeValues(base, props.extraValues);
    this.application = dependencyApplication(this, props, {
      applicationName: 'istio-base', chart: 'base', version: ISTIO_VERSION, releaseName: 'istio-base', repoURL: ISTIO_CHARTS,
      // the chart's default validator, which istiod patches once ready
      ignoreDifferences: RecommendedIgnoreDifferences.istioValidatingWebhook(),
    }, this.namespace, this.values);
    this.apiObject = this.application.apiObject;
  }
}
