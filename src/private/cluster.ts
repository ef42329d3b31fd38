import { IConstruct } from 'constructs';

/**
 * Context key naming the Kubernetes cluster a subtree is rendered for. A chart (or any
 * scope) that stands for one cluster sets it before adding children:
 * `chart.node.setContext(CLUSTER_CONTEXT_KEY, 'cluster-a')`. Constructs that must live in the
 * same cluster (a Certificate and its issuer: cert-manager resolves issuerRef locally)
 * compare `clusterOf()`.
 */
export const CLUSTER_CONTEXT_KEY = 'cdk8s-istio-tls:cluster';

/** The cluster a construct is rendered for, or undefined when the app does not say. */
export function clusterOf(scope: IConstruct): string | undefined {
  const v = scope.node.tryGetContext(CLUSTER_CONTEXT_KEY);
  return typeof v === 'string' ? v : undefined;
}
