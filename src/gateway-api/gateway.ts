import { ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { IIssuer } from '../cert-manager/references';
import { Facts } from '../core/model';
import { Resource, ResourceType } from '../core/resource';
import { checkNamespaceName, checkObjectName, requireArray } from '../private/fields';
import { receive } from '../private/factory';
import { optionalProps } from '../private/types';
import { fail, Where } from '../validation/error';
import { AllowedListeners } from './allowed-listeners';
import { GatewayListener, ListenerOptions } from './listener';
import { gatewayFacts } from './private/facts';
import './private/gateway-checks';
import { declareGatewayStandIn } from './private/gateway-stand-in';
import { checkShimIssuer, shimAnnotations } from './private/gateway-shim';
import { addListenerTo, listenerDisplayField, normalizeListener, renderAllowedListeners, renderListener } from './private/listeners';
import { ListenerSecretGrants } from './private/secret-grants';
import './private/solver-route-checks';

// the value types and options of listeners, for importers of this module
export { AllowedListeners, ListenerNamespaces } from './allowed-listeners';
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
   * Which ListenerSets may attach their listeners to this Gateway (`spec.allowedListeners`),
   * e.g. `AllowedListeners.fromAllNamespaces()` for a Gateway (one load balancer, one Envoy
   * deployment) shared by the sites of a fleet, each bringing its listeners in a ListenerSet.
   * Checked at synth: every ListenerSet of the app naming this Gateway is admitted.
   *
   * @default - not written: the Gateway API default, no ListenerSet (`None`)
   */
  readonly allowedListeners?: AllowedListeners;
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
 * gateway-shim prerequisites; with the ListenerSets attached to it, no more than 64 listeners
 * (a warning: implementations may refuse the rest).
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
  /** Which ListenerSets may attach, when given (undefined: the Gateway API default, none). */
  public readonly allowedListeners?: AllowedListeners;

  private readonly _listeners: GatewayListener[] = [];
  private readonly grants: ListenerSecretGrants;

  public constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    const where = `${scope.node.path}/${id}`;
    props = optionalProps(where, props);
    const annotations = { ...shimAnnotations(where, props.certManagerIssuer), ...(props.metadata?.annotations ?? {}) };
    super(scope, id, GATEWAY, { ...props.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) });
    this.namespace = this.apiObject.metadata.namespace!;
    this.gatewayClassName = checkObjectName(this, 'gatewayClassName', props.gatewayClassName ?? 'istio', 'GatewayClass');
    this.grants = new ListenerSecretGrants(this, 'Gateway', this.namespace, this.name, props.createReferenceGrants ?? true);
    this.certManagerIssuer = props.certManagerIssuer;
    checkShimIssuer(this, 'Gateway', this.namespace, props.certManagerIssuer, props.metadata?.annotations);
    this.allowedListeners = receive(this, 'allowedListeners', props.allowedListeners);
    if (this.allowedListeners !== undefined && !(this.allowedListeners instanceof AllowedListeners)) {
      fail(this, 'allowedListeners', this.allowedListeners, 'must be created with AllowedListeners.none() / fromSameNamespace() / fromAllNamespaces() / fromNamespacesWithLabels()',
        'use the AllowedListeners factories');
    }
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
    const listener = addListenerTo(this, this._listeners, options, 'Gateway');
    if (listener.tls) this.grants.grant(listener.tls);
    return listener;
  }

  /** @internal */
  protected _toSpec(): gw.GatewaySpec {
    return {
      gatewayClassName: this.gatewayClassName,
      ...(this.allowedListeners ? { allowedListeners: renderAllowedListeners(this.allowedListeners) } : {}),
      listeners: this._listeners.map((l) => renderListener(l, this.namespace)),
    };
  }

  /** @internal */
  public _facts(): Facts {
    return gatewayFacts(this._listeners.filter((l) => l.tls?.certificate !== undefined).map((l) => l.name));
  }

  /** @internal */
  public _displayField(wireField: string): string | undefined {
    return listenerDisplayField(wireField);
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
    declareGatewayStandIn(this, this);
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
