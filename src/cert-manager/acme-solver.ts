import { Duration } from 'cdk8s';
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { goDuration } from '../private/duration';
import { checkDns1123Label, checkDns1123Subdomain } from '../private/names';
import { expectFields } from '../private/types';
import { fail } from '../validation/error';
import { checkAnnotations, checkDnsNameField, checkEnum, checkInteger, checkLabels, checkObjectName } from './checks';
import { Dns01Provider } from './dns01-provider';

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

/** A Gateway API parent (a Gateway, optionally one listener) the challenge HTTPRoute attaches to. */
export interface AcmeSolverParentRef {
  /** Name of the parent, e.g. the Gateway. */
  readonly name: string;
  /** Namespace of the parent. @default - the namespace of the Certificate (where cert-manager creates the HTTPRoute) */
  readonly namespace?: string;
  /** Kind of the parent. @default 'Gateway' */
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
  /** Parents the challenge HTTPRoute attaches to (at least one). */
  readonly parentRefs: AcmeSolverParentRef[];
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

/** Labels cert-manager sets on solver pods itself and does not let the podTemplate override. */
const RESERVED_POD_LABELS = ['acme.cert-manager.io/http01-solver', 'acme.cert-manager.io/http-domain', 'acme.cert-manager.io/http-token'];

const KIND_PATTERN = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/**
 * How an ACME issuer proves control of a name: HTTP-01 through an Ingress or a Gateway API
 * HTTPRoute, or DNS-01 through a provider. Add solvers in `IssuerConfig.acme()` /
 * `IssuerConfig.letsEncrypt()` or with `issuer.addSolver()`.
 *
 * cert-manager has no `istio` HTTP-01 solver (it was reverted before any stable release): for
 * Istio use `http01GatewayHttpRoute` (Istio implements Gateway API), `http01Ingress` with
 * `ingressClassName: 'istio'`, or DNS-01.
 */
export class AcmeSolver {
  /** HTTP-01 through a Kubernetes Ingress that cert-manager creates (or edits, with `ingressName`). */
  public static http01Ingress(options: Http01IngressSolverOptions = {}): AcmeSolver {
    const where = 'AcmeSolver.http01Ingress';
    const o = expectFields(where, '', options ?? {}, { ingressClassName: 'string', ingressClass: 'string', ingressName: 'string', podTemplate: 'object', ingressTemplate: 'object' });
    const set = [['ingressClass', o.ingressClass], ['ingressClassName', o.ingressClassName], ['ingressName', o.ingressName]].filter(([, v]) => v !== undefined);
    if (set.length > 1) {
      fail(where, set[1][0] as string, set[1][1], "only one of 'ingressClassName', 'name' or 'class' should be specified",
        `set only one of ingressClassName, ingressClass and ingressName (got ${set.map(([k]) => k).join(' and ')})`);
    }
    if (o.ingressClassName !== undefined) {
      const problem = checkDns1123Subdomain(String(o.ingressClassName));
      if (problem) fail(where, 'ingressClassName', o.ingressClassName, `must be a valid IngressClass name: ${problem}`, "use the IngressClass name, e.g. 'istio'");
    }
    if (o.ingressClass !== undefined && (typeof o.ingressClass !== 'string' || o.ingressClass.length === 0)) {
      fail(where, 'ingressClass', o.ingressClass, 'must be a non-empty string', "use the ingress class, e.g. 'istio'");
    }
    if (o.ingressName !== undefined) checkObjectName(where, 'ingressName', o.ingressName, 'Ingress');
    checkEnum(where, 'serviceType', o.serviceType, AcmeSolverServiceType, 'AcmeSolverServiceType');
    checkPodTemplate(where, o.podTemplate);
    checkLabels(where, 'ingressTemplate.labels', o.ingressTemplate?.labels);
    checkAnnotations(where, 'ingressTemplate.annotations', o.ingressTemplate?.annotations);
    checkCommon(where, o);
    const ingressTemplate = o.ingressTemplate && (o.ingressTemplate.labels || o.ingressTemplate.annotations)
      ? { metadata: { labels: o.ingressTemplate.labels, annotations: o.ingressTemplate.annotations } }
      : undefined;
    return new AcmeSolver(AcmeChallengeType.HTTP01, o, {
      http01: {
        ingress: {
          class: o.ingressClass,
          ingressClassName: o.ingressClassName,
          name: o.ingressName,
          serviceType: o.serviceType,
          podTemplate: podTemplateToKube(o.podTemplate),
          ingressTemplate,
        },
      },
    }, { http01Kind: Http01SolverKind.INGRESS });
  }

