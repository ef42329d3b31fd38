// The options of ACME challenge solvers (`AcmeSolver.*`) and the enums they use.
import { Duration } from 'cdk8s';

/** The ACME challenge a solver answers (values as in cert-manager's Challenge `spec.type`). */
export enum AcmeChallengeType {
  /** HTTP-01: a token served at `http://<name>/.well-known/acme-challenge/<token>`. */
  HTTP01 = 'HTTP-01',
  /** DNS-01: a TXT record at `_acme-challenge.<name>`. */
  DNS01 = 'DNS-01',
}

/** How an HTTP-01 solver exposes the challenge (the key under `http01`). */
export enum Http01SolverKind {
  /** A Kubernetes Ingress (e.g. `ingressClassName: istio`). */
  INGRESS = 'ingress',
  /** A Gateway API HTTPRoute attached to `parentRefs`. */
  GATEWAY_HTTP_ROUTE = 'gatewayHTTPRoute',
}

/** Type of the Service cert-manager creates in front of the solver pod. */
export enum AcmeSolverServiceType {
  /** ClusterIP. */
  CLUSTER_IP = 'ClusterIP',
  /** NodePort (cert-manager's default for `ingress`; needed by some cloud load balancers). */
  NODE_PORT = 'NodePort',
}

/** How DNS-01 follows CNAMEs at `_acme-challenge.<name>`. */
export enum DnsCnameStrategy {
  /** Write the TXT record at `_acme-challenge.<name>` itself. */
  NONE = 'None',
  /** Follow a CNAME at `_acme-challenge.<name>` and write the record at its target (delegated validation). */
  FOLLOW = 'Follow',
}

/** Toleration operators. */
export enum AcmeSolverTolerationOperator {
  /** Matches any value of the key (or any taint when the key is empty). */
  EXISTS = 'Exists',
  /** Matches the given value. */
  EQUAL = 'Equal',
}

/** Taint effects. */
export enum AcmeSolverTaintEffect {
  /** NoSchedule. */
  NO_SCHEDULE = 'NoSchedule',
  /** PreferNoSchedule. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** NoExecute. */
  NO_EXECUTE = 'NoExecute',
}

/** A toleration of the solver pod. */
export interface AcmeSolverToleration {
  /** Taint key; empty with operator `Exists` tolerates every taint. @default - all keys */
  readonly key?: string;
  /** Operator. @default AcmeSolverTolerationOperator.EQUAL */
  readonly operator?: AcmeSolverTolerationOperator;
  /** Value (only with `Equal`). @default - empty */
  readonly value?: string;
  /** Effect to tolerate. @default - all effects */
  readonly effect?: AcmeSolverTaintEffect;
  /** Seconds a `NoExecute` taint is tolerated. @default - forever */
  readonly tolerationSeconds?: number;
}

/** The parts of the HTTP-01 solver pod cert-manager lets you set. */
export interface AcmeSolverPodTemplate {
  /**
   * Labels added to the solver pod (cert-manager keeps its own `acme.cert-manager.io/*`
   * labels). A Service selecting them is how a VirtualService can route the challenge.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /** Annotations of the solver pod (e.g. `sidecar.istio.io/inject: "false"`). @default - none */
  readonly annotations?: { [key: string]: string };
  /** Node selector. @default - none */
  readonly nodeSelector?: { [key: string]: string };
  /** Tolerations. @default - none */
  readonly tolerations?: AcmeSolverToleration[];
  /** PriorityClass of the pod. @default - none */
  readonly priorityClassName?: string;
  /** ServiceAccount of the pod. @default - the namespace's default ServiceAccount */
  readonly serviceAccountName?: string;
}

/** Metadata of the Ingress cert-manager creates for an `ingress` solver. */
export interface AcmeSolverIngressTemplate {
  /** Labels of the Ingress. @default - none */
  readonly labels?: { [key: string]: string };
  /** Annotations of the Ingress. @default - none */
  readonly annotations?: { [key: string]: string };
}

/**
 * Which names a solver is used for. cert-manager picks, per DNS name, the solver with the most
 * specific match: an exact `dnsNames` match wins, then the longest `dnsZones` suffix, then the
 * most `matchLabels`; ties go to the solver listed first. A solver without a selector matches
 * everything with the lowest priority.
 */
