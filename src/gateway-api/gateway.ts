import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { AcmeSolverParentRef, Http01SolverKind } from '../cert-manager/acme-solver';
import { CERTIFICATE_NAME_REGISTRY, SECRET_REGISTRY, SHIM_SECRET_REGISTRY } from '../cert-manager/checks';
import { ICertificate, IIssuer, IssuerType } from '../cert-manager/references';
import { clusterOf } from '../private/cluster';
import { findObjects, registerObject, resolveMetadata } from '../private/metadata';
import { dnsNameCovers, gatewayApiHostnamesIntersect as hostnamesIntersect } from '../private/hostnames';
import { checkDns1123Subdomain } from '../private/names';
import { lookup, register } from '../private/registry';
import { optionalProps } from '../private/types';
import { describeProblem, fail, Where } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { arrayOf, checkHostname, checkMatchLabels, checkNamespace, checkPort, checkSectionName, GATEWAY_API_GROUP, requireString } from './checks';
import { ReferenceGrant } from './reference-grant';
import { plainRendering } from '../private/plain-render';

/** The Gateway API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const GatewayObject = plainRendering(gw.Gateway, gw.toJson_GatewayProps);

/** The CRD allows 1 to 64 listeners per Gateway. */
const MAX_LISTENERS = 64;
const CERT_MANAGER_GROUP = 'cert-manager.io';
/** The gateway-shim annotations that name the issuer (cert-manager's issuerForIngressLike). */
const SHIM_ISSUER_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer', 'cert-manager.io/issuer-kind', 'cert-manager.io/issuer-group'];

/** Protocol of a Gateway listener (the ones HTTPRoutes attach to). */
export enum ListenerProtocol {
  /** Plain HTTP; must not have `tls`. Default port 80. */
  HTTP = 'HTTP',
  /** HTTPS, terminating TLS at the gateway; requires `tls`. Default port 443. */
  HTTPS = 'HTTPS',
}

/** Which namespaces may attach routes to a listener (`allowedRoutes.namespaces.from`). */
export enum RouteNamespaces {
  /** Only routes in the Gateway's namespace (the Gateway API default). */
  SAME = 'Same',
  /** Routes in every namespace. */
  ALL = 'All',
  /** Routes in namespaces whose labels match a selector. */
  SELECTOR = 'Selector',
}

/**
 * Which routes may attach to a listener. Defaults to routes in the Gateway's own namespace.
 */
export class AllowedRoutes {
  /** Only routes in the Gateway's namespace (the Gateway API default). */
  public static fromSameNamespace(): AllowedRoutes {
    return new AllowedRoutes(RouteNamespaces.SAME);
  }

  /** Routes in any namespace. */
  public static fromAllNamespaces(): AllowedRoutes {
    return new AllowedRoutes(RouteNamespaces.ALL);
  }

  /**
   * Routes in namespaces carrying all of these labels.
   *
   * @param matchLabels namespace labels, e.g. `{ 'shared-gateway-access': 'true' }`
   */
  public static fromNamespacesWithLabels(matchLabels: { [key: string]: string }): AllowedRoutes {
    checkMatchLabels('AllowedRoutes.fromNamespacesWithLabels', 'matchLabels', matchLabels);
    if (!matchLabels || Object.keys(matchLabels).length === 0) {
      fail('AllowedRoutes.fromNamespacesWithLabels', 'matchLabels', matchLabels, 'an empty selector matches every namespace',
        'pass at least one label, or use AllowedRoutes.fromAllNamespaces() if every namespace is meant');
    }
    return new AllowedRoutes(RouteNamespaces.SELECTOR, { ...matchLabels });
  }

  private constructor(
    /** Where routes may come from. */
    public readonly from: RouteNamespaces,
    /** Namespace labels, for `SELECTOR`. */
    public readonly matchLabels?: { [key: string]: string },
  ) {}

  /**
   * Whether a route in `routeNamespace` may attach, for a Gateway in `gatewayNamespace`;
   * undefined when the library cannot know (label selector).
   *
   * @internal
   */
  public _admits(gatewayNamespace: string, routeNamespace: string): boolean | undefined {
    if (this.from === RouteNamespaces.ALL) return true;
    if (this.from === RouteNamespaces.SAME) return gatewayNamespace === routeNamespace;
    return undefined;
  }