  /**
   * HTTP-01 through a Gateway API HTTPRoute that cert-manager creates in the Certificate's
   * namespace and attaches to `parentRefs`. Its rule matches the challenge path `Exact`, so a
   * PathPrefix `/` redirect route on the same listener does not swallow the challenge.
   *
   * The parents must be Gateway API (`gateway.networking.k8s.io`) Gateways, not Istio
   * `networking.istio.io` Gateways. Checked at synth for every Certificate this solver is
   * selected for: a parent the app defines as an Istio Gateway is an error; a Gateway API
   * Gateway of the app must have the named listener, admit routes from the Certificate's
   * namespace (`allowedRoutes`) and serve the name.
   */
  public static http01GatewayHttpRoute(options: Http01GatewayHttpRouteSolverOptions): AcmeSolver {
    const where = 'AcmeSolver.http01GatewayHttpRoute';
    const o = options ?? ({} as Http01GatewayHttpRouteSolverOptions);
    if (!Array.isArray(o.parentRefs) || o.parentRefs.length === 0) {
      // cert-manager's controller: "must specify parentRefs either through annotations or solver config"
      fail(where, 'parentRefs', o.parentRefs, 'at least one parentRef is required: the challenge HTTPRoute must attach to a Gateway',
        "reference the Gateway (and its HTTP listener), e.g. [{ name: 'ingress', namespace: 'istio-ingress', sectionName: 'http' }]");
    }
    const parentRefs = o.parentRefs.map((p, i) => checkParentRef(where, `parentRefs[${i}]`, p));
    checkEnum(where, 'serviceType', o.serviceType, AcmeSolverServiceType, 'AcmeSolverServiceType');
    checkLabels(where, 'labels', o.labels);
    checkPodTemplate(where, o.podTemplate);
    checkCommon(where, o);
    return new AcmeSolver(AcmeChallengeType.HTTP01, o, {
      http01: {
        gatewayHttpRoute: {
          parentRefs: parentRefs.map((p) => ({ ...p })),
          serviceType: o.serviceType,
          labels: o.labels,
          podTemplate: podTemplateToKube(o.podTemplate) as cm.IssuerSpecAcmeSolversHttp01GatewayHttpRoutePodTemplate | undefined,
        },
      },
    }, { http01Kind: Http01SolverKind.GATEWAY_HTTP_ROUTE, parentRefs });
  }

  /** DNS-01 through a provider (`Dns01Provider.cloudflare(...)`, `.route53(...)`, ...): the only way to validate wildcard names. */
  public static dns01(provider: Dns01Provider, options: Dns01SolverOptions = {}): AcmeSolver {
    const where = 'AcmeSolver.dns01';
    const o = options ?? {};
    if (!(provider instanceof Dns01Provider)) {
      fail(where, 'provider', provider, 'must be a Dns01Provider', 'create it with a Dns01Provider factory, e.g. Dns01Provider.cloudflare({...})');
    }
    checkEnum(where, 'cnameStrategy', o.cnameStrategy, DnsCnameStrategy, 'DnsCnameStrategy');
    checkCommon(where, o);
    return new AcmeSolver(AcmeChallengeType.DNS01, o, {
      dns01: {
        ...provider._toKube(),
        cnameStrategy: o.cnameStrategy as unknown as cm.IssuerSpecAcmeSolversDns01CnameStrategy,
      },
    }, { dns01Provider: provider });
  }

