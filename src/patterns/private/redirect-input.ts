// The input of an HttpsRedirectGateway, checked (not exported from the package): host names,
// the gateway workload, backend routes and their path prefixes.
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CHALLENGE_PATH } from '../../cert-manager/http01';
import { checkLabels, checkNamespaceName, checkObjectName } from '../../private/fields';
import { isWildcard } from '../../private/hostnames';
import { checkDns1035Label, checkDns1123Label, checkDnsName, kebabName } from '../../private/names';
import { fail } from '../../validation/error';
import { BackendRoute, GatewayWorkload, HttpsRedirectGatewayNames, HttpsRedirectGatewayProps, IngressApi } from '../https-redirect-gateway-options';
import { checkCipherSuitesForKey } from './ciphers';
import { SharedGateway } from './redirect-gateway-api';
import { RedirectSiteNames } from './redirect-site';

/** Let's Encrypt puts at most 100 names into one certificate. */
const MAX_HOSTS = 100;
/** An HTTPRoute has at most 16 hostnames. */
const MAX_GATEWAY_API_HOSTS = 16;
const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/** Where and under which names an HttpsRedirectGateway builds its objects, from its props. */
export interface RedirectSiteSettings {
  readonly api: IngressApi;
  /** Base name of every object. */
  readonly name: string;
  /** The names of the objects. */
  readonly names: RedirectSiteNames;
  readonly labels?: { [key: string]: string };
  readonly hosts: string[];
  /** The gateway pods (none on a shared gateway). */
  readonly workload?: GatewayWorkload;
  /** Namespace of the gateway and the routes (and, on a shared gateway, of the Certificate). */
  readonly namespace: string;
  /** The shared Gateway the site attaches to, if any. */
  readonly shared?: SharedGateway;
}

/** Check the props of the HttpsRedirectGateway `where` (construct id `id`) but the issuer, the routes and the certificate's options. */
export function resolveRedirectProps(where: Construct, id: string, p: HttpsRedirectGatewayProps): RedirectSiteSettings {
  if (typeof p !== 'object') fail(where, 'props', p, 'props are required', 'pass { hosts, workload }');
  const api = p.api ?? IngressApi.ISTIO;
  if (!Object.values(IngressApi).includes(api)) fail(where, 'api', api, 'must be IngressApi.ISTIO or IngressApi.GATEWAY_API', 'use an IngressApi value');

  if (p.metadata !== undefined && (p.metadata === null || typeof p.metadata !== 'object')) fail(where, 'metadata', p.metadata, 'must be an object', 'pass { name, namespace, labels }');
  if (p.metadata?.labels !== undefined && (p.metadata.labels === null || typeof p.metadata.labels !== 'object' || Array.isArray(p.metadata.labels))) {
    fail(where, 'metadata.labels', p.metadata.labels, 'must be a map of label keys to values', 'pass e.g. { team: "shop" }');
  }
  const name = p.metadata?.name ?? kebabName(id);
  const nameProblem = typeof name === 'string' ? checkDns1123Label(name) : 'must be a string';
  if (nameProblem) {
    fail(where, 'metadata.name', name, `the base name of the pattern's objects ${nameProblem} (Istio Gateway names are DNS-1123 labels)`,
      p.metadata?.name ? 'choose a shorter lowercase name' : 'pass metadata.name or use a construct id that kebab-cases to a valid name');
  }

  const hosts = checkHosts(where, p.hosts, api);
  const names = resolveNames(where, p.names, name, api);
  if (p.gateway !== undefined) return resolveSharedGateway(where, p, { api, name, names, hosts });
  if (p.httpListener !== undefined) fail(where, 'httpListener', p.httpListener, 'httpListener names the HTTP listener of a shared gateway', 'remove httpListener, or pass gateway');
  const workload = checkWorkload(where, p.workload, api);
  // with the Gateway API, Istio runs the gateway pods in the Gateway's namespace
  const namespace = api === IngressApi.GATEWAY_API ? workload.namespace : (p.metadata?.namespace ?? Chart.of(where).namespace ?? workload.namespace);
  if (api === IngressApi.GATEWAY_API && p.metadata?.namespace !== undefined && p.metadata.namespace !== workload.namespace) {
    fail(where, 'metadata.namespace', p.metadata.namespace,
      `with the Gateway API, Istio runs the gateway pods in the Gateway's namespace, so the Gateway must be in the workload namespace "${workload.namespace}" (where the Certificate writes its Secret)`,
      'remove metadata.namespace or set it to workload.namespace');
  }
  const nsProblem = typeof namespace === 'string' ? checkDns1123Label(namespace) : 'must be a string';
  if (nsProblem) fail(where, 'metadata.namespace', namespace, `namespace ${nsProblem}`, 'use a valid namespace name');

  checkCipherSuitesForKey(where, 'tls.cipherSuites', p.tls?.cipherSuites, p.privateKey?.algorithm, p.tls?.minProtocolVersion);
  if (api === IngressApi.GATEWAY_API) {
    if (p.tls !== undefined) fail(where, 'tls', p.tls, 'tls options apply to the Istio API\'s HTTPS server only', 'remove tls, or use IngressApi.ISTIO');
  } else if (p.gatewayClassName !== undefined) {
    fail(where, 'gatewayClassName', p.gatewayClassName, 'a GatewayClass applies to the Gateway API only', 'remove gatewayClassName, or use IngressApi.GATEWAY_API');
  }
  return { api, name, names, labels: p.metadata?.labels ? { ...p.metadata.labels } : undefined, hosts, workload, namespace };
}

