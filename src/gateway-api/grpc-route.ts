import { Construct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { Resource, ResourceType } from '../core/resource';
import { requireArray } from '../private/fields';
import { optionalProps } from '../private/types';
import { GrpcMethodMatchType, GrpcRouteProps, GrpcRouteRule } from './grpc-route-options';
import { HeaderMatchType } from './http-route-match';
import { ParentReference } from './http-route-options';
import { normalizeGrpcRule } from './private/grpc-route-rules';
import { renderBackendRefs, renderParentRefs } from './private/http-route-render';
import { MAX_HOSTNAMES } from './private/http-route-rules';
import { RouteAttachment } from './private/route-attachment';
import './private/route-checks';

export type { GrpcMethodMatch, GrpcRouteMatch, GrpcRouteProps, GrpcRouteRule } from './grpc-route-options';

const GRPC_ROUTE = ResourceType._of({ l1: gw.GrpcRoute, mapper: gw.toJson_GrpcRouteProps, kind: 'GRPCRoute', namespaced: true });

/**
 * A Gateway API `GRPCRoute` (gateway.networking.k8s.io/v1): gRPC calls routed by service,
 * method and metadata to Services, through HTTP or HTTPS listeners.
 *
 * Checked at construction: the CRD schema and CEL rules (method matches with a service and/or
 * method of valid characters, limits, rule names, backends). Checked at synth, as for
 * HTTPRoutes: at least one parent and one rule; each parent's listener takes GRPCRoutes (HTTP
 * or HTTPS), admits the route's namespace and serves its hostnames; HTTPS certificates cover
 * them; backends in other namespaces are granted.
 *
 * @example
 * const gateway = new gatewayApi.Gateway(chart, 'Grpc', {
 *   metadata: { namespace: 'shop' },
 *   listeners: [{ name: 'http', protocol: gatewayApi.ListenerProtocol.HTTP }],
 * });
 * new gatewayApi.GrpcRoute(chart, 'Cart', {
 *   metadata: { namespace: 'shop' },
 *   parentRefs: [{ gateway, sectionName: 'http' }],
 *   hostnames: ['grpc.example.com'],
 *   rules: [{ matches: [{ method: { service: 'shop.v1.CartService' } }], backendRefs: [{ serviceName: 'cart', port: 9090 }] }],
 * });
 */
export class GrpcRoute extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;

  private readonly _attachment = new RouteAttachment(this, 'GRPCRoute', MAX_HOSTNAMES);
  private readonly _rules: GrpcRouteRule[] = [];

  public constructor(scope: Construct, id: string, props: GrpcRouteProps = {}) {
    props = optionalProps(`${scope.node.path}/${id}`, props);
    super(scope, id, GRPC_ROUTE, props.metadata);
    this.namespace = this.apiObject.metadata.namespace!;
    requireArray(this, 'parentRefs', props.parentRefs, { fix: 'pass an array of { gateway, sectionName? } or { listenerSet, sectionName? }' }).forEach((p) => this.addParentRef(p));
    requireArray(this, 'hostnames', props.hostnames, { fix: 'pass an array of host names' }).forEach((h) => this.addHostname(h));
    requireArray(this, 'rules', props.rules, { fix: 'pass an array of rules' }).forEach((r) => this.addRule(r));
  }

  /** The parent references (copy). */
  public get parentRefs(): ParentReference[] {
    return this._attachment.parentRefs;
  }

  /** The host names (copy). */
  public get hostnames(): string[] {
    return this._attachment.hostnames;
  }

  /** The rules as checked (copy). */
  public get rules(): GrpcRouteRule[] {
    return [...this._rules];
  }

  /** Attach the route to a Gateway or ListenerSet (optionally one listener). */
  public addParentRef(ref: ParentReference): void {
    this._attachment.addParentRef(ref);
  }

  /** Add a host name the route serves. */
  public addHostname(hostname: string): void {
    this._attachment.addHostname(hostname);
  }

  /** Add a rule. Checks it as the CRD's schema and CEL rules do. */
  public addRule(rule: GrpcRouteRule): void {
    this._rules.push(normalizeGrpcRule(this, `rules[${this._rules.length}]`, rule, this._rules));
  }

  /** @internal */
  protected _toSpec(): gw.GrpcRouteSpec {
    return {
      parentRefs: renderParentRefs(this._attachment.parentRefs),
      ...(this._attachment.hostnames.length ? { hostnames: this._attachment.hostnames } : {}),
      rules: this._rules.map((r) => ({
        ...(r.name !== undefined ? { name: r.name } : {}),
        ...(r.matches ? {
          matches: r.matches.map((m) => ({
            ...(m.method ? {
              method: {
                type: (m.method.type ?? GrpcMethodMatchType.EXACT) as string as gw.GrpcRouteSpecRulesMatchesMethodType,
                ...(m.method.service !== undefined ? { service: m.method.service } : {}),
                ...(m.method.method !== undefined ? { method: m.method.method } : {}),
              },
            } : {}),
            ...(m.headers ? {
              headers: m.headers.map((h) => ({ name: h.name, value: h.value, type: (h.type ?? HeaderMatchType.EXACT) as string as gw.GrpcRouteSpecRulesMatchesHeadersType })),
            } : {}),
          })),
        } : {}),
        backendRefs: renderBackendRefs(r.backendRefs),
      })),
    };
  }
}