  /** The challenge this solver answers. */
  public readonly challengeType: AcmeChallengeType;
  /** For HTTP-01: Ingress or Gateway API HTTPRoute. */
  public readonly http01Kind?: Http01SolverKind;
  /** For DNS-01: the provider. */
  public readonly dns01Provider?: Dns01Provider;
  /** The selector, if any. */
  public readonly selector?: AcmeSolverSelector;
  /** For `gatewayHTTPRoute`: the parents the challenge HTTPRoute attaches to (`kind` defaulted to `Gateway`). */
  public readonly parentRefs: AcmeSolverParentRef[];
  /** Labels the podTemplate adds to the solver pod (empty for DNS-01). */
  public readonly podLabels: { [key: string]: string };
  /** For `ingress`: the IngressClass name. */
  public readonly ingressClassName?: string;
  /** For `ingress`: the legacy ingress class. */
  public readonly ingressClass?: string;
  /** For `ingress`: the name of the existing Ingress cert-manager edits. */
  public readonly ingressName?: string;
  /** For HTTP-01: the Service type in front of the solver pod (undefined: cert-manager's default NodePort). */
  public readonly serviceType?: AcmeSolverServiceType;
  /** For DNS-01: the CNAME strategy. */
  public readonly cnameStrategy?: DnsCnameStrategy;

  private readonly kube: cm.IssuerSpecAcmeSolvers;

  private constructor(
    challengeType: AcmeChallengeType,
    options: AcmeSolverOptions,
    kube: cm.IssuerSpecAcmeSolvers,
    extra: { http01Kind?: Http01SolverKind; parentRefs?: AcmeSolverParentRef[]; dns01Provider?: Dns01Provider },
  ) {
    this.challengeType = challengeType;
    this.selector = options.selector;
    this.http01Kind = extra.http01Kind;
    this.dns01Provider = extra.dns01Provider;
    this.parentRefs = extra.parentRefs ?? [];
    const pod = (options as Http01IngressSolverOptions).podTemplate;
    this.podLabels = { ...(pod?.labels ?? {}) };
    const ing = options as Http01IngressSolverOptions;
    this.ingressClassName = ing.ingressClassName;
    this.ingressClass = ing.ingressClass;
    this.ingressName = ing.ingressName;
    this.serviceType = challengeType === AcmeChallengeType.HTTP01 ? ing.serviceType : undefined;
    this.cnameStrategy = (options as Dns01SolverOptions).cnameStrategy;
    const sel = options.selector;
    this.kube = {
      ...kube,
      selector: sel ? { dnsNames: sel.dnsNames, dnsZones: sel.dnsZones, matchLabels: sel.matchLabels } : undefined,
      waitInsteadOfSelfCheck: options.waitInsteadOfSelfCheck ? goDuration(options.waitInsteadOfSelfCheck) : undefined,
    };
  }

  /**
   * cert-manager's selector match for one DNS name and the Certificate's labels
   * (`pkg/controller/acmeorders/selectors`): `matches` is false when any part rejects.
   *
   * @internal
   */
  public _match(dnsName: string, labels: { [key: string]: string }): { matches: boolean; labels: number; dnsNames: number; dnsZones: number } {
    const sel = this.selector ?? {};
    // labels: every required label present with the same value; count = number required
    let labelCount = 0;
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
      if (labels[k] !== v) return { matches: false, labels: 0, dnsNames: 0, dnsZones: 0 };
      labelCount++;
    }
    // dnsNames: exact (case-sensitive) match counts 1
    let nameCount = 0;
    if (sel.dnsNames && sel.dnsNames.length > 0) {
      if (!sel.dnsNames.includes(dnsName)) return { matches: false, labels: 0, dnsNames: 0, dnsZones: 0 };
      nameCount = 1;
    }
    // dnsZones: the most labels of a zone that is a (case-insensitive) label suffix of the name
    let zoneCount = 0;
    if (sel.dnsZones && sel.dnsZones.length > 0) {
      for (const zone of sel.dnsZones) {
        const z = zoneLabels(zone);
        if (z.length > 0 && compareDomainName(z, zoneLabels(dnsName)) === z.length && z.length > zoneCount) zoneCount = z.length;
      }
      if (zoneCount === 0) return { matches: false, labels: 0, dnsNames: 0, dnsZones: 0 };
    }
    return { matches: true, labels: labelCount, dnsNames: nameCount, dnsZones: zoneCount };
  }

