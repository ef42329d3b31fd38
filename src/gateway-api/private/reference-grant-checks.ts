// ReferenceGrants over the wire form (not exported from the package): each grant names at
// least one referrer and one referent, and the family's checks ask whether a grant of the app
// lets an object refer into another namespace.
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj, str } from '../../private/wire';
import { GATEWAY_API_GROUP } from './inputs';

/** A referring object: group, kind and namespace. */
export interface GrantFrom {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

/** A referent: group, kind and name. */
export interface GrantTo {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** The ReferenceGrants of the model by `cluster|namespace`, built once per model. */
function grantsByNamespace(model: AppModel): Map<string, ModelObject[]> {
  return model.derived('gateway-api/reference-grants', (m) => {
    const out = new Map<string, ModelObject[]>();
    for (const g of m.ofKind(GATEWAY_API_GROUP, 'ReferenceGrant')) {
      if (g.external) continue;
      const k = `${g.cluster}|${g.namespace}`;
      const list = out.get(k);
      if (list) list.push(g);
      else out.set(k, [g]);
    }
    return out;
  });
}

/** Whether `grant` lets `from` refer to `to` (in the grant's namespace). */
function permits(grant: ModelObject, from: GrantFrom, to: GrantTo): boolean {
  const spec = obj(grant.json?.spec);
  return arr(spec.from).some((f) => str(obj(f).group) === from.group && str(obj(f).kind) === from.kind && str(obj(f).namespace) === from.namespace)
    && arr(spec.to).some((t) => (str(obj(t).group) ?? '') === to.group && str(obj(t).kind) === to.kind && (obj(t).name === undefined || obj(t).name === to.name));
}

/**
 * Whether some ReferenceGrant of the model in namespace `toNamespace` of `cluster` lets `from`
 * refer to `to`. Looks only at the grants of that namespace, so callers stay linear.
 */
export function isGranted(model: AppModel, cluster: string, toNamespace: string, from: GrantFrom, to: GrantTo): boolean {
  return (grantsByNamespace(model).get(`${cluster}|${toNamespace}`) ?? []).some((g) => permits(g, from, to));
}

function checkReferenceGrants(model: AppModel, report: Reporter): void {
  for (const g of model.ofKind(GATEWAY_API_GROUP, 'ReferenceGrant')) {
    if (g.external || g.json === undefined) continue;
    const spec = obj(g.json.spec);
    if (arr(spec.from).length === 0) report.error(g, 'spec.from', [], 'a ReferenceGrant needs at least one "from" entry', 'call addFrom({ kind, namespace })');
    if (arr(spec.to).length === 0) report.error(g, 'spec.to', [], 'a ReferenceGrant needs at least one "to" entry', 'call addTo({ kind, name })');
  }
}

registerChecks({ id: 'gateway-api/reference-grants', check: checkReferenceGrants });