  /** @internal */
  public _toKube(): gw.GatewaySpecListenersAllowedRoutes {
    return {
      namespaces: {
        from: this.from as string as gw.GatewaySpecListenersAllowedRoutesNamespacesFrom,
        ...(this.matchLabels ? { selector: { matchLabels: { ...this.matchLabels } } } : {}),
      },
    };
  }
}

/** Options of `ListenerTls.terminateWithSecret()`. */
export interface SecretTlsOptions {
  /**
   * Namespace of the Secret.
   *
   * @default - the Gateway's namespace
   */
  readonly namespace?: string;
}

/**
 * TLS settings of an HTTPS listener: TLS is terminated at the gateway with a certificate
 * Secret (`tls.mode: Terminate`, `tls.certificateRefs`).
 */
export class ListenerTls {
  /**
   * Terminate TLS with the Secret a cert-manager `Certificate` writes. A Secret in another
   * namespace than the Gateway needs a ReferenceGrant (created by the Gateway unless
   * `createReferenceGrants: false`).
   */
  public static terminate(certificate: ICertificate): ListenerTls {
    if (!certificate || typeof certificate.secretName !== 'string' || typeof certificate.namespace !== 'string') {
      fail('ListenerTls.terminate', 'certificate', certificate, 'a certificate with secretName and namespace is required', 'pass a cert-manager Certificate construct');
    }
    return new ListenerTls(certificate.secretName, certificate.namespace, certificate);
  }

  /**
   * Terminate TLS with a Secret the library does not create: one written by cert-manager's
   * gateway-shim (`certManagerIssuer` on the Gateway) or managed elsewhere.
   *
   * @param secretName name of the `kubernetes.io/tls` Secret
   */
  public static terminateWithSecret(secretName: string, options: SecretTlsOptions = {}): ListenerTls {
    const where = 'ListenerTls.terminateWithSecret';
    requireString(where, 'secretName', secretName, 'name the TLS Secret');
    const problem = checkDns1123Subdomain(secretName);
    if (problem) fail(where, 'secretName', secretName, `secret name ${problem}`, 'use a valid Secret name');
    if (options.namespace !== undefined) checkNamespace(where, 'namespace', options.namespace);
    return new ListenerTls(secretName, options.namespace);
  }

  private constructor(
    /** Name of the certificate Secret. */
    public readonly secretName: string,
    /** Namespace of the Secret; undefined means the Gateway's namespace. */
    public readonly secretNamespace?: string,
    /** The Certificate writing the Secret, when the app defines it. */
    public readonly certificate?: ICertificate,
  ) {}
}