  /** Whether the solver has a selector at all (a solver without one is the lowest-priority default). @internal */
  public get _hasSelector(): boolean {
    return this.selector !== undefined;
  }

  /** @internal */
  public _toKube(): cm.IssuerSpecAcmeSolvers {
    return this.kube;
  }
}

function zoneLabels(name: string): string[] {
  return name.toLowerCase().split('.').filter((l) => l.length > 0);
}

/** miekg/dns CompareDomainName: labels in common, counted from the right (case-insensitive). */
function compareDomainName(a: string[], b: string[]): number {
  let n = 0;
  for (let i = a.length - 1, j = b.length - 1; i >= 0 && j >= 0; i--, j--) {
    if (a[i] !== b[j]) break;
    n++;
  }
  return n;
}

function checkCommon(where: string, o: AcmeSolverOptions): void {
  const sel = o.selector;
  if (sel !== undefined) {
    if (sel === null || typeof sel !== 'object') fail(where, 'selector', sel, 'must be an object', 'pass { dnsNames, dnsZones, matchLabels } or omit it');
    for (const [field, list] of [['dnsNames', sel.dnsNames], ['dnsZones', sel.dnsZones]] as const) {
      if (list === undefined) continue;
      if (!Array.isArray(list) || list.length === 0) {
        fail(where, `selector.${field}`, list, 'an empty list matches every name, which is rarely what was meant', `list the ${field === 'dnsNames' ? 'names' : 'zones'} or remove selector.${field}`);
      }
      list.forEach((v, i) => checkDnsNameField(where, `selector.${field}[${i}]`, v, { allowWildcard: field === 'dnsNames' }));
    }
    checkLabels(where, 'selector.matchLabels', sel.matchLabels);
  }
  if (o.waitInsteadOfSelfCheck !== undefined && !(o.waitInsteadOfSelfCheck instanceof Duration)) {
    fail(where, 'waitInsteadOfSelfCheck', o.waitInsteadOfSelfCheck, 'must be a Duration', 'use Duration.seconds(...)');
  }
}

function checkPodTemplate(where: string, t: AcmeSolverPodTemplate | undefined): void {
  if (t === undefined) return;
  expectFields(where, 'podTemplate', t, { labels: 'object', annotations: 'object', nodeSelector: 'object', tolerations: 'array', priorityClassName: 'string', serviceAccountName: 'string' });
  checkLabels(where, 'podTemplate.labels', t.labels);
  for (const key of Object.keys(t.labels ?? {})) {
    if (RESERVED_POD_LABELS.includes(key)) {
      fail(where, `podTemplate.labels[${JSON.stringify(key)}]`, key, 'cert-manager sets this label on solver pods itself and ignores the podTemplate value', 'use a label key of your own');
    }
  }
  checkAnnotations(where, 'podTemplate.annotations', t.annotations);
  checkLabels(where, 'podTemplate.nodeSelector', t.nodeSelector);
  if (t.priorityClassName !== undefined) checkObjectName(where, 'podTemplate.priorityClassName', t.priorityClassName, 'PriorityClass');
  if (t.serviceAccountName !== undefined) checkObjectName(where, 'podTemplate.serviceAccountName', t.serviceAccountName, 'ServiceAccount');
  (t.tolerations ?? []).forEach((tol, i) => {
    const f = `podTemplate.tolerations[${i}]`;
    if (tol === null || typeof tol !== 'object') fail(where, f, tol, 'must be a toleration object', "pass { key?, operator?, value?, effect?, tolerationSeconds? }");
    expectFields(where, f, tol, { key: 'string', value: 'string', tolerationSeconds: 'number' });
    checkEnum(where, `${f}.operator`, tol.operator, AcmeSolverTolerationOperator, 'AcmeSolverTolerationOperator');
    checkEnum(where, `${f}.effect`, tol.effect, AcmeSolverTaintEffect, 'AcmeSolverTaintEffect');
    if (tol.key !== undefined && tol.key !== '') checkLabels(where, `${f}.key`, { [tol.key]: '' });
    const op = tol.operator ?? AcmeSolverTolerationOperator.EQUAL;
    // core/v1 pod validation (validateTolerations)
    if (!tol.key && op !== AcmeSolverTolerationOperator.EXISTS) fail(where, `${f}.operator`, op, "operator must be Exists when the key is empty", "set operator: Exists, or set a key");
    if (op === AcmeSolverTolerationOperator.EXISTS && tol.value) fail(where, `${f}.value`, tol.value, 'value must be empty when operator is Exists', 'remove the value or use operator Equal');
    if (tol.value) checkLabels(where, `${f}.value`, { v: tol.value });
    if (tol.tolerationSeconds !== undefined) {
      checkInteger(where, `${f}.tolerationSeconds`, tol.tolerationSeconds, 0, Number.MAX_SAFE_INTEGER, 'use a whole number of seconds');
      if (tol.effect !== AcmeSolverTaintEffect.NO_EXECUTE) fail(where, `${f}.effect`, tol.effect, "effect must be 'NoExecute' when tolerationSeconds is set", 'set effect: NoExecute or remove tolerationSeconds');
    }
  });
}