/**
 * The objects' names: each given one checked as its kind requires (an Istio Gateway's name is a
 * DNS-1123 label, the others DNS-1123 subdomains), names of the other API refused.
 */
function resolveNames(where: Construct, n: HttpsRedirectGatewayNames | undefined, base: string, api: IngressApi): RedirectSiteNames {
  if (n === undefined) return { certificate: base, gateway: base, virtualService: base, redirectRoute: `${base}-redirect`, backendRoute: base };
  if (n === null || typeof n !== 'object' || Array.isArray(n)) fail(where, 'names', n, 'must be an object', 'pass e.g. { certificate: "example-cert" }');
  const istioOnly = ['virtualService', 'httpPortName', 'httpsPortName'] as const;
  const gatewayApiOnly = ['redirectRoute', 'backendRoute'] as const;
  for (const k of api === IngressApi.ISTIO ? gatewayApiOnly : istioOnly) {
    if (n[k] !== undefined) {
      fail(where, `names.${k}`, n[k], `names an object of the ${api === IngressApi.ISTIO ? 'Gateway API' : 'Istio API'} variant, which this site (api: ${api}) does not create`,
        `remove names.${k}${api === IngressApi.ISTIO ? ', or use api: IngressApi.GATEWAY_API' : ', or use api: IngressApi.ISTIO'}`);
    }
  }
  const objectName = (k: 'certificate' | 'virtualService' | 'redirectRoute' | 'backendRoute', what: string, fallback: string): string =>
    n[k] === undefined ? fallback : checkObjectName(where, `names.${k}`, n[k], what);
  let gateway = base;
  if (n.gateway !== undefined) {
    // Istio (and the Gateway API's generated Deployment and Service) name objects after the Gateway: a DNS-1123 label
    const problem = typeof n.gateway === 'string' ? checkDns1123Label(n.gateway) : 'must be a string';
    if (problem) fail(where, 'names.gateway', n.gateway, `gateway name ${problem}`, 'use a lowercase name without dots, e.g. "example-gateway"');
    gateway = n.gateway;
  }
  return {
    certificate: objectName('certificate', 'Certificate', base),
    gateway,
    virtualService: objectName('virtualService', 'VirtualService', base),
    redirectRoute: objectName('redirectRoute', 'HTTPRoute', `${base}-redirect`),
    backendRoute: objectName('backendRoute', 'HTTPRoute', base),
    // port names are checked by the Gateway that receives them (gateway-servers.ts: no whitespace, unique)
    httpPortName: n.httpPortName,
    httpsPortName: n.httpsPortName,
  };
}

/**
 * A site on a shared Gateway API Gateway: its objects (ListenerSet, routes, Certificate) in the
 * site's namespace; the Gateway's pods serve it, so no workload is given.
 */
