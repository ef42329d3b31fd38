import { ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { IIssuer } from '../cert-manager/references';
import { declareToModel } from '../core/declare';
import { Facts } from '../core/model';
import { Resource, ResourceType } from '../core/resource';
import { checkNamespaceName, checkObjectName, requireArray } from '../private/fields';
import { optionalProps } from '../private/types';
import { fail, Where } from '../validation/error';
import { GatewayListener, ListenerOptions } from './listener';
import { ListenerTls } from './listener-tls';
import { gatewayFacts, importedGatewayFacts } from './private/facts';
import './private/gateway-checks';
import { SHIM_ISSUER_ANNOTATIONS, shimAnnotations } from './private/gateway-shim';
import { GATEWAY_API_GROUP } from './private/inputs';
import { checkListenerFits, normalizeListener, renderListener } from './private/listeners';
import './private/solver-route-checks';
import { ReferenceGrant } from './reference-grant';

// the value types and options of listeners, for importers of this module
export { AllowedRoutes, RouteNamespaces } from './allowed-routes';
export { ListenerProtocol } from './listener';
export type { GatewayListener, ListenerOptions } from './listener';
export { ListenerTls } from './listener-tls';
export type { SecretTlsOptions } from './listener-tls';

const GATEWAY = ResourceType._of({ l1: gw.Gateway, mapper: gw.toJson_GatewayProps, kind: 'Gateway', namespaced: true });

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
 *
 * @example
 * const issuer = certManager.ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'letsencrypt-production');
 * const certificate = new certManager.Certificate(chart, 'ApiCertificate', {
 *   metadata: { namespace: 'api-gateway' },
 *   issuer,
 *   dnsNames: ['api.example.com'],
 * });
 * new gatewayApi.Gateway(chart, 'Api', {
 *   metadata: { namespace: 'api-gateway' },
 *   listeners: [
 *     { name: 'http', protocol: gatewayApi.ListenerProtocol.HTTP },
 *     { name: 'https', protocol: gatewayApi.ListenerProtocol.HTTPS, hostname: 'api.example.com', tls: gatewayApi.ListenerTls.terminate(certificate) },
 *   ],
 * });
 */
export class Gateway extends Resource implements IGateway {
  /**
   * Refer to a Gateway defined outside the app (e.g. a shared ingress gateway).
   */
  public static fromGatewayAttributes(scope: Construct, id: string, attrs: GatewayAttributes): IGateway {
    return new ImportedGateway(scope, id, attrs);
  }

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
    const where = `${scope.node.path}/${id}`;
    props = optionalProps(where, props);
    const annotations = { ...shimAnnotations(where, props.certManagerIssuer), ...(props.metadata?.annotations ?? {}) };
    super(scope, id, GATEWAY, { ...props.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) });
    this.namespace = this.apiObject.metadata.namespace!;
    this.gatewayClassName = checkObjectName(this, 'gatewayClassName', props.gatewayClassName ?? 'istio', 'GatewayClass');
    this.createReferenceGrants = props.createReferenceGrants ?? true;
    this.certManagerIssuer = props.certManagerIssuer;
    checkShimIssuer(this, props);
    requireArray(this, 'listeners', props.listeners, { fix: 'pass an array of listener options' }).forEach((l) => this.addListener(l));
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
    const field = `listeners[${this._listeners.length}]`;
    const listener = normalizeListener(this, field, options);
    checkListenerFits(this, field, listener, this._listeners);
    this._listeners.push(listener);
    if (listener.tls) this.grantSecretAccess(listener.tls);
    return listener;
  }

  /** @internal */
  protected _toSpec(): gw.GatewaySpec {
    return {
      gatewayClassName: this.gatewayClassName,
      listeners: this._listeners.map((l) => renderListener(l, this.namespace)),
    };
  }

  /** @internal */
  public _facts(): Facts {
    return gatewayFacts(this._listeners.filter((l) => l.tls?.certificate !== undefined).map((l) => l.name));
  }

  /** @internal */
  public _displayField(wireField: string): string | undefined {
    // the listener's one certificate reference is its `tls`
    const m = /^spec\.listeners\[(\d+)\]\.tls\.certificateRefs\[\d+\](\.namespace)?$/.exec(wireField);
    if (m) return `listeners[${m[1]}].tls${m[2] ? '.secretNamespace' : ''}`;
    return undefined;
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
}

/** The gateway-shim's issuer: named by certManagerIssuer alone, and usable from the Gateway's namespace. */
function checkShimIssuer(gateway: Gateway, props: GatewayProps): void {
  const issuer = props.certManagerIssuer;
  if (!issuer) return;
  const own = Object.keys(props.metadata?.annotations ?? {}).find((k) => SHIM_ISSUER_ANNOTATIONS.includes(k));
  if (own !== undefined) {
    fail(gateway, `metadata.annotations[${JSON.stringify(own)}]`, props.metadata!.annotations![own],
      'certManagerIssuer writes the gateway-shim\'s issuer annotations itself, and this one overrides or contradicts them (cert-manager refuses cluster-issuer together with issuer, issuer-kind or issuer-group), so the shim would use another issuer than the one checked here, or none',
      'remove the annotation and name the issuer with certManagerIssuer only');
  }
  const issuerNs = issuer.issuerNamespace;
  if (issuer.issuerRef.kind !== 'ClusterIssuer' && issuerNs !== undefined && issuerNs !== gateway.namespace) {
    fail(gateway, 'certManagerIssuer', `${issuerNs}/${issuer.issuerRef.name}`,
      `the gateway-shim only uses a namespaced Issuer in the Gateway's namespace "${gateway.namespace}"`,
      'use an Issuer in the Gateway\'s namespace or a ClusterIssuer');
  }
}

/** A Gateway defined outside the app: a stand-in in the app's model, with its listeners when given. */
class ImportedGateway extends Construct implements IGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly listenersKnown: boolean;
  private readonly _listeners: GatewayListener[];

  public constructor(scope: Construct, id: string, attrs: GatewayAttributes) {
    super(scope, id);
    if (!attrs || typeof attrs !== 'object') fail(this, 'attrs', attrs, 'gateway attributes are required', 'pass { name, namespace }');
    this.name = checkObjectName(this, 'name', attrs.name, 'Gateway');
    this.namespace = checkNamespaceName(this, 'namespace', attrs.namespace);
    this.listenersKnown = attrs.listeners !== undefined;
    this._listeners = importedListeners(this, attrs.listeners);
    declareToModel(this, {
      externals: () => [{
        apiVersion: `${GATEWAY_API_GROUP}/v1`,
        kind: 'Gateway',
        name: this.name,
        namespace: this.namespace,
        facts: importedGatewayFacts(this.listenersKnown ? this._listeners.map((l) => gw.toJson_GatewaySpecListeners(renderListener(l, this.namespace))) : undefined),
      }],
    });
  }

  public get listeners(): GatewayListener[] {
    return [...this._listeners];
  }

  public findListener(name: string): GatewayListener | undefined {
    return this._listeners.find((l) => l.name === name);
  }
}

function importedListeners(where: Where, listeners: ListenerOptions[] | undefined): GatewayListener[] {
  return requireArray(where, 'listeners', listeners, { fix: 'pass an array of listener options' }).map((l, i) => normalizeListener(where, `listeners[${i}]`, l));
}