function podTemplateToKube(t: AcmeSolverPodTemplate | undefined): cm.IssuerSpecAcmeSolversHttp01IngressPodTemplate | undefined {
  if (t === undefined) return undefined;
  const metadata = t.labels || t.annotations ? { labels: t.labels, annotations: t.annotations } : undefined;
  const hasSpec = t.nodeSelector || t.tolerations || t.priorityClassName || t.serviceAccountName;
  const spec = hasSpec ? {
    nodeSelector: t.nodeSelector,
    tolerations: t.tolerations?.map((x) => ({ key: x.key, operator: x.operator, value: x.value, effect: x.effect, tolerationSeconds: x.tolerationSeconds })),
    priorityClassName: t.priorityClassName,
    serviceAccountName: t.serviceAccountName,
  } : undefined;
  return metadata || spec ? { metadata, spec } : undefined;
}

function checkParentRef(where: string, f: string, p: AcmeSolverParentRef): AcmeSolverParentRef {
  if (!p || typeof p !== 'object') fail(where, f, p, 'must be an object { name, namespace?, sectionName?, ... }', 'reference the Gateway by name');
  expectFields(where, f, p, { kind: 'string', namespace: 'string', group: 'string', sectionName: 'string', port: 'number' });
  if (typeof p.name !== 'string' || p.name.length === 0 || p.name.length > 253) {
    fail(where, `${f}.name`, p.name, 'name is required (1 to 253 characters)', 'name the Gateway the challenge route attaches to');
  }
  const nameProblem = checkDns1123Subdomain(p.name);
  if (nameProblem) fail(where, `${f}.name`, p.name, `Gateway name ${nameProblem}`, 'use the metadata.name of the Gateway');
  const kind = p.kind ?? 'Gateway';
  if (kind.length === 0 || kind.length > 63 || !KIND_PATTERN.test(kind)) {
    fail(where, `${f}.kind`, p.kind, 'kind must be 1 to 63 letters, digits or dashes, starting with a letter', "use 'Gateway' (the default) or the parent's kind");
  }
  if (p.namespace !== undefined) {
    const nsProblem = checkDns1123Label(p.namespace);
    if (nsProblem) fail(where, `${f}.namespace`, p.namespace, `namespace ${nsProblem}`, 'use the namespace of the Gateway');
  }
  if (p.group !== undefined && p.group !== '') {
    const gProblem = checkDns1123Subdomain(p.group);
    if (gProblem) fail(where, `${f}.group`, p.group, `API group ${gProblem}`, "use 'gateway.networking.k8s.io' (the default) or omit it");
  }
  if (p.sectionName !== undefined) {
    const sProblem = checkDns1123Subdomain(p.sectionName);
    if (sProblem) fail(where, `${f}.sectionName`, p.sectionName, `section name ${sProblem}`, 'use the name of the Gateway listener, e.g. "http"');
  }
  checkInteger(where, `${f}.port`, p.port, 1, 65535, 'use the listener port, e.g. 80');
  // the webhook requires kind whenever name is set: default it to Gateway
  return { name: p.name, namespace: p.namespace, kind, group: p.group, sectionName: p.sectionName, port: p.port };
}