function resolveSharedGateway(where: Construct, p: HttpsRedirectGatewayProps, s: { api: IngressApi; name: string; names: RedirectSiteNames; hosts: string[] }): RedirectSiteSettings {
  const g = p.gateway!;
  if (s.api !== IngressApi.GATEWAY_API) fail(where, 'gateway', g, 'a shared gateway is a Gateway API Gateway', 'pass api: IngressApi.GATEWAY_API, or leave gateway out (Istio API sites share gateway pods through workload.selector)');
  if (g === null || typeof g !== 'object' || typeof g.name !== 'string' || typeof g.namespace !== 'string') {
    fail(where, 'gateway', g, 'must be a Gateway API Gateway', 'pass a gatewayApi.Gateway, or gatewayApi.Gateway.fromGatewayAttributes(...)');
  }
  if (p.workload !== undefined) fail(where, 'workload', p.workload, "the shared gateway's pods serve the site", 'remove workload');
  if (p.gatewayClassName !== undefined) fail(where, 'gatewayClassName', p.gatewayClassName, 'the shared gateway has its class already', 'remove gatewayClassName');
  if (p.tls !== undefined) fail(where, 'tls', p.tls, "tls options apply to the Istio API's HTTPS server only", 'remove tls, or use IngressApi.ISTIO');
  const httpListener = p.httpListener ?? 'http';
  if (g.listenersKnown && g.findListener(httpListener)?.protocol !== 'HTTP') {
    fail(where, 'httpListener', httpListener, `gateway ${g.namespace}/${g.name} has no HTTP listener of this name, where the site's redirect and its HTTP-01 challenge route attach`,
      `name its HTTP listener on port 80 (listeners: ${g.listeners.map((l) => `"${l.name}"`).join(', ') || 'none'})`);
  }
  const namespace = checkNamespaceName(where, 'metadata.namespace', p.metadata?.namespace ?? Chart.of(where).namespace ?? 'default');
  return { api: s.api, name: s.name, names: s.names, labels: p.metadata?.labels ? { ...p.metadata.labels } : undefined, hosts: s.hosts, namespace, shared: { gateway: g, httpListener } };
}

/** The host names: fully qualified, no wildcards, each once, as many as the API carries. */
export function checkHosts(where: Construct, hosts: unknown, api: IngressApi): string[] {
  if (!Array.isArray(hosts) || hosts.length === 0) fail(where, 'hosts', hosts, 'at least one host is required', 'list the host names, e.g. ["shop.example.com"]');
  const max = api === IngressApi.GATEWAY_API ? MAX_GATEWAY_API_HOSTS : MAX_HOSTS;
  if (hosts.length > max) {
    fail(where, 'hosts', `${hosts.length} hosts`, api === IngressApi.GATEWAY_API ? `an HTTPRoute has at most ${max} hostnames` : `Let's Encrypt puts at most ${max} names into one certificate`,
      'split the hosts across several patterns');
  }
  hosts.forEach((h, i) => {
    if (typeof h !== 'string') fail(where, `hosts[${i}]`, h, 'must be a host name string', 'use a name like "shop.example.com"');
    if (isWildcard(h)) {
      fail(where, `hosts[${i}]`, h, 'wildcard names cannot be validated over HTTP-01 (Let\'s Encrypt offers only DNS-01 for them)',
        'use WildcardCertificate (DNS-01) for wildcard names and list the exact names here');
    }
    const problem = checkDnsName(h, { allowWildcard: false });
    if (problem) fail(where, `hosts[${i}]`, h, `host name ${problem}`, 'use a fully qualified lowercase name like "shop.example.com"');
    if (!h.includes('.')) fail(where, `hosts[${i}]`, h, 'short names (non FQDN) cannot be served by a gateway nor validated by a public CA', 'use the fully qualified name, e.g. "shop.example.com"');
    if (hosts.indexOf(h) !== i) fail(where, `hosts[${i}]`, h, 'duplicate host', 'list each host once');
  });
  return [...hosts];
}

/** The gateway pods: a namespace, and (Istio API only) a selector that selects some pods. */
export function checkWorkload(where: Construct, w: GatewayWorkload | undefined, api: IngressApi): GatewayWorkload {
  if (w === null || typeof w !== 'object') {
    fail(where, 'workload', w, 'the gateway workload is required', "pass { namespace: 'istio-system', selector: { istio: 'ingressgateway' } }");
  }
  if (typeof w.namespace !== 'string') fail(where, 'workload.namespace', w.namespace, 'is required', 'name the namespace the gateway pods run in');
  checkNamespaceName(where, 'workload.namespace', w.namespace);
  if (w.selector !== undefined) {
    if (api === IngressApi.GATEWAY_API) {
      fail(where, 'workload.selector', w.selector, 'with the Gateway API Istio deploys and selects the gateway pods of a Gateway itself; a selector has no effect',
        'remove workload.selector, or use IngressApi.ISTIO to program existing gateway pods');
    }
    if (w.selector === null || typeof w.selector !== 'object' || Object.keys(w.selector).length === 0) {
      fail(where, 'workload.selector', w.selector, 'an empty selector would select every gateway pod in the mesh', "select the gateway pods, e.g. { istio: 'ingressgateway' }");
    }
    checkLabels(where, 'workload.selector', w.selector);
  }
  return w;
}