export interface AcmeSolverSelector {
  /** Exact DNS names (wildcards written as `*.example.com`). @default - any name */
  readonly dnsNames?: string[];
  /** DNS zones: the solver matches names equal to or below a zone. @default - any zone */
  readonly dnsZones?: string[];
  /** Labels the Certificate must carry (they reach the ACME Order through the CertificateRequest). @default - any labels */
  readonly matchLabels?: { [key: string]: string };
}

/** Options every solver has. */
export interface AcmeSolverOptions {
  /** Which names this solver is used for. @default - all names (lowest priority) */
  readonly selector?: AcmeSolverSelector;
  /**
   * Skip cert-manager's self-check and wait this long before asking the CA to validate
   * (escape hatch for split-horizon DNS or hairpin NAT; cert-manager#2517).
   * @default - cert-manager runs its self-check
   */
  readonly waitInsteadOfSelfCheck?: Duration;
}

/** Options of an HTTP-01 solver that creates an Ingress. At most one of `ingressClass`, `ingressClassName`, `ingressName`. */
export interface Http01IngressSolverOptions extends AcmeSolverOptions {
  /** IngressClass of the challenge Ingress (`ingressClassName`), e.g. `istio`. @default - none */
  readonly ingressClassName?: string;
  /** Legacy `kubernetes.io/ingress.class` annotation value (rendered as `class`). @default - none */
  readonly ingressClass?: string;
  /** Name of an existing Ingress to add the challenge path to (rendered as `name`). @default - none */
  readonly ingressName?: string;
  /** Service type in front of the solver pod. @default AcmeSolverServiceType.NODE_PORT (cert-manager's default) */
  readonly serviceType?: AcmeSolverServiceType;
  /** Solver pod settings. @default - none */
  readonly podTemplate?: AcmeSolverPodTemplate;
  /** Metadata of the challenge Ingress. @default - none */
  readonly ingressTemplate?: AcmeSolverIngressTemplate;
}

/** A Gateway API parent (a Gateway or ListenerSet, optionally one listener) the challenge HTTPRoute attaches to. */
export interface AcmeSolverParentRef {
  /** Name of the parent, e.g. the Gateway or ListenerSet. */
  readonly name: string;
  /** Namespace of the parent. @default - the namespace of the Certificate (where cert-manager creates the HTTPRoute) */
  readonly namespace?: string;
  /** Kind of the parent, e.g. `ListenerSet`. @default 'Gateway' */
  readonly kind?: string;
  /** API group of the parent. @default - gateway.networking.k8s.io (Gateway API default) */
  readonly group?: string;
  /** Listener name (for a Gateway): attach only to that listener, e.g. the port-80 one. @default - all listeners */
  readonly sectionName?: string;
  /** Listener port. @default - all ports */
  readonly port?: number;
}

/** Options of an HTTP-01 solver that creates a Gateway API HTTPRoute. */
export interface Http01GatewayHttpRouteSolverOptions extends AcmeSolverOptions {
  /**
   * Parents the challenge HTTPRoute attaches to.
   *
   * @default - none: every Certificate using the solver names its parent with the annotations
   * `acme.cert-manager.io/http01-parentrefname` and `acme.cert-manager.io/http01-parentrefkind`
   * (as the gateway-shim's Certificates do); checked at synth
   */
  readonly parentRefs?: AcmeSolverParentRef[];
  /** Service type in front of the solver pod. @default AcmeSolverServiceType.NODE_PORT (cert-manager's default) */
  readonly serviceType?: AcmeSolverServiceType;
  /** Labels of the challenge HTTPRoute. @default - none */
  readonly labels?: { [key: string]: string };
  /** Solver pod settings. @default - none */
  readonly podTemplate?: AcmeSolverPodTemplate;
}

/** Options of a DNS-01 solver. */
export interface Dns01SolverOptions extends AcmeSolverOptions {
  /** CNAME handling at `_acme-challenge.<name>`. @default DnsCnameStrategy.NONE */
  readonly cnameStrategy?: DnsCnameStrategy;
}