/** A listener to add to a Gateway. */
export interface ListenerOptions {
  /** Listener name, unique within the Gateway (routes select it as `sectionName`). */
  readonly name: string;
  /** HTTP or HTTPS. */
  readonly protocol: ListenerProtocol;
  /**
   * Port.
   *
   * @default 80 for HTTP, 443 for HTTPS
   */
  readonly port?: number;
  /**
   * Host name the listener serves (`*.` wildcards allowed).
   *
   * @default - every host name
   */
  readonly hostname?: string;
  /**
   * TLS termination; required for HTTPS, not allowed for HTTP.
   *
   * @default - none
   */
  readonly tls?: ListenerTls;
  /**
   * Which routes may attach.
   *
   * @default AllowedRoutes.fromSameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/** A listener as the Gateway renders it (defaults resolved). */
export interface GatewayListener {
  /** Listener name. */
  readonly name: string;
  /** Protocol. */
  readonly protocol: ListenerProtocol;
  /** Port (default applied). */
  readonly port: number;
  /**
   * Host name, if restricted.
   *
   * @default - every host name
   */
  readonly hostname?: string;
  /**
   * TLS termination (HTTPS).
   *
   * @default - none
   */
  readonly tls?: ListenerTls;
  /** Which routes may attach (default applied). */
  readonly allowedRoutes: AllowedRoutes;
}

/**
 * A Gateway API Gateway that routes can attach to: implemented by `Gateway` and by
 * `Gateway.fromGatewayAttributes()`.
 */
export interface IGateway extends IConstruct {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`. */
  readonly namespace: string;
  /** The listeners, when known (see `listenersKnown`). */
  readonly listeners: GatewayListener[];
  /** False for imported gateways whose listeners were not given: wiring checks are skipped. */
  readonly listenersKnown: boolean;
  /** The listener with this name, if known. */
  findListener(name: string): GatewayListener | undefined;
}

/** Attributes of a Gateway defined outside the app. */
export interface GatewayAttributes {
  /** `metadata.name` of the Gateway. */
  readonly name: string;
  /** `metadata.namespace` of the Gateway. */
  readonly namespace: string;
  /**
   * Its listeners, to let the library check routes against them.
   *
   * @default - unknown: sectionName and hostname checks are skipped
   */
  readonly listeners?: ListenerOptions[];
}

/** Properties of a Gateway API `Gateway`. */
export interface GatewayProps {
  /**
   * Name, namespace, labels and annotations. With Istio, the gateway's pods and Service are
   * created in this namespace.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The GatewayClass.
   *
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * Listeners; more can be added with `addListener()`. At least one is required.
   *
   * @default - none
   */
  readonly listeners?: ListenerOptions[];
  /**
   * Let cert-manager's gateway-shim issue the listener certificates: annotates the Gateway
   * with `cert-manager.io/issuer` / `cert-manager.io/cluster-issuer` (plus the issuer kind and
   * group for external issuers) and the library's key defaults (ECDSA P-256,
   * `rotationPolicy: Always`). cert-manager then creates one Certificate per Secret named in
   * a TLS listener's `certificateRefs`, named like the Secret, with the listener hostnames as
   * DNS names, in the Gateway's namespace. Requires cert-manager ≥ 1.15 with
   * `config.gatewayAPI.enabled` (ControllerConfiguration). Listeners then use
   * `ListenerTls.terminateWithSecret()`; checked at synth: no Certificate of the app writes such a
   * Secret or has its name, and no other Gateway has the shim issue it (the shim's Certificate
   * has one owner).
   *
   * @default - no annotations; certificates come from `ListenerTls.terminate(certificate)`
   */
  readonly certManagerIssuer?: IIssuer;
  /**
   * Create the ReferenceGrants that let this Gateway read certificate Secrets in other
   * namespaces (one per namespace, in that namespace, granting only the named Secrets).
   * When false, such a grant must exist (a warning is recorded if the app has none).
   *
   * @default true
   */
  readonly createReferenceGrants?: boolean;
}

/**
 * A Gateway API `Gateway` (gateway.networking.k8s.io/v1). With `gatewayClassName: istio`
 * (the default), Istio deploys a gateway (Deployment + Service) for it in its namespace.
 *
 * Checked at construction: listener names, ports, hostnames, protocol/TLS combinations and
 * uniqueness as the CRD does. Checked at synth: at least one listener; a listener's
 * certificate covers its hostname; cross-namespace certificate Secrets are granted;
 * gateway-shim prerequisites.
 */
export class Gateway extends Construct implements IGateway {
  /**
   * Refer to a Gateway defined outside the app (e.g. a shared ingress gateway).
   */
  public static fromGatewayAttributes(scope: Construct, id: string, attrs: GatewayAttributes): IGateway {
    return new ImportedGateway(scope, id, attrs);
  }

  /**
   * Why the HTTPRoute that cert-manager's `gatewayHTTPRoute` solver creates for `hostname` in
   * `routeNamespace` (the Certificate's namespace) would not attach to its parent `ref`, as far
   * as the app shows it: the parent is an Istio (`networking.istio.io`) Gateway, or a Gateway
   * API Gateway of the app whose listeners do not accept the route. Undefined when it attaches,
   * or when the library cannot tell (parent defined outside the app and not declared with
   * `fromGatewayAttributes()`, listeners unknown, namespaces selected by label, other kinds).
   *
   * @internal
   */
  public static _solverRouteProblem(scope: IConstruct, ref: AcmeSolverParentRef, routeNamespace: string, hostname: string): { problem: string; fix: string } | undefined {
    if ((ref.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return undefined;
    const ns = ref.namespace ?? routeNamespace;
    const found = findObjects(scope, 'Gateway', ns, ref.name);
    const gateway = found.find(isGatewayApiGateway) as IGateway | undefined;
    if (gateway === undefined) {
      const istio = found.find((c) => !isGatewayApiGateway(c));
      if (istio === undefined) return undefined;
      return {
        problem: `${ns}/${ref.name} is an Istio networking.istio.io Gateway in this app (${istio.node.path}), not a Gateway API Gateway; the challenge HTTPRoute cert-manager creates for it attaches to nothing, so the ACME server gets 404 and the certificate is never issued`,
        fix: 'point the solver\'s parentRefs at a Gateway API Gateway (the library\'s Gateway; one defined outside the app can be declared with Gateway.fromGatewayAttributes()), or, for Istio Gateways, use the HttpsRedirectGateway pattern or a DNS-01 solver',
      };
    }
    if (!gateway.listenersKnown) return undefined;
    const gwName = `${gateway.namespace}/${gateway.name}`;
    let candidates = gateway.listeners;
    if (ref.sectionName !== undefined) {
      const l = gateway.findListener(ref.sectionName);
      if (!l) {
        return {
          problem: `gateway ${gwName} has no listener "${ref.sectionName}" (listeners: ${gateway.listeners.map((x) => x.name).join(', ') || 'none'}), so the challenge HTTPRoute is not accepted`,
          fix: 'use the name of the gateway\'s HTTP listener as sectionName',
        };
      }
      candidates = [l];
    }
    if (ref.port !== undefined) {
      candidates = candidates.filter((l) => l.port === ref.port);
      if (candidates.length === 0) {
        return { problem: `gateway ${gwName} has no ${ref.sectionName ? `listener "${ref.sectionName}" on` : 'listener on'} port ${ref.port}, so the challenge HTTPRoute is not accepted`, fix: 'use the port of the HTTP listener, or leave port out' };
      }
    }
    const admitted = candidates.filter((l) => l.allowedRoutes._admits(gateway.namespace, routeNamespace) !== false);
    if (admitted.length === 0) {
      return {
        problem: `cert-manager creates the challenge HTTPRoute in the Certificate's namespace "${routeNamespace}", and listener(s) ${candidates.map((l) => `"${l.name}"`).join(', ')} of gateway ${gwName} only accept routes from namespace "${gateway.namespace}" (allowedRoutes Same), so the challenge is never routed`,
        fix: 'create the Certificate in the gateway\'s namespace, or give the listener AllowedRoutes.fromAllNamespaces() / fromNamespacesWithLabels()',
      };
    }
    if (!admitted.some((l) => l.hostname === undefined || hostnamesIntersect(l.hostname, hostname))) {
      return {
        problem: `the challenge HTTPRoute for "${hostname}" matches the hostname of no listener it may attach to (${admitted.map((l) => `"${l.name}" ${l.hostname}`).join(', ')}) of gateway ${gwName}, so it is not accepted`,
        fix: 'attach the solver to a listener that serves this hostname (or one without a hostname)',
      };
    }
    return undefined;
  }

  /** The L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** The GatewayClass. */
  public readonly gatewayClassName: string;
  /** The issuer given to the gateway-shim, if any. */
  public readonly certManagerIssuer?: IIssuer;
  /** Always true: the library knows this Gateway's listeners. */
  public readonly listenersKnown: boolean = true;

  private readonly _listeners: GatewayListener[] = [];
  private readonly createReferenceGrants: boolean;
  private readonly grants = new Map<string, ReferenceGrant>();

  public constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    super(scope, id);
    props = optionalProps(this, props);
    const annotations = { ...shimAnnotations(this, props.certManagerIssuer), ...(props.metadata?.annotations ?? {}) };
    const metadata = resolveMetadata(this, {
      ...props.metadata,
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    }, { namespaced: true, kind: 'Gateway' });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    this.gatewayClassName = props.gatewayClassName ?? 'istio';
    requireString(this, 'gatewayClassName', this.gatewayClassName, 'name the GatewayClass, e.g. "istio"');
    const classProblem = checkDns1123Subdomain(this.gatewayClassName);
    if (classProblem) fail(this, 'gatewayClassName', this.gatewayClassName, `GatewayClass name ${classProblem}`, 'use the name of an installed GatewayClass, e.g. "istio"');
    this.createReferenceGrants = props.createReferenceGrants ?? true;
    this.certManagerIssuer = props.certManagerIssuer;
    const issuerNs = props.certManagerIssuer?.issuerNamespace;
    const ownIssuerAnnotation = Object.keys(props.metadata?.annotations ?? {}).find((k) => SHIM_ISSUER_ANNOTATIONS.includes(k));
    if (props.certManagerIssuer && ownIssuerAnnotation !== undefined) {
      fail(this, `metadata.annotations[${JSON.stringify(ownIssuerAnnotation)}]`, props.metadata!.annotations![ownIssuerAnnotation],
        'certManagerIssuer writes the gateway-shim\'s issuer annotations itself, and this one overrides or contradicts them (cert-manager refuses cluster-issuer together with issuer, issuer-kind or issuer-group), so the shim would use another issuer than the one checked here, or none',
        'remove the annotation and name the issuer with certManagerIssuer only');
    }
    if (props.certManagerIssuer && props.certManagerIssuer.issuerRef.kind !== 'ClusterIssuer' && issuerNs !== undefined && issuerNs !== this.namespace) {
      fail(this, 'certManagerIssuer', `${issuerNs}/${props.certManagerIssuer.issuerRef.name}`,
        `the gateway-shim only uses a namespaced Issuer in the Gateway's namespace "${this.namespace}"`,
        'use an Issuer in the Gateway\'s namespace or a ClusterIssuer');
    }

    this.apiObject = new GatewayObject(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });

    arrayOf(this, 'listeners', props.listeners).forEach((l) => this.addListener(l));
    this.node.addValidation({ validate: () => this.validateGateway() });
  }

  /** The listeners, in order (defaults resolved; a copy). */
  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  /** The listener with this name, if any. */
  public findListener(name: string): GatewayListener | undefined {
    return this._listeners.find((l) => l.name === name);
  }

  /**
   * Add a listener. Checks it against the CRD's rules and the other listeners.
   *
   * @returns the listener with defaults resolved
   */
  public addListener(options: ListenerOptions): GatewayListener {
    const listener = normalizeListener(this, `listeners[${this._listeners.length}]`, options);
    const field = `listeners[${this._listeners.length}]`;
    if (this._listeners.length >= MAX_LISTENERS) {
      fail(this, field, listener.name, `a Gateway has at most ${MAX_LISTENERS} listeners`, 'split the listeners across several Gateways');
    }
    if (this.findListener(listener.name)) {
      fail(this, `${field}.name`, listener.name, 'listener name must be unique within the Gateway', 'give each listener its own name');
    }
    const same = this._listeners.find((l) => l.port === listener.port && l.protocol === listener.protocol && l.hostname === listener.hostname);
    if (same) {
      fail(this, field, `${listener.protocol}:${listener.port} ${listener.hostname ?? '(any host)'}`,
        `the combination of port, protocol and hostname must be unique; listener "${same.name}" already has it`,
        'merge the two listeners or give them different hostnames');
    }
    const conflict = this._listeners.find((l) => l.port === listener.port && l.protocol !== listener.protocol);
    if (conflict) {
      fail(this, `${field}.port`, listener.port,
        `listener "${conflict.name}" already uses port ${listener.port} with protocol ${conflict.protocol}; listeners sharing a port must share the protocol (ProtocolConflict)`,
        'use another port, e.g. 80 for HTTP and 443 for HTTPS');
    }
    this._listeners.push(listener);
    if (listener.tls) this.grantSecretAccess(listener.tls);
    if (this.certManagerIssuer && listener.tls && !listener.tls.certificate && (listener.tls.secretNamespace ?? this.namespace) === this.namespace) {
      // the shim will create a Certificate named like the Secret (once per Gateway)
      const key = this.shimSecretKey(listener.tls.secretName);
      if (!lookup(SHIM_SECRET_REGISTRY, key, this).includes(this)) register(SHIM_SECRET_REGISTRY, key, this);
    }
    return listener;
  }

  private grantSecretAccess(tls: ListenerTls): void {
    const ns = tls.secretNamespace ?? this.namespace;
    if (ns === this.namespace || !this.createReferenceGrants) return;
    let grant = this.grants.get(ns);
    if (!grant) {
      grant = new ReferenceGrant(this, `ReferenceGrant-${ns}`, {
        metadata: { name: `gateway-${this.namespace}-${this.name}`.slice(0, 253).replace(/[-.]+$/, ''), namespace: ns },
        from: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: this.namespace }],
      });
      this.grants.set(ns, grant);
    }
    grant.addTo({ group: '', kind: 'Secret', name: tls.secretName });
  }

  private validateGateway(): string[] {
    const errors: string[] = [];
    if (this._listeners.length === 0) {
      errors.push(describeProblem('listeners', [], 'a Gateway needs at least one listener', 'pass listeners or call addListener()'));
    }
    this._listeners.forEach((l, i) => {
      const field = `listeners[${i}]`;
      const tls = l.tls;
      if (!tls) return;
      const ns = tls.secretNamespace ?? this.namespace;
      const cert = tls.certificate;
      if (cert && l.hostname !== undefined && cert.dnsNames.length > 0 && !cert.dnsNames.some((d) => dnsNameCovers(d, l.hostname!))) {
        errors.push(describeProblem(`${field}.hostname`, l.hostname,
          `certificate ${cert.namespace}/${cert.secretName} (dnsNames ${JSON.stringify(cert.dnsNames)}) does not cover the listener hostname; clients would get a name mismatch`,
          'add the hostname to the Certificate\'s dnsNames or use a certificate that covers it'));
      }
      if (ns !== this.namespace && !this.createReferenceGrants
        && !ReferenceGrant._isGranted(this, ns, { group: GATEWAY_API_GROUP, kind: 'Gateway', namespace: this.namespace }, { group: '', kind: 'Secret', name: tls.secretName })) {
        Warnings.add(this, `listener "${l.name}" uses Secret ${ns}/${tls.secretName} from another namespace and the app defines no ReferenceGrant for it; `
          + 'the Gateway API ignores the reference (RefNotPermitted) unless a grant exists in the cluster — set createReferenceGrants or add a ReferenceGrant');
      }
      if (this.certManagerIssuer) {
        if (l.hostname === undefined) {
          errors.push(describeProblem(`${field}.hostname`, l.hostname,
            'cert-manager\'s gateway-shim skips TLS listeners without a hostname, so no certificate would be issued for this one',
            'set the listener hostname'));
        }
        const issuer = this.certManagerIssuer;
        if (l.hostname !== undefined && issuer.issuerType === IssuerType.ACME && issuer.acmeSolvers?.length > 0 && typeof issuer.solverFor === 'function') {
          // the shim's Certificate carries the Gateway's labels (what solvers' matchLabels see)
          const solver = issuer.solverFor(l.hostname, this.apiObject.metadata.toJson().labels ?? {});
          if (solver === undefined) {
            errors.push(describeProblem(`${field}.hostname`, l.hostname,
              `the gateway-shim would ask ACME issuer "${issuer.issuerRef.name}" for this name, and none of its solvers would be selected for it${l.hostname.startsWith('*.') ? ' (wildcard names need a DNS-01 solver)' : ''}`,
              'add a matching solver to the issuer (DNS-01 for wildcards) or use another issuer'));
          } else if (solver.http01Kind === Http01SolverKind.GATEWAY_HTTP_ROUTE) {
            solver.parentRefs.forEach((ref, j) => {
              const p = Gateway._solverRouteProblem(this, ref, this.namespace, l.hostname!);
              if (p) errors.push(describeProblem(`${field}.hostname`, l.hostname, `the HTTP-01 solver of issuer "${issuer.issuerRef.name}" for this name (parentRefs[${j}]): ${p.problem}`, p.fix));
            });
          }
        }
        if (cert) {
          errors.push(describeProblem(`${field}.tls`, `${cert.namespace}/${cert.secretName}`,
            'with certManagerIssuer the gateway-shim creates a Certificate for this Secret, and the app\'s own Certificate writes it too (two owners of one Secret)',
            'use ListenerTls.terminateWithSecret(name) with the shim, or drop certManagerIssuer and keep the Certificate'));
        } else if (ns !== this.namespace) {
          errors.push(describeProblem(`${field}.tls.secretNamespace`, ns,
            'cert-manager\'s gateway-shim only issues certificates for Secrets in the Gateway\'s namespace (cert-manager#5610)',
            'leave out the Secret namespace'));
        } else {
          errors.push(...this.checkShimOwnership(`${field}.tls`, tls.secretName));
        }
      }
    });
    return errors;
  }

  /** Registry key of a listener Secret the gateway-shim issues (in the Gateway's namespace). */
  private shimSecretKey(secretName: string): string {
    return `${clusterOf(this) ?? ''}|${this.namespace}|${secretName}`;
  }

  /**
   * The gateway-shim creates (and then only updates while it owns) a Certificate named like the
   * listener's Secret, in the Gateway's namespace (cert-manager certificate-shim `buildCertificates`);
   * it refuses to touch a Certificate of that name it does not own.
   */
  private checkShimOwnership(field: string, secretName: string): string[] {
    const key = this.shimSecretKey(secretName);
    const where = `${this.namespace}/${secretName}`;
    const errors: string[] = [];
    const writers = lookup(SECRET_REGISTRY, key, this);
    if (writers.length > 0) {
      errors.push(describeProblem(field, where,
        `with certManagerIssuer the gateway-shim issues this Secret, and ${plural(writers, 'Certificate')} ${writers.map((c) => c.node.path).join(', ')} of the app ${writers.length === 1 ? 'writes' : 'write'} it too (two owners of one Secret re-issue it endlessly)`,
        'reference that Certificate with ListenerTls.terminate(certificate) and drop certManagerIssuer, or give the listener a Secret no Certificate writes'));
    }
    const named = lookup(CERTIFICATE_NAME_REGISTRY, key, this).filter((c) => !writers.includes(c));
    if (named.length > 0) {
      errors.push(describeProblem(field, where,
        `the gateway-shim creates a Certificate named after the Secret, "${secretName}", and the app already defines ${plural(named, 'Certificate')} ${named.map((c) => c.node.path).join(', ')} with that name in namespace "${this.namespace}"; cert-manager refuses to update a Certificate it does not own, so this listener's Secret would never be issued`,
        'rename the listener\'s Secret or that Certificate'));
    }
    const gateways = lookup(SHIM_SECRET_REGISTRY, key, this).filter((g) => g !== this);
    if (gateways.length > 0) {
      errors.push(describeProblem(field, where,
        `${plural(gateways, 'Gateway')} ${gateways.map((g) => g.node.path).join(', ')} also ${gateways.length === 1 ? 'has' : 'have'} cert-manager's gateway-shim issue this Secret; the shim's Certificate (named "${secretName}") can have only one owner, so the other Gateway's hostnames would never be added to it`,
        'give each Gateway its own listener Secret, or merge the listeners into one Gateway'));
    }
    return errors;
  }

  private _toSpec(): gw.GatewaySpec {
    return {
      gatewayClassName: this.gatewayClassName,
      listeners: this._listeners.map((l) => ({
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
        ...(l.tls ? {
          tls: {
            mode: gw.GatewaySpecListenersTlsMode.TERMINATE,
            certificateRefs: [{
              group: '',
              kind: 'Secret',
              name: l.tls.secretName,
              ...((l.tls.secretNamespace ?? this.namespace) !== this.namespace ? { namespace: l.tls.secretNamespace } : {}),
            }],
          },
        } : {}),
        allowedRoutes: l.allowedRoutes._toKube(),
      })),
    };
  }
}

