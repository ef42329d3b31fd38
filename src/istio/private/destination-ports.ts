// The port of a VirtualService destination that is a Service of the app (not exported from the
// package), as istioctl's destination host analyzer checks it (istio/istio
// pkg/config/analysis/analyzers/virtualservice/destinationhosts.go, 1.30.3): a Service with
// several ports needs `destination.port` (IST0112), and a given port must be one of the
// Service's (IST0101 "host:port"). Hosts resolve as the analyzer resolves them
// (`util.ConvertHostToFQDN`: a short name is a Service of the VirtualService's namespace).
// Destinations that are not Services rendered by the app, or Services whose visibility an
// `networking.istio.io/exportTo` annotation limits, are not checked.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj } from '../../private/wire';
import { NETWORKING } from './gateway-facts';

const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/** The port numbers of the app's Services visible to every namespace, by `cluster|<name>.<namespace>.svc.cluster.local`. */
function servicePorts(model: AppModel): Map<string, number[]> {
  return model.derived('istio/service-ports', (m) => {
    const out = new Map<string, number[]>();
    for (const s of m.ofKind('', 'Service')) {
      if (s.external || s.json === undefined || s.namespace === '') continue;
      if (obj(s.json.metadata?.annotations)[EXPORT_TO_ANNOTATION] !== undefined) continue;
      const ports = arr(obj(s.json.spec).ports).map((p) => obj(p).port).filter((p): p is number => typeof p === 'number');
      out.set(`${s.cluster}|${s.name}.${s.namespace}.svc.cluster.local`, ports);
    }
    return out;
  });
}

function checkDestinationPorts(model: AppModel, report: Reporter): void {
  const services = servicePorts(model);
  if (services.size === 0) return;
  for (const vs of model.ofKind(NETWORKING, 'VirtualService')) {
    if (vs.external || vs.json === undefined) continue;
    const spec = obj(vs.json.spec);
    for (const kind of ['http', 'tls', 'tcp'] as const) {
      arr(spec[kind]).forEach((rule, i) => arr(obj(rule).route).forEach((route, j) => {
        checkDestination(report, vs, services, `spec.${kind}[${i}].route[${j}].destination`, obj(obj(route).destination));
      }));
    }
  }
}

function checkDestination(report: Reporter, vs: ModelObject, services: Map<string, number[]>, field: string, destination: { [key: string]: any }): void {
  const host = destination.host;
  if (typeof host !== 'string' || host.startsWith('*')) return;
  const fqdn = host.includes('.') ? host : `${host}.${vs.namespace}.svc.cluster.local`;
  const ports = services.get(`${vs.cluster}|${fqdn}`);
  if (ports === undefined || ports.length === 0) return;
  const port = obj(destination.port).number;
  if (port === undefined) {
    if (ports.length > 1) {
      report.error(vs, `${field}.port`, undefined, `Service ${fqdn} exposes several ports ${JSON.stringify(ports)}: the destination must say which (IST0112)`,
        `set the destination port, e.g. ${ports[0]}`);
    }
  } else if (!ports.includes(port)) {
    report.error(vs, `${field}.port`, port, `Service ${fqdn} has no port ${port} (its ports: ${JSON.stringify(ports)}), so the route has no endpoint (IST0101)`,
      `use one of the Service's ports: ${ports.join(', ')}`);
  }
}

registerChecks({ id: 'istio/virtual-service-destination-ports', check: checkDestinationPorts });
