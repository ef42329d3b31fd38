import { Construct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { Resource, ResourceType } from '../core/resource';
import { requireArray } from '../private/fields';
import { optionalProps } from '../private/types';
import { HttpRouteProps, HttpRouteRule, ParentReference } from './http-route-options';
import { RouteAttachment } from './private/route-attachment';
import { renderHttpRouteSpec } from './private/http-route-render';
import { MAX_HOSTNAMES, normalizeRule } from './private/http-route-rules';
import './private/route-checks';

// the value types and options of routes, for importers of this module
export { HeaderMatchType, HttpMethod, HttpPathMatch, PathMatchType } from './http-route-match';
export type { HttpHeaderMatch, HttpRouteMatch } from './http-route-match';
export { HttpPathModifier, HttpRouteFilter, HttpRouteFilterType, PathModifierType, RedirectScheme } from './http-route-filter';
export type { HttpHeaderModifierOptions, HttpRequestRedirectOptions, HttpUrlRewriteOptions } from './http-route-filter';
export type { HttpBackendRef, HttpRouteProps, HttpRouteRule, ParentReference } from './http-route-options';

const HTTP_ROUTE = ResourceType._of({ l1: gw.HttpRoute, mapper: gw.toJson_HttpRouteProps, kind: 'HTTPRoute', namespaced: true });

/**
 * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1).
 *
 * Checked at construction: everything the CRD schema and CEL rules check (paths, headers,
 * filters, limits). Checked at synth: at least one parent and one rule; each parent's
 * `sectionName` / `port` names a listener of that Gateway or ListenerSet; the route's namespace is admitted
 * by the listener's `allowedRoutes`; its hostnames intersect the listener hostname; HTTPS
 * listeners' certificates cover the route's hostnames.
 *
 * @example
 * const gateway = new gatewayApi.Gateway(chart, 'Gateway', {
 *   metadata: { namespace: 'api' },
 *   listeners: [{ name: 'http', protocol: gatewayApi.ListenerProtocol.HTTP }],
 * });
 * new gatewayApi.HttpRoute(chart, 'Api', {
 *   metadata: { namespace: 'api' },
 *   parentRefs: [{ gateway, sectionName: 'http' }],
 *   hostnames: ['api.example.com'],
 *   rules: [
 *     { matches: [{ path: gatewayApi.HttpPathMatch.pathPrefix('/v1') }], backendRefs: [{ serviceName: 'api-v1', port: 8080 }] },
 *     { backendRefs: [{ serviceName: 'api', port: 8080 }] },
 *   ],
 * });
 */
export class HttpRoute extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;

  private readonly _attachment = new RouteAttachment(this, 'HTTPRoute', MAX_HOSTNAMES);
  private readonly _rules: HttpRouteRule[] = [];

  public constructor(scope: Construct, id: string, props: HttpRouteProps = {}) {
    props = optionalProps(`${scope.node.path}/${id}`, props);
    super(scope, id, HTTP_ROUTE, props.metadata);
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

  /**
   * The rules as rendered (copy): every rule has its matches (default PathPrefix `/`), and
   * every match its path, so callers can trace where a request goes.
   */
  public get rules(): HttpRouteRule[] {
    return [...this._rules];
  }

  /** Attach the route to a Gateway or a ListenerSet (optionally one listener). */
  public addParentRef(ref: ParentReference): void {
    this._attachment.addParentRef(ref);
  }

  /** Add a host name the route serves. */
  public addHostname(hostname: string): void {
    this._attachment.addHostname(hostname);
  }

  /** Add a rule. Checks it as the CRD's schema and CEL rules do. */
  public addRule(rule: HttpRouteRule): void {
    this._rules.push(normalizeRule(this, `rules[${this._rules.length}]`, rule, this._rules));
  }

  /** @internal */
  protected _toSpec(): gw.HttpRouteSpec {
    return renderHttpRouteSpec(this._attachment.parentRefs, this._attachment.hostnames, this._rules);
  }
}