/** A Gateway defined outside the app. */
class ImportedGateway extends Construct implements IGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly listenersKnown: boolean;
  private readonly _listeners: GatewayListener[];

  public constructor(scope: Construct, id: string, attrs: GatewayAttributes) {
    super(scope, id);
    if (!attrs || typeof attrs !== 'object') fail(this, 'attrs', attrs, 'gateway attributes are required', 'pass { name, namespace }');
    requireString(this, 'name', attrs.name, 'give the Gateway\'s metadata.name');
    const problem = checkDns1123Subdomain(attrs.name);
    if (problem) fail(this, 'name', attrs.name, `Gateway name ${problem}`, 'use the Gateway\'s metadata.name');
    checkNamespace(this, 'namespace', attrs.namespace);
    this.name = attrs.name;
    this.namespace = attrs.namespace;
    this.listenersKnown = attrs.listeners !== undefined;
    this._listeners = arrayOf(this, 'listeners', attrs.listeners).map((l, i) => normalizeListener(this, `listeners[${i}]`, l));
    registerObject(this, 'Gateway', this.namespace, this.name);
  }

  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  public findListener(name: string): GatewayListener | undefined {
    return this._listeners.find((l) => l.name === name);
  }
}

/** Whether `c` is a Gateway API Gateway of the app or declared with `Gateway.fromGatewayAttributes()`. */
function isGatewayApiGateway(c: IConstruct): boolean {
  return c instanceof Gateway || c instanceof ImportedGateway;
}

