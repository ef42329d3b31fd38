// The wire form of an HTTPRoute's spec (not exported from the package).
import * as gw from '../../../imports/gateway-api-gateway.networking.k8s.io';
import { HttpPathModifier, HttpRouteFilter, HttpRouteFilterType, PathModifierType } from '../http-route-filter';
import { HeaderMatchType } from '../http-route-match';
import { HttpBackendRef, HttpRouteRule, ParentReference } from '../http-route-options';
import { GATEWAY_API_GROUP } from './inputs';

function renderPathModifier(m: HttpPathModifier): any {
  return m.type === PathModifierType.REPLACE_FULL_PATH
    ? { type: m.type, replaceFullPath: m.value }
    : { type: m.type, replacePrefixMatch: m.value };
}

function renderFilter(f: HttpRouteFilter): gw.HttpRouteSpecRulesFilters {
  switch (f.type) {
    case HttpRouteFilterType.REQUEST_REDIRECT: {
      const r = f.redirect!;
      return {
        type: gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
        requestRedirect: {
          ...(r.scheme !== undefined ? { scheme: r.scheme as string as gw.HttpRouteSpecRulesFiltersRequestRedirectScheme } : {}),
          ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
          ...(r.port !== undefined ? { port: r.port } : {}),
          ...(r.path !== undefined ? { path: renderPathModifier(r.path) } : {}),
          statusCode: r.statusCode as gw.HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
        },
      };
    }
    case HttpRouteFilterType.URL_REWRITE: {
      const r = f.rewrite!;
      return {
        type: gw.HttpRouteSpecRulesFiltersType.URL_REWRITE,
        urlRewrite: {
          ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
          ...(r.path !== undefined ? { path: renderPathModifier(r.path) } : {}),
        },
      };
    }
    default: {
      const h = f.headerModifier!;
      const list = (m?: { [name: string]: string }) => Object.entries(m ?? {}).map(([name, value]) => ({ name, value }));
      return {
        type: gw.HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER,
        requestHeaderModifier: {
          ...(h.set ? { set: list(h.set) } : {}),
          ...(h.add ? { add: list(h.add) } : {}),
          ...(h.remove ? { remove: [...h.remove] } : {}),
        },
      };
    }
  }
}

/** The spec of an HTTPRoute from its (normalized) parents, hostnames and rules. */
export function renderHttpRouteSpec(parentRefs: readonly ParentReference[], hostnames: readonly string[], rules: readonly HttpRouteRule[]): gw.HttpRouteSpec {
  return {
    parentRefs: renderParentRefs(parentRefs),
    ...(hostnames.length ? { hostnames: [...hostnames] } : {}),
    rules: rules.map((r) => ({
      ...(r.name !== undefined ? { name: r.name } : {}),
      matches: r.matches!.map((m) => ({
        path: { type: m.path!.type as string as gw.HttpRouteSpecRulesMatchesPathType, value: m.path!.value },
        ...(m.headers ? { headers: m.headers.map((h) => ({ name: h.name, value: h.value, type: (h.type ?? HeaderMatchType.EXACT) as string as gw.HttpRouteSpecRulesMatchesHeadersType })) } : {}),
        ...(m.method !== undefined ? { method: m.method as string as gw.HttpRouteSpecRulesMatchesMethod } : {}),
      })),
      ...(r.filters!.length ? { filters: r.filters!.map(renderFilter) } : {}),
      ...(r.backendRefs!.length ? { backendRefs: renderBackendRefs(r.backendRefs!) } : {}),
    })),
  };
}

/** `parentRefs` of a route (every route kind has the same). */
export function renderParentRefs(parentRefs: readonly ParentReference[]): Array<{ group?: string; kind?: string; name: string; namespace?: string; sectionName?: string; port?: number }> {
  return parentRefs.map((p) => ({
    // a Gateway is the default parent kind; a ListenerSet is named with its group and kind
    ...(p.listenerSet ? { group: GATEWAY_API_GROUP, kind: 'ListenerSet' } : {}),
    name: (p.gateway ?? p.listenerSet!).name,
    namespace: (p.gateway ?? p.listenerSet!).namespace,
    ...(p.sectionName !== undefined ? { sectionName: p.sectionName } : {}),
    ...(p.port !== undefined ? { port: p.port } : {}),
  }));
}

/** `backendRefs` of a route rule (Service backends; the same shape in every route kind's L1). */
export function renderBackendRefs(backends: readonly HttpBackendRef[]): Array<{ name: string; namespace?: string; port: number; weight?: number }> {
  return backends.map((b) => ({
    name: b.serviceName,
    ...(b.namespace !== undefined ? { namespace: b.namespace } : {}),
    port: b.port,
    ...(b.weight !== undefined ? { weight: b.weight } : {}),
  }));
}