/**
 * Check a backend route given to the pattern as `routes[index]`: a path prefix (normalized,
 * never the challenge path, not shadowed by an earlier route for the same hosts), a Service
 * and its port, hosts among the pattern's. Returns it with the defaults resolved.
 */
export function resolveBackendRoute(where: Construct, index: number, route: BackendRoute, patternHosts: string[], namespace: string, earlier: BackendRoute[]): BackendRoute {
  const f = `routes[${index}]`;
  if (route === null || typeof route !== 'object') fail(where, f, route, 'a route must be an object', 'pass { pathPrefix, serviceName, port }');
  const prefix = normalizePrefix(where, `${f}.pathPrefix`, route.pathPrefix ?? '/');
  if (typeof route.serviceName !== 'string') fail(where, `${f}.serviceName`, route.serviceName, 'is required', 'name the Service');
  const svcProblem = checkDns1035Label(route.serviceName);
  if (svcProblem) fail(where, `${f}.serviceName`, route.serviceName, `Service name ${svcProblem}`, 'use the metadata.name of the Service');
  const serviceNamespace = route.serviceNamespace ?? namespace;
  const nsProblem = typeof serviceNamespace === 'string' ? checkDns1123Label(serviceNamespace) : 'must be a string';
  if (nsProblem) fail(where, `${f}.serviceNamespace`, serviceNamespace, `namespace ${nsProblem}`, 'use a valid namespace name');
  if (typeof route.port !== 'number' || !Number.isInteger(route.port) || route.port < 1 || route.port > 65535) {
    fail(where, `${f}.port`, route.port, 'port must be an integer from 1 to 65535', 'use the Service port');
  }
  let hosts = patternHosts;
  if (route.hosts !== undefined) {
    if (!Array.isArray(route.hosts) || route.hosts.length === 0) fail(where, `${f}.hosts`, route.hosts, 'must list at least one host', 'list hosts of the pattern, or leave hosts out for all of them');
    route.hosts.forEach((h, i) => {
      if (!patternHosts.includes(h)) fail(where, `${f}.hosts[${i}]`, h, `is not one of the pattern's hosts ${JSON.stringify(patternHosts)}`, 'add the host to the pattern\'s hosts, or route it elsewhere');
      if (route.hosts!.indexOf(h) !== i) fail(where, `${f}.hosts[${i}]`, h, 'duplicate host', 'list each host once');
    });
    hosts = patternHosts.filter((h) => route.hosts!.includes(h));
  }
  earlier.forEach((e, j) => {
    const ep = e.pathPrefix!;
    const shared = hosts.filter((h) => e.hosts!.includes(h));
    if (shared.length > 0 && (ep === '/' || ep === prefix || prefix.startsWith(`${ep}/`))) {
      fail(where, `${f}.pathPrefix`, prefix, `is never reached for ${JSON.stringify(shared)}: routes[${j}] (pathPrefix ${JSON.stringify(ep)}) takes every request under it first`,
        `add the more specific route before routes[${j}]`);
    }
  });
  return { pathPrefix: prefix, serviceName: route.serviceName, serviceNamespace, port: route.port, hosts: [...hosts] };
}

/** A path prefix matched element by element: absolute, plain, trailing slashes dropped, not the challenge path. */
function normalizePrefix(where: Construct, field: string, v: unknown): string {
  if (typeof v !== 'string' || !v.startsWith('/')) fail(where, field, v, 'a path prefix must start with "/"', 'use e.g. "/" or "/api"');
  if (v.length > 1024) fail(where, field, `${v.slice(0, 40)}…`, 'a path is at most 1024 characters', 'shorten the prefix');
  if (!PATH_CHARS.test(v) || v.includes('//') || /\/\.\.?(\/|$)/.test(v)) {
    fail(where, field, v, 'a path prefix must be an absolute path without "//", "." or ".." segments, query or fragment', 'use a plain path such as "/api"');
  }
  const prefix = v.length > 1 ? v.replace(/\/+$/, '') : v;
  if (`${prefix}/`.startsWith(CHALLENGE_PATH)) {
    fail(where, field, v, 'the ACME challenge path belongs to the HTTP-01 solver and is routed by the pattern', 'route another path');
  }
  return prefix;
}
