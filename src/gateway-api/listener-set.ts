import { ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { IIssuer } from '../cert-manager/references';
import { Facts } from '../core/model';
import { Resource, ResourceType } from '../core/resource';
import { requireArray } from '../private/fields';
import { fail } from '../validation/error';
import { Gateway, IGateway } from './gateway';
import { GatewayListener, ListenerOptions } from './listener';
import { gatewayFacts } from './private/facts';
import { checkShimIssuer, shimAnnotations } from './private/gateway-shim';
import { declareGatewayStandIn } from './private/gateway-stand-in';
import { GATEWAY_API_GROUP } from './private/inputs';
import './private/listener-set-checks';
import { addListenerTo, listenerDisplayField, renderAllowedListeners, renderListener } from './private/listeners';
import { ListenerSecretGrants } from './private/secret-grants';

const LISTENER_SET = ResourceType._of({ l1: gw.ListenerSet, mapper: gw.toJson_ListenerSetProps, kind: 'ListenerSet', namespaced: true });

/** A Gateway API ListenerSet routes can attach to: implemented by `ListenerSet`. */
export interface IListenerSet extends IConstruct {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`. */
  readonly namespace: string;
  /** The Gateway the listeners are attached to (`spec.parentRef`). */
  readonly parentRef: IGateway;
  /** The listeners (defaults resolved). */
  readonly listeners: GatewayListener[];
  /** The listener with this name, if any. */
  findListener(name: string): GatewayListener | undefined;
}

/** Properties of a Gateway API `ListenerSet`. */
export interface ListenerSetProps {
  /**
   * Name, namespace, labels and annotations. Routes in this namespace attach to listeners
   * with `AllowedRoutes.fromSameNamespace()` (the default), and certificate Secrets are read
   * from it unless a listener's TLS names another namespace.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The Gateway the listeners are merged into (`spec.parentRef`): a `Gateway` of the app (or
   * of another app, e.g. another GitOps folder) or one declared with
   * `Gateway.fromGatewayAttributes()`. The Gateway must admit the ListenerSet
   * (`allowedListeners`); checked at synth for Gateways of the app.
   */
  readonly parentRef: IGateway;
  /**
   * Listeners, with the same options and rules as a Gateway's; more can be added with
   * `addListener()`. At least one is required.
   *
   * @default - none
   */
  readonly listeners?: ListenerOptions[];
  /**
   * Let cert-manager's gateway-shim issue the listener certificates, as for a Gateway
   * (`GatewayProps.certManagerIssuer`): one Certificate per Secret named in a TLS listener, in
   * the ListenerSet's namespace. cert-manager attaches the HTTP-01 challenge route of these
   * Certificates to the ListenerSet itself (or, with the annotation
   * `acme.cert-manager.io/http01-parentreffallback: "true"`, to its parent Gateway). Requires
   * cert-manager's alpha feature gate `ListenerSets` and `config.gatewayAPI.enableListenerSet`
   * besides its Gateway API support (cert-manager v1.21; `CertManagerApplication` prop
   * `listenerSets`, which `GitOpsRepo.addCertManager()` turns on when a folder needs it).
   *
   * @default - no annotations; certificates come from `ListenerTls.terminate(certificate)`
   */
  readonly certManagerIssuer?: IIssuer;
  /**
   * Create the ReferenceGrants that let this ListenerSet read certificate Secrets in other
   * namespaces (grants given to its Gateway do not apply to it). When false, such a grant must
   * exist (a warning is recorded if the app has none).
   *
   * @default true
   */
  readonly createReferenceGrants?: boolean;
}

/**
 * A Gateway API `ListenerSet` (gateway.networking.k8s.io/v1, standard channel since Gateway API
 * v1.5): listeners merged into an existing Gateway, so many sites share one Gateway — one cloud
 * load balancer, one Envoy deployment — each with its own hostnames and certificates.
 * HTTPRoutes attach to it with `parentRefs: [{ listenerSet }]`.
 *
 * Checked at construction: the listener rules of a Gateway (names, ports, hostnames,
 * protocol/TLS combinations, uniqueness, at most 64). Checked at synth: at least one listener;
 * the parent Gateway is in the app (or declared outside it) and admits the ListenerSet
 * (`allowedListeners`); no listener conflicts with one of the Gateway or of another of its
 * ListenerSets (same port and hostname, or another protocol on the port); a listener's
 * certificate covers its hostname; cross-namespace Secrets are granted; gateway-shim
 * prerequisites.
 */
export class ListenerSet extends Resource implements IListenerSet {
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** The Gateway the listeners are attached to. */
  public readonly parentRef: IGateway;
  /** The issuer given to the gateway-shim, if any. */
  public readonly certManagerIssuer?: IIssuer;

  private readonly _listeners: GatewayListener[] = [];
  private readonly grants: ListenerSecretGrants;

  public constructor(scope: Construct, id: string, props: ListenerSetProps) {
    const where = `${scope.node.path}/${id}`;
    if (props === null || typeof props !== 'object') fail(where, 'props', props, 'ListenerSet props are required', 'pass { parentRef: gateway, listeners }');
    const annotations = { ...shimAnnotations(where, props.certManagerIssuer), ...(props.metadata?.annotations ?? {}) };
    super(scope, id, LISTENER_SET, { ...props.metadata, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) });
    this.namespace = this.apiObject.metadata.namespace!;
    const parent = props.parentRef;
    if (!parent || typeof parent !== 'object' || typeof parent.name !== 'string' || typeof parent.namespace !== 'string') {
      fail(this, 'parentRef', parent, 'the Gateway the listeners attach to is required', 'pass a Gateway, or one declared with Gateway.fromGatewayAttributes()');
    }
    this.parentRef = parent;
    // a Gateway of another app (e.g. the fleet's shared Gateway in another GitOps folder) is outside this one
    if (parent.node?.root !== undefined && parent.node.root !== this.node.root) {
      // a Gateway L2 tells which ListenerSets it admits
      declareGatewayStandIn(this, parent, parent instanceof Gateway
        ? () => (parent.allowedListeners ? gw.toJson_GatewaySpecAllowedListeners(renderAllowedListeners(parent.allowedListeners))! : {})
        : undefined);
    }
    this.grants = new ListenerSecretGrants(this, 'ListenerSet', this.namespace, this.name, props.createReferenceGrants ?? true);
    this.certManagerIssuer = props.certManagerIssuer;
    checkShimIssuer(this, 'ListenerSet', this.namespace, props.certManagerIssuer, props.metadata?.annotations);
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
   * Add a listener. Checks it against the CRD's rules and the other listeners of the
   * ListenerSet (those of the Gateway and its other ListenerSets are checked at synth).
   *
   * @returns the listener with defaults resolved
   */
  public addListener(options: ListenerOptions): GatewayListener {
    const listener = addListenerTo(this, this._listeners, options, 'ListenerSet');
    if (listener.tls) this.grants.grant(listener.tls);
    return listener;
  }

  /** @internal */
  protected _toSpec(): gw.ListenerSetSpec {
    return {
      parentRef: { group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.parentRef.name, namespace: this.parentRef.namespace },
      // the listeners of both kinds have the same schema
      listeners: this._listeners.map((l) => renderListener(l, this.namespace) as unknown as gw.ListenerSetSpecListeners),
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
