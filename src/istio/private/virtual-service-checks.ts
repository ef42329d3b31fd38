// Istio VirtualServices over the wire form (not exported from the package): a VirtualService
// has rules, applies somewhere, keeps mesh-only restrictions when it applies to the mesh, and
// is bound to gateways of its cluster that serve its hosts (IST0132). Gateways the app does not
// render (imported stand-ins, references to objects outside the app) have unknown servers:
// host checks against them are skipped.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { istioHostMatches, istioWildcardAncestors } from '../../private/hostnames';
import { arr, obj, strings } from '../../private/wire';
import { JWT_CLAIM, MESH, qualifiedGatewayName } from '../routing';
import { NETWORKING } from './gateway-facts';
import { gatewayHostName, gatewayHostVisible } from './hosts';

/** Every Gateway of the app (rendered or stand-in), by `namespace/name`, in any cluster. */
function gatewaysNamed(model: AppModel, qualifiedName: string): readonly ModelObject[] {
  const index = model.derived('istio/gateways-by-name', (m) => {
    const out = new Map<string, ModelObject[]>();
    for (const g of m.ofKind(NETWORKING, 'Gateway')) {
      const key = `${g.namespace}/${g.name}`;
      const list = out.get(key);
      if (list) list.push(g);
      else out.set(key, [g]);
    }
    return out;
  });
  return index.get(qualifiedName) ?? [];
}

/** The Gateway a VirtualService binds to: in its own cluster, else (misbound) in another one. */
function gatewayFor(model: AppModel, vs: ModelObject, qualifiedName: string): ModelObject | undefined {
  const slash = qualifiedName.indexOf('/');
  const namespace = qualifiedName.slice(0, slash);
  const name = qualifiedName.slice(slash + 1);
  return model.find(vs.cluster, NETWORKING, 'Gateway', namespace, name)[0] ?? gatewaysNamed(model, qualifiedName)[0];
}

/** A rendered Gateway's server hosts by DNS name (lowercase), as written (`ns/host` kept). */
function hostIndexOf(model: AppModel, gateway: ModelObject): Map<string, string[]> {
  const indexes = model.derived('istio/gateway-host-index', () => new Map<ModelObject, Map<string, string[]>>());
  let byHost = indexes.get(gateway);
  if (!byHost) {
    byHost = new Map();
    for (const server of arr(obj(gateway.json?.spec).servers)) {
      for (const h of strings(obj(server).hosts)) {
        const key = gatewayHostName(h);
        const list = byHost.get(key);
        if (list) list.push(h);
        else byHost.set(key, [h]);
      }
    }
    indexes.set(gateway, byHost);
  }
  return byHost;
}

/**
 * Whether a rendered Gateway serves `host` to routes in `routeNamespace` (Istio host matching,
 * `ns/host` visibility). Exact names and their wildcard ancestors are looked up, so checking
 * many VirtualServices against one shared gateway stays linear.
 */
function gatewayServes(model: AppModel, gateway: ModelObject, host: string, routeNamespace: string): boolean {
  const byHost = hostIndexOf(model, gateway);
  const visible = (raw?: string[]) => (raw ?? []).some((r) => gatewayHostVisible(gateway.namespace, r, routeNamespace));
  const h = host.toLowerCase();
  if (h.startsWith('*')) {
    // a wildcard route host may match more specific server hosts: scan (rare)
    for (const [key, raw] of byHost) if (istioHostMatches(key, h) && visible(raw)) return true;
    return false;
  }
  return visible(byHost.get(h)) || istioWildcardAncestors(h).some((w) => visible(byHost.get(w)));
}

