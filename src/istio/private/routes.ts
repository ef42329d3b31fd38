// How Istio turns VirtualService HTTP matches into Envoy routes (not exported from the package).
// Source: pilot/pkg/networking/core/route/route.go (BuildHTTPRoutesForVirtualService,
// TranslateRouteMatch, IsCatchAllRoute, SortVHostRoutes) and core/gateway.go.
import type { HttpMatchOptions } from '../virtual-service';

/**
 * Istio's `IsCatchAllRoute` on the Envoy route built from a match: the path matches everything
 * (no uri, prefix `/`, or regex `.*`) and there is no header, query or metadata condition
 * (scheme, method and authority become header conditions; JWT claims metadata ones). A rule
 * without matches gives such a route too (`undefined`). Port, gateway and source conditions are
 * not part of the Envoy match: they pick the proxies and ports a route is built for.
 *
 * Istio builds no route of a VirtualService after such a route (BuildHTTPRoutesForVirtualService
 * stops there), and moves such routes behind all other routes of a gateway's virtual host,
 * across the VirtualServices merged into it (SortVHostRoutes).
 */
export function isCatchAllMatch(o: HttpMatchOptions | undefined): boolean {
  if (o === undefined) return true;
  const u = o.uri;
  const everyPath = u === undefined || (u.type === 'prefix' && u.value === '/') || (u.type === 'regex' && u.value === '.*');
  const conditions = [o.headers, o.withoutHeaders, o.queryParams].some((x) => Object.keys(x ?? {}).length > 0)
    || o.scheme !== undefined || o.method !== undefined || o.authority !== undefined;
  return everyPath && !conditions;
}

/** A catch-all match that is built for every proxy and port the VirtualService applies to. */
export function isUnconditionalCatchAll(o: HttpMatchOptions | undefined): boolean {
  if (!isCatchAllMatch(o)) return false;
  return o === undefined || (o.port === undefined && !o.gateways?.length && !Object.keys(o.sourceLabels ?? {}).length && o.sourceNamespace === undefined);
}
