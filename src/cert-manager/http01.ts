// What cert-manager's HTTP-01 solvers put in the cluster, read from a rendered solver: the
// path the ACME server asks for, the port and labels of the solver pods, the parents of the
// challenge HTTPRoute of a `gatewayHTTPRoute` solver (after a Certificate's override
// annotations), and a short description for messages. The cert-manager family's interface to
// the families that route challenge requests (Istio VirtualServices, Gateway API routes), to
// the GitOps passes and to the patterns; not exported from the package. Source: cert-manager
// v1.21.1 pkg/issuer/acme/http (pod.go, service.go), pkg/controller/acmeorders/util.go.
import { arr, obj, str, stringMap } from '../private/wire';
import { solverType } from './solver-selection';

/** The path prefix of every ACME HTTP-01 challenge request (RFC 8555 §8.3). */
export const CHALLENGE_PATH = '/.well-known/acme-challenge/';

/** Port cert-manager's solver pod listens on (`acmeSolverListenPort`). */
export const SOLVER_PORT = 8089;

/** Labels cert-manager puts on every solver pod, besides the podTemplate's. */
export const SOLVER_LABEL = 'acme.cert-manager.io/http01-solver';
export const DOMAIN_LABEL = 'acme.cert-manager.io/http-domain';
export const TOKEN_LABEL = 'acme.cert-manager.io/http-token';

/**
 * Certificate annotations (copied to its CertificateRequest and Order) that add a parent to
 * the challenge HTTPRoute of a `gatewayHTTPRoute` solver, replacing the solver's parentRef to
 * the same object (`ACMECertificateHTTP01ParentRef*`). cert-manager's gateway-shim writes them
 * on the Certificates it creates.
 */
export const PARENT_REF_NAME_ANNOTATION = 'acme.cert-manager.io/http01-parentrefname';
export const PARENT_REF_KIND_ANNOTATION = 'acme.cert-manager.io/http01-parentrefkind';
export const PARENT_REF_NAMESPACE_ANNOTATION = 'acme.cert-manager.io/http01-parentrefnamespace';

/**
 * Certificate annotations (copied to its CertificateRequest and Order) that replace the
 * selected `ingress` solver's `name`, `class` and `ingressClassName` (at most one of them;
 * `applyIngressParameterAnnotationOverrides`).
 */
export const INGRESS_NAME_ANNOTATION = 'acme.cert-manager.io/http01-override-ingress-name';
export const INGRESS_CLASS_ANNOTATION = 'acme.cert-manager.io/http01-ingress-class';
export const INGRESS_CLASS_NAME_ANNOTATION = 'acme.cert-manager.io/http01-ingress-ingressclassname';

/**
 * Label on the library's Certificates naming how their HTTP-01 challenges are routed (`istio`,
 * `gateway-api`): the patterns' one solver per issuer and way selects Certificates by it. Its
 * `ingress` solver names UNSERVED_INGRESS_CLASS on purpose: the challenge is routed by the
 * pattern's own VirtualService, so no controller may serve the Ingress cert-manager creates.
 */
export const CHALLENGE_ROUTE_LABEL = 'acme.cdk8s-istio-tls.io/http01-route';
export const UNSERVED_INGRESS_CLASS = 'unserved.cdk8s-istio-tls.io';

/** How the Ingress cert-manager creates for an `ingress` solver names its class. */
export interface ChallengeIngressClass {
  /**
   * `class` (the `kubernetes.io/ingress.class` annotation), `ingressClassName` (the Ingress's
   * `spec.ingressClassName`), `name` (an existing Ingress edited in place: its own class), or
   * `none` (no class: the cluster's default IngressClass).
   */
  readonly by: 'class' | 'ingressClassName' | 'name' | 'none';
  /** The class, or the name of the Ingress edited in place. */
  readonly value?: string;
  /** The Certificate annotation it comes from; undefined when from the solver. */
  readonly annotation?: string;
}

/**
 * The class of the challenge Ingress of the rendered `ingress` solver for a Certificate with
 * `annotations` (after the override annotations); undefined for other solvers, and when
 * several override annotations make cert-manager fail the Order.
 */
export function challengeIngressClass(solver: any, annotations: { [key: string]: string }): ChallengeIngressClass | undefined {
  const ingress = obj(obj(solver).http01).ingress;
  if (ingress === undefined || ingress === null) return undefined;
  const overrides = ([['name', INGRESS_NAME_ANNOTATION], ['class', INGRESS_CLASS_ANNOTATION], ['ingressClassName', INGRESS_CLASS_NAME_ANNOTATION]] as const)
    .filter(([, a]) => annotations[a] !== undefined);
  if (overrides.length > 1) return undefined;
  if (overrides.length === 1) return { by: overrides[0][0], value: annotations[overrides[0][1]], annotation: overrides[0][1] };
  const i = obj(ingress);
  if (str(i.name)) return { by: 'name', value: str(i.name) };
  if (str(i.class) !== undefined) return { by: 'class', value: str(i.class) };
  if (str(i.ingressClassName) !== undefined) return { by: 'ingressClassName', value: str(i.ingressClassName) };
  return { by: 'none' };
}

