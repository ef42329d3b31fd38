import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Application } from './application';
import { IstioCsrApplicationProps } from './istio-csr-application-props';
import { dependencyApplication } from './private/dependency';
import { mergeValues, mib, renderComponent } from './private/helm';
import { checkIstioCsrProps, ISTIO_CSR_SERVICE, istioCsrServiceHost, istioCsrValues } from './private/istio-csr';

/**
 * An Argo CD Application installing istio-csr (cert-manager's Istio agent CA, chart v0.17.0
 * by default) so that the mesh's workload certificates are signed by a cert-manager issuer.
 * Install it after the issuer exists and before istiod (`GitOpsRepo.addIstioCsr()` orders
 * it); point Istio at it with `global.caAddress=cert-manager-istio-csr.<namespace>.svc:443`
 * and `pilot.env.ENABLE_CA_SERVER=false`.
 */
export class IstioCsrApplication extends Construct {
  /** The Application. */
  public readonly application: Application;
  /** The L1 object of the Application (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The namespace istio-csr is installed in. */
  public readonly namespace: string;
  /** The address Istio's `global.caAddress` must point at. */
  public readonly caAddress: string;
  /** The chart values, as rendered into the Application. */
  public readonly values: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: IstioCsrApplicationProps) {
    super(scope, id);
    const input = checkIstioCsrProps(this, props);
    this.namespace = input.namespace;
    const component = renderComponent(this, '', props, { cpuRequestMillis: 50, memoryRequest: mib(64), cpuLimitMillis: 200, memoryLimit: mib(256) });
    this.values = mergeValues(istioCsrValues(input, component), props.extraValues);
    this.caAddress = `${istioCsrServiceHost(this.namespace)}:443`;
    this.application = dependencyApplication(this, props,
      { applicationName: 'istio-csr', chart: 'cert-manager-istio-csr', version: 'v0.17.0', releaseName: ISTIO_CSR_SERVICE }, this.namespace, this.values);
    this.apiObject = this.application.apiObject;
  }
}