/** Check one listener's own fields (CRD schema + CEL) and resolve its defaults. */
function normalizeListener(where: Where, field: string, o: ListenerOptions): GatewayListener {
  if (o === null || typeof o !== 'object') fail(where, field, o, 'must be an object { name, protocol, ... }', 'pass listener options');
  checkSectionName(where, `${field}.name`, o.name);
  if (o.protocol !== ListenerProtocol.HTTP && o.protocol !== ListenerProtocol.HTTPS) {
    fail(where, `${field}.protocol`, o.protocol, 'protocol must be HTTP or HTTPS', 'use ListenerProtocol.HTTP or ListenerProtocol.HTTPS');
  }
  const port = o.port ?? (o.protocol === ListenerProtocol.HTTPS ? 443 : 80);
  checkPort(where, `${field}.port`, port);
  if (o.hostname !== undefined) checkHostname(where, `${field}.hostname`, o.hostname);
  if (o.tls !== undefined && !(o.tls instanceof ListenerTls)) {
    fail(where, `${field}.tls`, o.tls, 'must be created with ListenerTls.terminate() or ListenerTls.terminateWithSecret()', 'use ListenerTls.terminate(certificate)');
  }
  if (o.protocol === ListenerProtocol.HTTP && o.tls) {
    fail(where, `${field}.tls`, o.tls.secretName, 'tls must not be specified for protocol HTTP', 'remove tls, or use ListenerProtocol.HTTPS');
  }
  if (o.protocol === ListenerProtocol.HTTPS && !o.tls) {
    fail(where, `${field}.tls`, undefined, 'an HTTPS listener needs tls with a certificate (tls.certificateRefs)', 'set tls: ListenerTls.terminate(certificate)');
  }
  if (o.allowedRoutes !== undefined && !(o.allowedRoutes instanceof AllowedRoutes)) {
    fail(where, `${field}.allowedRoutes`, o.allowedRoutes, 'must be created with AllowedRoutes.fromSameNamespace() / fromAllNamespaces() / fromNamespacesWithLabels()', 'use the AllowedRoutes factories');
  }
  return {
    name: o.name,
    protocol: o.protocol,
    port,
    ...(o.hostname !== undefined ? { hostname: o.hostname } : {}),
    ...(o.tls ? { tls: o.tls } : {}),
    allowedRoutes: o.allowedRoutes ?? AllowedRoutes.fromSameNamespace(),
  };
}

