// What cert-manager's HTTP-01 solvers put in the cluster, read from a rendered solver: the
// path the ACME server asks for, the port and labels of the solver pods, and a short
// description for messages. The cert-manager family's interface to the families that route
// challenge requests (Istio VirtualServices, Gateway API routes) and to the patterns; not
// exported from the package. Source: cert-manager pkg/issuer/acme/http (pod.go, service.go).
import { obj, str, stringMap } from '../private/wire';
import { solverType } from './solver-selection';

/** The path prefix of every ACME HTTP-01 challenge request (RFC 8555 §8.3). */
export const CHALLENGE_PATH = '/.well-known/acme-challenge/';

/** Port cert-manager's solver pod listens on (`acmeSolverListenPort`). */
export const SOLVER_PORT = 8089;

/** Labels cert-manager puts on every solver pod, besides the podTemplate's. */
export const SOLVER_LABEL = 'acme.cert-manager.io/http01-solver';
export const DOMAIN_LABEL = 'acme.cert-manager.io/http-domain';
export const TOKEN_LABEL = 'acme.cert-manager.io/http-token';

/** The `http01.ingress` or `http01.gatewayHTTPRoute` block of a rendered solver (undefined for other solvers). */
function http01Block(solver: any): { [key: string]: any } | undefined {
  const h = obj(obj(solver).http01);
  const block = h.ingress ?? h.gatewayHTTPRoute;
  return block === undefined || block === null ? undefined : obj(block);
}

/**
 * Whether a Service `selector` (in the namespace of the Certificate) selects the pods cert-manager
 * runs for the challenges of `dnsName` with the rendered HTTP-01 `solver`: the podTemplate's
 * labels plus cert-manager's own (`http01-solver: "true"`, the adler32 of the name, of the
 * token). Undefined when it depends on the token, which the app cannot know.
 */
export function selectsSolverPods(selector: { [key: string]: string }, solver: any, dnsName: string): boolean | undefined {
  const block = http01Block(solver);
  if (block === undefined) return false;
  const labels = stringMap(obj(obj(block.podTemplate).metadata).labels);
  let known = true;
  for (const [k, v] of Object.entries(selector)) {
    // the podTemplate's labels are copied over cert-manager's own (pod.go mergePodObjectMetaWithPodTemplate)
    if (k in labels) {
      if (labels[k] !== v) return false;
    } else if (k === TOKEN_LABEL) known = false;
    else if (k === SOLVER_LABEL) {
      if (v !== 'true') return false;
    } else if (k === DOMAIN_LABEL) {
      if (v !== String(adler32(dnsName))) return false;
    } else {
      return false;
    }
  }
  return known ? true : undefined;
}

/** Short description of a rendered solver for messages: `HTTP-01 ingress class nginx`, `DNS-01 route53`, ... */
export function describeSolver(solver: any): string {
  const type = solverType(solver);
  if (type === 'dns01') return `DNS-01 ${Object.keys(obj(obj(solver).dns01)).find((k) => k !== 'cnameStrategy') ?? ''}`.trim();
  const h = obj(obj(solver).http01);
  if (h.gatewayHTTPRoute !== undefined) {
    const parents = (Array.isArray(obj(h.gatewayHTTPRoute).parentRefs) ? obj(h.gatewayHTTPRoute).parentRefs : []).map((r: any) => {
      const p = obj(r);
      return `${str(p.namespace) ?? ''}/${str(p.name) ?? ''}${str(p.sectionName) ? `:${p.sectionName}` : ''}`;
    });
    return `HTTP-01 gatewayHTTPRoute to ${parents.join(', ')}`;
  }
  const ingress = obj(h.ingress);
  const cls = str(ingress.ingressClassName) ?? str(ingress.class);
  return `HTTP-01 ingress${cls ? ` class ${cls}` : ''}`;
}

/** zlib's adler32, as cert-manager hashes the name into the solver pod's `http-domain` label. */
export function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
