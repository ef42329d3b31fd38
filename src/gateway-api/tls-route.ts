import { Construct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { Resource, ResourceType } from '../core/resource';
import { requireArray } from '../private/fields';
import { fail } from '../validation/error';
import { ParentReference } from './http-route-options';
import { renderBackendRefs, renderParentRefs } from './private/http-route-render';
import { checkRuleName, normalizeBackend } from './private/http-route-rules';
import { RouteAttachment } from './private/route-attachment';
import './private/route-checks';
import { TlsRouteProps, TlsRouteRule } from './tls-route-options';

export type { TlsRouteProps, TlsRouteRule } from './tls-route-options';

const TLS_ROUTE = ResourceType._of({ l1: gw.TlsRoute, mapper: gw.toJson_TlsRouteProps, kind: 'TLSRoute', namespaced: true });

/** TLSRoute v1 limits (CRD schema). */
const MAX_HOSTNAMES = 1024;
const MAX_BACKENDS = 16;

/**
 * A Gateway API `TLSRoute` (gateway.networking.k8s.io/v1): TLS streams routed by SNI, typically
 * from a `TLS` listener with `ListenerTls.passthrough()`, where the backend terminates TLS with
 * its own certificate.
 *
 * Checked at construction: the CRD schema (hostnames without IP addresses, one rule with 1 to
 * 16 Service backends). Checked at synth: at least one parent; each parent's `sectionName` /
 * `port` names a listener that takes TLSRoutes (protocol TLS), admits the route's namespace and
 * serves one of its hostnames.
 *
 * @example
 * const gateway = new gatewayApi.Gateway(chart, 'Passthrough', {
 *   metadata: { namespace: 'edge' },
 *   listeners: [{ name: 'tls', protocol: gatewayApi.ListenerProtocol.TLS, hostname: '*.example.com', tls: gatewayApi.ListenerTls.passthrough() }],
 * });
 * new gatewayApi.TlsRoute(chart, 'Db', {
 *   metadata: { namespace: 'edge' },
 *   parentRefs: [{ gateway, sectionName: 'tls' }],
 *   hostnames: ['db.example.com'],
 *   rules: [{ backendRefs: [{ serviceName: 'db', port: 5432 }] }],
 * });
 */
export class TlsRoute extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;

  private readonly _attachment = new RouteAttachment(this, 'TLSRoute', MAX_HOSTNAMES);
  private readonly _rules: TlsRouteRule[] = [];

  public constructor(scope: Construct, id: string, props: TlsRouteProps) {
    if (props === null || typeof props !== 'object') {
      fail(`${scope.node.path}/${id}`, 'props', props, 'TlsRoute needs props with hostnames', "pass { hostnames: ['db.example.com'], parentRefs, rules }");
    }
    super(scope, id, TLS_ROUTE, props.metadata);
    this.namespace = this.apiObject.metadata.namespace!;
    requireArray(this, 'parentRefs', props.parentRefs, { fix: 'pass an array of { gateway, sectionName? } or { listenerSet, sectionName? }' }).forEach((p) => this.addParentRef(p));
    if (props.hostnames === undefined) fail(this, 'hostnames', undefined, 'a TLSRoute needs at least one hostname (the SNI names it routes)', "list them, e.g. ['db.example.com']");
    requireArray(this, 'hostnames', props.hostnames, { nonEmpty: true, fix: "list the SNI names, e.g. ['db.example.com']" }).forEach((h) => this.addHostname(h));
    requireArray(this, 'rules', props.rules, { fix: 'pass [{ backendRefs }]' }).forEach((r) => this.addRule(r));
  }

  /** The parent references (copy). */
  public get parentRefs(): ParentReference[] {
    return this._attachment.parentRefs;
  }

  /** The SNI host names (copy). */
  public get hostnames(): string[] {
    return this._attachment.hostnames;
  }

  /** Attach the route to a Gateway or ListenerSet (optionally one listener). */
  public addParentRef(ref: ParentReference): void {
    this._attachment.addParentRef(ref);
  }

  /** Add an SNI host name. */
  public addHostname(hostname: string): void {
    this._attachment.addHostname(hostname);
  }

  /** Set the rule (a v1 TLSRoute has exactly one). */
  public addRule(rule: TlsRouteRule): void {
    const field = `rules[${this._rules.length}]`;
    if (rule === null || typeof rule !== 'object') fail(this, field, rule, 'a rule must be an object', 'pass { backendRefs }');
    if (this._rules.length >= 1) fail(this, field, rule.name, 'a TLSRoute (v1) has exactly one rule', 'put every backend into the one rule (weighted), or use another TLSRoute for other hostnames');
    if (rule.name !== undefined) checkRuleName(this, `${field}.name`, rule.name, []);
    const backends = requireArray(this, `${field}.backendRefs`, rule.backendRefs, { nonEmpty: true, fix: 'list the Services, e.g. [{ serviceName: "db", port: 5432 }]' });
    if (rule.backendRefs === undefined) fail(this, `${field}.backendRefs`, undefined, 'a TLSRoute rule needs backends', 'list the Services, e.g. [{ serviceName: "db", port: 5432 }]');
    if (backends.length > MAX_BACKENDS) fail(this, `${field}.backendRefs`, backends.length, `a rule has at most ${MAX_BACKENDS} backends`, 'use fewer backends');
    this._rules.push({ ...rule, backendRefs: backends.map((b, i) => normalizeBackend(this, `${field}.backendRefs[${i}]`, b)) });
  }

  /** @internal */
  protected _toSpec(): gw.TlsRouteSpec {
    return {
      parentRefs: renderParentRefs(this._attachment.parentRefs),
      hostnames: this._attachment.hostnames,
      rules: this._rules.map((r) => ({ ...(r.name !== undefined ? { name: r.name } : {}), backendRefs: renderBackendRefs(r.backendRefs) })),
    };
  }
}