function plural(list: readonly unknown[], noun: string): string {
  return list.length === 1 ? noun : `${noun}s`;
}

/** gateway-shim annotations for an issuer, with the library's key defaults (DESIGN §3). */
function shimAnnotations(where: Where, issuer: IIssuer | undefined): { [key: string]: string } {
  if (issuer === undefined) return {};
  const ref = issuer?.issuerRef;
  if (!ref || typeof ref.name !== 'string' || typeof ref.kind !== 'string') {
    fail(where, 'certManagerIssuer', issuer, 'an issuer with issuerRef { name, kind, group } is required', 'pass an Issuer or ClusterIssuer construct');
  }
  const keyDefaults = {
    'cert-manager.io/private-key-algorithm': 'ECDSA',
    'cert-manager.io/private-key-size': '256',
    'cert-manager.io/private-key-rotation-policy': 'Always',
  };
  const group = ref.group || CERT_MANAGER_GROUP;
  if (group === CERT_MANAGER_GROUP && ref.kind === 'ClusterIssuer') return { 'cert-manager.io/cluster-issuer': ref.name, ...keyDefaults };
  if (group === CERT_MANAGER_GROUP && ref.kind === 'Issuer') return { 'cert-manager.io/issuer': ref.name, ...keyDefaults };
  return {
    'cert-manager.io/issuer': ref.name,
    'cert-manager.io/issuer-kind': ref.kind,
    'cert-manager.io/issuer-group': group,
    ...keyDefaults,
  };
}
