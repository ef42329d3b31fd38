import { ChartComponentOptions, HelmApplicationOptions } from './helm-values';

/** Type of the gateway's Service (`service.type` of Istio's gateway chart). */
export enum GatewayServiceType {
  /** A cloud load balancer (the chart's default). */
  LOAD_BALANCER = 'LoadBalancer',
  /** A port on every node. */
  NODE_PORT = 'NodePort',
  /** Reachable inside the cluster only (behind another load balancer or an Ingress). */
  CLUSTER_IP = 'ClusterIP',
  /** No Service. */
  NONE = 'None',
}

/** A port of the gateway's Service (`service.ports[]`). */
export interface GatewayServicePort {
  /** Port name, unique in the Service (Istio reads the protocol from a prefix: `http2`, `https`, `tcp`, ...). */
  readonly name: string;
  /** Port of the Service. */
  readonly port: number;
  /**
   * Container port (the port an Istio Gateway server listens on).
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;
}

/** Horizontal pod autoscaling of the gateway (`autoscaling`). */
export interface GatewayAutoscaling {
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilization, percent of the request.
   *
   * @default 80
   */
  readonly targetCpuUtilizationPercentage?: number;
}

/** Properties of `IstioGatewayApplication`. */
export interface IstioGatewayApplicationProps extends HelmApplicationOptions, ChartComponentOptions {
  /**
   * Name of the gateway (Helm release, Deployment, Service); the pods get the labels
   * `app: <name>` and `istio: <name without "istio-">`, e.g. `istio: ingressgateway` for
   * `istio-ingressgateway` — what Istio Gateways select.
   *
   * @default 'istio-ingressgateway'
   */
  readonly name?: string;
  /**
   * Namespace of the gateway pods (where Istio reads the certificate Secrets of the Gateways
   * that select them).
   *
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Labels of the gateway pods and objects; `app` and `istio` replace the ones derived from
   * the name.
   *
   * @default - only the name's (and `istio.io/dataplane-mode: none`, the chart's)
   */
  readonly labels?: { [key: string]: string };
  /**
   * Autoscaling between a minimum and a maximum of replicas instead of a fixed `replicas`.
   *
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: GatewayAutoscaling;
  /**
   * Type of the Service.
   *
   * @default GatewayServiceType.LOAD_BALANCER
   */
  readonly serviceType?: GatewayServiceType;
  /**
   * Annotations of the Service, e.g. a cloud load balancer's
   * (`service.beta.kubernetes.io/aws-load-balancer-type: nlb`).
   *
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
  /**
   * Ports of the Service (they replace the chart's).
   *
   * @default - the chart's: status-port 15021, http2 80, https 443
   */
  readonly ports?: GatewayServicePort[];
  /**
   * Istio revision whose istiod injects the gateway (`revision`).
   *
   * @default - the default revision
   */
  readonly revision?: string;
}