function checkRules(report: Reporter, vs: ModelObject, spec: { [key: string]: any }, appliesToMesh: boolean): void {
  if (arr(spec.http).length + arr(spec.tls).length + arr(spec.tcp).length === 0) {
    report.error(vs, 'spec.http', [], 'http, tcp or tls must be provided in virtual service', 'call addHttpRoute() (or addTlsRoute()/addTcpRoute())');
  }
  if (!appliesToMesh) return;
  if (strings(spec.hosts).includes('*')) {
    report.error(vs, 'spec.hosts', '*', 'wildcard host * is not allowed for virtual services bound to the mesh gateway', 'name the hosts, or bind only gateways (includeMesh: false)');
  }
  arr(spec.http).forEach((rule, i) => arr(obj(rule).match).forEach((match, j) => {
    const m = obj(match);
    const claims = [...Object.keys(obj(m.headers)), ...Object.keys(obj(m.withoutHeaders))].some((h) => JWT_CLAIM.test(h));
    if (claims) {
      report.error(vs, `spec.http[${i}].match[${j}].headers`, Object.keys(obj(m.headers)), 'JWT claim based routing is only supported for gateways, and these rules also apply to the mesh',
        'bind the VirtualService only to gateways (includeMesh: false)');
    }
  }));
}

function checkVirtualServices(model: AppModel, report: Reporter): void {
  for (const vs of model.ofKind(NETWORKING, 'VirtualService')) {
    if (vs.external || vs.json === undefined) continue;
    const spec = obj(vs.json.spec);
    const hosts = strings(spec.hosts);
    const bound = strings(spec.gateways);
    // no (or an empty) gateways list: the mesh's sidecars (pilot/pkg/model/push_context.go getGatewayNames)
    const appliesToMesh = bound.length === 0 || bound.includes(MESH);
    const gateways = bound.map((g, i) => ({ i, name: qualifiedGatewayName(g, vs.namespace) })).filter((g) => g.name !== MESH);
    checkRules(report, vs, spec, appliesToMesh);
    bound.forEach((g, i) => {
      // the webhook's warning for a dotted bare name (pkg/config/validation/validation.go validateGatewayNames)
      if (g.includes('.') && !g.includes('/')) {
        const parts = g.split('.');
        report.warn(vs, `spec.gateways[${i}]`, g, `using legacy gatewayName format; Istio reads it as "${qualifiedGatewayName(g, vs.namespace)}"`, `prefer the <namespace>/<name> format: "${parts[1]}/${parts[0]}"`);
      }
    });
    const unserved = new Set(hosts);
    let allKnown = true;
    for (const { i, name } of gateways) {
      const gw = gatewayFor(model, vs, name);
      if (gw === undefined) {
        allKnown = false;
        continue;
      }
      if (vs.cluster !== '' && gw.cluster !== '' && vs.cluster !== gw.cluster) {
        report.error(vs, `spec.gateways[${i}]`, name, `gateway ${gw.path} is rendered for cluster "${gw.cluster}" but this VirtualService for cluster "${vs.cluster}"`, 'bind gateways of the same cluster');
      }
      if (gw.external || gw.json === undefined) {
        allKnown = false;
        continue;
      }
      const matched = hosts.filter((h) => gatewayServes(model, gw, h, vs.namespace));
      matched.forEach((h) => unserved.delete(h));
      if (matched.length === 0) {
        const served = [...new Set(arr(obj(gw.json.spec).servers).flatMap((s) => strings(obj(s).hosts))
          .filter((h) => gatewayHostVisible(gw.namespace, h, vs.namespace)).map(gatewayHostName))];
        const shown = served.length > 10 ? `${JSON.stringify(served.slice(0, 10)).slice(0, -1)},… ${served.length - 10} more]` : JSON.stringify(served);
        report.error(vs, `spec.gateways[${i}]`, name,
          `gateway ${gw.path} serves none of the hosts ${JSON.stringify(hosts)} for namespace "${vs.namespace}" (it serves ${shown}): the rules never apply there (IST0132)`,
          'add a server for these hosts to the gateway (mind "ns/host" restrictions), or bind the right gateway');
      }
    }
    if (allKnown && gateways.length > 0 && !appliesToMesh) {
      for (const h of unserved) {
        report.error(vs, 'spec.hosts', h, `no bound gateway serves this host (gateways: ${gateways.map((g) => g.name).join(', ')}), so no traffic for it reaches these rules (IST0132)`,
          'add the host to a server of a bound gateway, or remove it from hosts');
      }
    }
  }
}

registerChecks({ id: 'istio/virtual-service-bindings', check: checkVirtualServices });
