// VirtualService delegation over the wire form (not exported from the package): a root rule's
// `delegate` names a VirtualService without hosts that is exported to the root's namespace (a
// delegate without a root in the app is fine: roots and delegates are often owned by different
// teams and folders). Istio merges them when it builds the routes
// (istio 1.30.3 pilot/pkg/model/virtualservice_controller.go mergeVirtualServices: a delegate
// not found or not exported to the root's namespace is skipped with a log line only).
import { registerChecks } from '../../core/contributions';
import { AppModel, ModelObject } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj, str, strings } from '../../private/wire';
import { NETWORKING } from './gateway-facts';

function isDelegate(vs: ModelObject): boolean {
  return !vs.external && vs.json !== undefined && strings(obj(vs.json.spec).hosts).length === 0;
}

/** Whether `exportTo` (default: every namespace) makes `vs` visible in `namespace`. */
function exportedTo(vs: ModelObject, namespace: string): boolean {
  const exportTo = obj(vs.json?.spec).exportTo;
  if (!Array.isArray(exportTo) || exportTo.length === 0) return true;
  return strings(exportTo).some((e) => e === '*' || e === namespace || (e === '.' && vs.namespace === namespace));
}

function checkDelegation(model: AppModel, report: Reporter): void {
  for (const root of model.ofKind(NETWORKING, 'VirtualService')) {
    if (root.external || root.json === undefined) continue;
    arr(obj(root.json.spec).http).forEach((rule, i) => {
      const ref = obj(obj(rule).delegate);
      const name = str(ref.name);
      if (name === undefined) return;
      const namespace = str(ref.namespace) ?? root.namespace;
      const field = `spec.http[${i}].delegate`;
      const target = model.find(root.cluster, NETWORKING, 'VirtualService', namespace, name)[0];
      if (target === undefined || target.external || target.json === undefined) return; // outside the app
      if (!isDelegate(target)) {
        report.error(root, field, `${namespace}/${name}`,
          `VirtualService ${target.path} has hosts, so it is not a delegate: Istio looks delegates up among VirtualServices without hosts and skips this rule`,
          'leave hosts out of the delegate VirtualService (its root has them), or route here directly');
        return;
      }
      if (!exportedTo(target, root.namespace)) {
        report.error(root, field, `${namespace}/${name}`,
          `the delegate VirtualService ${target.path} is not exported to namespace "${root.namespace}" (exportTo ${JSON.stringify(strings(obj(target.json.spec).exportTo))}): Istio skips this rule`,
          `add "${root.namespace}" (or "*") to the delegate's exportTo`);
      }
    });
  }
}

registerChecks({ id: 'istio/virtual-service-delegation', check: checkDelegation });