/** One parent of the challenge HTTPRoute cert-manager creates. */
export interface ChallengeParentRef {
  /** The entry of the route's `spec.parentRefs`, in wire form (group, kind, name, namespace, sectionName, port). */
  readonly ref: { readonly [key: string]: unknown };
  /** Where it comes from: `parentRefs[i]` of the solver, or `annotations` (the Certificate's override). */
  readonly source: string;
}

/** Why cert-manager fails the Order instead of creating the challenge route. */
export interface ChallengeParentsProblem {
  /** The Certificate annotation at fault; undefined when the solver and annotations together name no parent. */
  readonly annotation?: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

/** The parents of the challenge HTTPRoute for a Certificate, or why there is none. */
export interface ChallengeParents {
  /** In the order cert-manager writes them (empty when `problem` is set). */
  readonly parentRefs: readonly ChallengeParentRef[];
  readonly problem?: ChallengeParentsProblem;
}

const CERT_MANAGER_ORDER_ERROR = 'cert-manager fails the Order, so the certificate is never issued';

/**
 * The parents cert-manager attaches the challenge HTTPRoute of the rendered `gatewayHTTPRoute`
 * `solver` to, for a Certificate in `namespace` with `annotations`; undefined for other solvers.
 *
 * As cert-manager's `applyGatewayAPIAnnotationParentRefOverride`: `http01-parentrefname` and
 * `-parentrefkind` must be set together (else the Order fails); with them, the solver's
 * parentRefs naming the same namespace (given explicitly) and name, and the same kind unless
 * they leave it out, are dropped, and `{ name, namespace, kind }` is appended without
 * `sectionName` (the route attaches to every listener of that parent that admits it); the
 * namespace defaults to the Certificate's. No parent at all fails the Order.
 */
export function challengeParentRefs(solver: any, namespace: string, annotations: { [key: string]: string }): ChallengeParents | undefined {
  const route = obj(obj(solver).http01).gatewayHTTPRoute;
  if (route === undefined || route === null) return undefined;
  let refs: ChallengeParentRef[] = arr(obj(route).parentRefs).map((ref, i) => ({ ref: obj(ref), source: `parentRefs[${i}]` }));
  const name = annotations[PARENT_REF_NAME_ANNOTATION];
  const kind = annotations[PARENT_REF_KIND_ANNOTATION];
  if ((name === undefined) !== (kind === undefined)) {
    const [given, missing] = name === undefined ? [PARENT_REF_KIND_ANNOTATION, PARENT_REF_NAME_ANNOTATION] : [PARENT_REF_NAME_ANNOTATION, PARENT_REF_KIND_ANNOTATION];
    return {
      parentRefs: [],
      problem: {
        annotation: given, value: annotations[given],
        problem: `${CERT_MANAGER_ORDER_ERROR} ("cannot specify only one of parentRefName, parentRefKind override annotations"): ${missing} is not set`,
        fix: `set both ${PARENT_REF_NAME_ANNOTATION} and ${PARENT_REF_KIND_ANNOTATION} (e.g. "ListenerSet"), or neither`,
      },
    };
  }
  if (name !== undefined && kind !== undefined) {
    for (const [annotation, v] of [[PARENT_REF_NAME_ANNOTATION, name], [PARENT_REF_KIND_ANNOTATION, kind]]) {
      if (v === '') {
        return {
          parentRefs: [],
          problem: {
            annotation, value: v,
            problem: 'the challenge HTTPRoute would get a parentRef with an empty name or kind, which the API server rejects, so the challenge is never routed',
            fix: `give ${annotation} a value, or remove the override annotations`,
          },
        };
      }
    }
    const ns = annotations[PARENT_REF_NAMESPACE_ANNOTATION] || namespace;
    refs = refs.filter(({ ref }) => !(str(ref.namespace) === ns && str(ref.name) === name && (ref.kind === undefined || ref.kind === null || ref.kind === kind)));
    refs.push({ ref: { name, namespace: ns, kind }, source: 'annotations' });
  }
  if (refs.length === 0) {
    return {
      parentRefs: [],
      problem: {
        value: [],
        problem: `${CERT_MANAGER_ORDER_ERROR} ("must specify parentRefs either through annotations or solver config"): the selected gatewayHTTPRoute solver has no parentRefs and the Certificate has no ${PARENT_REF_NAME_ANNOTATION} / ${PARENT_REF_KIND_ANNOTATION} annotations`,
        fix: `annotate the Certificate with ${PARENT_REF_NAME_ANNOTATION} and ${PARENT_REF_KIND_ANNOTATION} (e.g. the site's ListenerSet), or give the solver parentRefs`,
      },
    };
  }
  return { parentRefs: refs };
}

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
    return parents.length > 0 ? `HTTP-01 gatewayHTTPRoute to ${parents.join(', ')}` : 'HTTP-01 gatewayHTTPRoute (parents from the Certificate\'s annotations)';
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
