import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkAnnotations, checkEnum, checkInteger, checkLabels, checkNamespaceName, checkPort, requireArray } from '../private/fields';
import { checkDns1123Label } from '../private/names';
import { fail, Where } from '../validation/error';
import { Application } from './application';
import { GatewayAutoscaling, GatewayServicePort, GatewayServiceType, IstioGatewayApplicationProps } from './istio-gateway-application-props';
import { dependencyApplication } from './private/dependency';
import { mergeValues, mib, renderComponent } from './private/helm';
import { DEFAULT_GATEWAY_NAME, gatewayPodLabels, ISTIO_CHARTS, ISTIO_VERSION } from './private/istio-charts';

/**
 * An Argo CD Application installing an Istio ingress gateway from Istio's `gateway` chart
 * (1.30.3 by default, https://istio-release.storage.googleapis.com/charts): Deployment,
 * Service (a cloud load balancer by default), PodDisruptionBudget, optional autoscaling.
 * Highly available by default (2 replicas, PodDisruptionBudget `minAvailable: 1`).
 *
 * The pods carry `app: <name>` and `istio: <name without "istio-">` (plus `labels`), which
 * Istio Gateways select: with the default name, `istio: ingressgateway`. In a `GitOpsRepo`,
 * every networking.istio.io Gateway's selector is checked against the gateways installed.
 * Syncs after istiod (istiod injects the gateway's proxy); the folders whose Certificates are
 * validated through it sync after it.
 */
export class IstioGatewayApplication extends Construct {
  /** The Application. */
  public readonly application: Application;
  /** The L1 object of the Application (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The gateway's name (release, Deployment, Service). */
  public readonly name: string;
  /** The namespace of the gateway pods. */
  public readonly namespace: string;
  /** The labels of the gateway pods an Istio Gateway's `selector` can use. */
  public readonly podLabels: { [key: string]: string };
  /** The chart values, as rendered into the Application. */
  public readonly values: { [key: string]: any };

  public constructor(scope: Construct, id: string, props: IstioGatewayApplicationProps = {}) {
    super(scope, id);
    this.name = props.name ?? DEFAULT_GATEWAY_NAME;
    const problem = typeof this.name === 'string' ? checkDns1123Label(this.name) : 'must be a string';
    if (problem) fail(this, 'name', this.name, `the gateway name ${problem} (it names the Deployment and the Service)`, 'use e.g. "istio-ingressgateway"');
    this.namespace = checkNamespaceName(this, 'namespace', props.namespace ?? 'istio-system');
    checkLabels(this, 'labels', props.labels);
    checkAnnotations(this, 'serviceAnnotations', props.serviceAnnotations);
    const autoscaling = checkAutoscaling(this, props);
    // with autoscaling, the budget follows the fewest replicas
    const component = renderComponent(this, '', { ...props, replicas: autoscaling?.minReplicas ?? props.replicas },
      { cpuRequestMillis: 100, memoryRequest: mib(128), cpuLimitMillis: 2000, memoryLimit: mib(1024) });
    const serviceType = checkEnum(this, 'serviceType', props.serviceType ?? GatewayServiceType.LOAD_BALANCER, GatewayServiceType, 'GatewayServiceType');
    if (serviceType === GatewayServiceType.NONE && (props.serviceAnnotations !== undefined || props.ports !== undefined)) {
      fail(this, props.ports !== undefined ? 'ports' : 'serviceAnnotations', props.ports ?? props.serviceAnnotations, 'the gateway has no Service (serviceType NONE)', 'remove them, or choose another serviceType');
    }
    const ports = props.ports === undefined ? undefined : checkPorts(this, props.ports);
    const base: { [key: string]: any } = {
      ...(props.revision !== undefined ? { revision: props.revision } : {}),
      ...(props.labels !== undefined ? { labels: { ...props.labels } } : {}),
      ...(autoscaling
        ? { autoscaling: { enabled: true, minReplicas: autoscaling.minReplicas, maxReplicas: autoscaling.maxReplicas, targetCPUUtilizationPercentage: autoscaling.targetCpuUtilizationPercentage ?? 80 } }
        : { replicaCount: component.replicaCount, autoscaling: { enabled: false } }),
      // the chart's budget takes minAvailable / maxUnavailable; `{}` creates none
      podDisruptionBudget: component.podDisruptionBudget.enabled ? { minAvailable: 1 } : {},
      ...(component.resources ? { resources: component.resources } : {}),
      service: {
        type: serviceType,
        ...(props.serviceAnnotations !== undefined ? { annotations: { ...props.serviceAnnotations } } : {}),
        ...(ports ? { ports } : {}),
      },
    };
    this.values = mergeValues(base, props.extraValues);
    this.podLabels = gatewayPodLabels(this.name, this.values);
    this.application = dependencyApplication(this, props, {
      applicationName: this.name, chart: 'gateway', version: ISTIO_VERSION, releaseName: this.name, repoURL: ISTIO_CHARTS, ignoreDifferences: [],
    }, this.namespace, this.values);
    this.apiObject = this.application.apiObject;
  }
}

function checkAutoscaling(where: Where, props: IstioGatewayApplicationProps): GatewayAutoscaling | undefined {
  const a = props.autoscaling;
  if (a === undefined) return undefined;
  if (props.replicas !== undefined) fail(where, 'replicas', props.replicas, 'with autoscaling the autoscaler sets the replicas', 'remove replicas, or autoscaling');
  if (a === null || typeof a !== 'object') fail(where, 'autoscaling', a, 'must be an object', 'pass e.g. { minReplicas: 2, maxReplicas: 5 }');
  checkInteger(where, 'autoscaling.minReplicas', a.minReplicas, 1, 1000, 'use e.g. 2');
  checkInteger(where, 'autoscaling.maxReplicas', a.maxReplicas, 1, 1000, 'use e.g. 5');
  if (a.maxReplicas < a.minReplicas) fail(where, 'autoscaling.maxReplicas', a.maxReplicas, `is below minReplicas (${a.minReplicas}); the HorizontalPodAutoscaler is rejected`, `use at least ${a.minReplicas}`);
  if (a.targetCpuUtilizationPercentage !== undefined) checkInteger(where, 'autoscaling.targetCpuUtilizationPercentage', a.targetCpuUtilizationPercentage, 1, 100, 'use e.g. 80');
  return a;
}

function checkPorts(where: Where, ports: GatewayServicePort[]): any[] {
  const names = new Set<string>();
  const numbers = new Set<number>();
  return requireArray(where, 'ports', ports, { nonEmpty: true, fix: 'list the ports, or leave ports out for the chart\'s' }).map((p, i) => {
    const f = `ports[${i}]`;
    if (p === null || typeof p !== 'object') fail(where, f, p, 'must be an object', 'pass e.g. { name: "https", port: 443 }');
    const problem = typeof p.name === 'string' ? checkDns1123Label(p.name) : 'must be a string';
    // a Service port name is a DNS-1123 label (Kubernetes ServicePort.name)
    if (problem) fail(where, `${f}.name`, p.name, `a Service port name ${problem}`, 'use e.g. "https"');
    if (names.has(p.name)) fail(where, `${f}.name`, p.name, 'port names of a Service must be unique', 'give each port its own name');
    const port = checkPort(where, `${f}.port`, p.port);
    if (numbers.has(port)) fail(where, `${f}.port`, port, 'this port is listed twice', 'list each port once');
    names.add(p.name);
    numbers.add(port);
    const targetPort = p.targetPort === undefined ? port : checkPort(where, `${f}.targetPort`, p.targetPort);
    return { name: p.name, port, protocol: 'TCP', targetPort };
  });
}
