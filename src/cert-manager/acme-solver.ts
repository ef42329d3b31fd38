// ACME challenge solvers: how an ACME issuer proves control of a name. The solvers' options
// are in acme-solver-options.ts, their input rules in private/solver-input.ts.
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { goDuration } from '../private/duration';
import { checkAnnotations, checkEnum, checkLabels, checkObjectName } from '../private/fields';
import { factory, receive } from '../private/factory';
import { checkDns1123Subdomain } from '../private/names';
import { expectFields } from '../private/types';
import { fail } from '../validation/error';
import {
  AcmeChallengeType, AcmeSolverOptions, AcmeSolverParentRef, AcmeSolverPodTemplate, AcmeSolverSelector, AcmeSolverServiceType, Dns01SolverOptions, DnsCnameStrategy,
  Http01GatewayHttpRouteSolverOptions, Http01IngressSolverOptions, Http01SolverKind,
} from './acme-solver-options';
import { Dns01Provider } from './dns01-provider';
import { checkParentRef, checkPodTemplate, checkSolverOptions } from './private/solver-input';

export * from './acme-solver-options';

/**
 * How an ACME issuer proves control of a name: HTTP-01 through an Ingress or a Gateway API
 * HTTPRoute, or DNS-01 through a provider. Add solvers in `IssuerConfig.acme()` /
 * `IssuerConfig.letsEncrypt()` or with `issuer.addSolver()`.
 *
 * cert-manager has no `istio` HTTP-01 solver (it was reverted before any stable release): for
 * Istio use `http01GatewayHttpRoute` (Istio implements Gateway API), `http01Ingress` with
 * `ingressClassName: 'istio'`, or DNS-01.
 *
 * A wrong option is reported by the issuer (or issuer config) the solver is given to, with its
 * path and the field the solver arrived in (`[app/Issuer] AcmeSolver.dns01: ... (solvers[0].cnameStrategy: ...)`).
 */
export class AcmeSolver {
  /** HTTP-01 through a Kubernetes Ingress that cert-manager creates (or edits, with `ingressName`). */
  public static http01Ingress(options: Http01IngressSolverOptions = {}): AcmeSolver {
    const where = 'AcmeSolver.http01Ingress';
    return factory(where, AcmeSolver, () => {
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
      checkSolverOptions(where, o);
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
    });
  }

  /**
   * HTTP-01 through a Gateway API HTTPRoute that cert-manager creates in the Certificate's
   * namespace and attaches to `parentRefs`. Its rule matches the challenge path `Exact`, so a
   * PathPrefix `/` redirect route on the same listener does not swallow the challenge.
   *
   * The parents must be Gateway API (`gateway.networking.k8s.io`) Gateways or ListenerSets,
   * not Istio `networking.istio.io` Gateways. Without `parentRefs`, each Certificate using the
   * solver names its parent with cert-manager's override annotations
   * (`acme.cert-manager.io/http01-parentrefname` and `-parentrefkind`, optionally
   * `-parentrefnamespace`; the gateway-shim writes them on its Certificates); with both, the
   * annotated parent replaces the solver's reference to it. Checked at synth for every
   * Certificate this solver is selected for: it has a parent; a parent the app defines as an
   * Istio Gateway is an error; a Gateway API Gateway or ListenerSet of the app must have the
   * named listener, admit routes from the Certificate's namespace (`allowedRoutes`), serve the
   * name and have an HTTP listener among those the route attaches to.
   */
  public static http01GatewayHttpRoute(options: Http01GatewayHttpRouteSolverOptions = {}): AcmeSolver {
    const where = 'AcmeSolver.http01GatewayHttpRoute';
    return factory(where, AcmeSolver, () => {
      const o = options ?? ({} as Http01GatewayHttpRouteSolverOptions);
      if (o.parentRefs !== undefined && !Array.isArray(o.parentRefs)) {
        fail(where, 'parentRefs', o.parentRefs, 'parentRefs must be an array',
          "reference the Gateway (and its HTTP listener), e.g. [{ name: 'ingress', namespace: 'istio-ingress', sectionName: 'http' }], or leave it out and annotate the Certificates");
      }
      const parentRefs = (o.parentRefs ?? []).map((p, i) => checkParentRef(where, `parentRefs[${i}]`, p));
      checkEnum(where, 'serviceType', o.serviceType, AcmeSolverServiceType, 'AcmeSolverServiceType');
      checkLabels(where, 'labels', o.labels);
      checkPodTemplate(where, o.podTemplate);
      checkSolverOptions(where, o);
      return new AcmeSolver(AcmeChallengeType.HTTP01, o, {
        http01: {
          gatewayHttpRoute: {
            parentRefs: parentRefs.length > 0 ? parentRefs.map((p) => ({ ...p })) : undefined,
            serviceType: o.serviceType,
            labels: o.labels,
            podTemplate: podTemplateToKube(o.podTemplate) as cm.IssuerSpecAcmeSolversHttp01GatewayHttpRoutePodTemplate | undefined,
          },
        },
      }, { http01Kind: Http01SolverKind.GATEWAY_HTTP_ROUTE, parentRefs });
    });
  }

  /** DNS-01 through a provider (`Dns01Provider.cloudflare(...)`, `.route53(...)`, ...): the only way to validate wildcard names. */
  public static dns01(provider: Dns01Provider, options: Dns01SolverOptions = {}): AcmeSolver {
    const where = 'AcmeSolver.dns01';
    return factory(where, AcmeSolver, () => {
      const o = options ?? {};
      receive(where, 'dns01', provider);
      if (!(provider instanceof Dns01Provider)) {
        fail(where, 'provider', provider, 'must be a Dns01Provider', 'create it with a Dns01Provider factory, e.g. Dns01Provider.cloudflare({...})');
      }
      checkEnum(where, 'cnameStrategy', o.cnameStrategy, DnsCnameStrategy, 'DnsCnameStrategy');
      checkSolverOptions(where, o);
      return new AcmeSolver(AcmeChallengeType.DNS01, o, {
        dns01: {
          ...provider._toKube(),
          cnameStrategy: o.cnameStrategy as unknown as cm.IssuerSpecAcmeSolversDns01CnameStrategy,
        },
      }, { dns01Provider: provider });
    });
  }

  /** The challenge this solver answers. */
  public readonly challengeType: AcmeChallengeType;
  /** For HTTP-01: Ingress or Gateway API HTTPRoute. */
  public readonly http01Kind?: Http01SolverKind;
  /** For DNS-01: the provider. */
  public readonly dns01Provider?: Dns01Provider;
  /** The selector, if any. */
  public readonly selector?: AcmeSolverSelector;
  /**
   * For `gatewayHTTPRoute`: the parents the challenge HTTPRoute attaches to (`kind` defaulted to
   * `Gateway`); empty when the Certificates name them with annotations.
   */
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

  /** @internal */
  public _toKube(): cm.IssuerSpecAcmeSolvers {
    return this.kube;
  }
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
