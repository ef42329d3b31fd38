// Plain-ApiObject building blocks for the whole-app passes (waves, hygiene, budget, report):
// they must work on any rendered object, not only on the library's L2 constructs.
import { ApiObject, Chart } from 'cdk8s';

export const LE_PROD = 'https://acme-v02.api.letsencrypt.org/directory';
export const LE_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

export function ns(chart: Chart, name: string): ApiObject {
  return new ApiObject(chart, `ns-${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export function clusterIssuer(chart: Chart, name: string, spec: any): ApiObject {
  return new ApiObject(chart, `ci-${name}`, { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name }, spec });
}

export function issuer(chart: Chart, namespace: string, name: string, spec: any): ApiObject {
  return new ApiObject(chart, `issuer-${namespace}-${name}`, { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name, namespace }, spec });
}

export function acme(server: string, solvers: any[]): any {
  return { acme: { server, email: 'ops@example.io', privateKeySecretRef: { name: 'acme-account' }, solvers } };
}

export function certificate(chart: Chart, namespace: string, name: string, dnsNames: string[], issuerRef: any, extra: any = {}, metadata: any = {}): ApiObject {
  return new ApiObject(chart, `cert-${namespace}-${name}`, {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace, ...metadata },
    spec: { secretName: `${name}-tls`, dnsNames, issuerRef: { group: 'cert-manager.io', ...issuerRef }, ...extra },
  });
}

export function istioGateway(chart: Chart, namespace: string, name: string, hosts: string[], secret: string, metadata: any = {}): ApiObject {
  return new ApiObject(chart, `gw-${namespace}-${name}`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace, ...metadata },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts, tls: { mode: 'SIMPLE', credentialName: secret } },
      ],
    },
  });
}

export function virtualService(chart: Chart, namespace: string, name: string, hosts: string[], gateways: string[]): ApiObject {
  return new ApiObject(chart, `vs-${namespace}-${name}`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: { hosts, gateways, http: [{ route: [{ destination: { host: 'app.shop.svc.cluster.local', port: { number: 8080 } } }] }] },
  });
}

export function service(chart: Chart, namespace: string, name: string, selector: { [k: string]: string }): ApiObject {
  return new ApiObject(chart, `svc-${namespace}-${name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector, ports: [{ name: 'http', port: 8089, targetPort: 8089 }] },
  });
}

export function deploymentMounting(chart: Chart, namespace: string, name: string, secretName: string): ApiObject {
  return new ApiObject(chart, `deploy-${namespace}-${name}`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'app', image: 'example/app:1.0', volumeMounts: [{ name: 'tls', mountPath: '/tls' }] }],
          volumes: [{ name: 'tls', secret: { secretName } }],
        },
      },
    },
  });
}

export function gwapiGateway(chart: Chart, namespace: string, name: string, listeners: any[], metadata: any = {}): ApiObject {
  return new ApiObject(chart, `gwapi-${namespace}-${name}`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace, ...metadata },
    spec: { gatewayClassName: 'istio', listeners },
  });
}

export function httpRoute(chart: Chart, namespace: string, name: string, parentRefs: any[], hostnames: string[], rules: any[]): ApiObject {
  return new ApiObject(chart, `route-${namespace}-${name}`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace },
    spec: { parentRefs, hostnames, rules },
  });
}

/** The rendered docs of a chart by `Kind/ns/name`. */
export function byId(docs: any[]): Map<string, any> {
  return new Map(docs.map((d) => [`${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`, d]));
}
