// PrometheusRules over the wire form (not exported from the package): a rule has groups (the
// operator rejects an empty spec.groups), and an empty group is warned about.
import { registerChecks } from '../../core/contributions';
import { AppModel } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj, str } from '../../private/wire';

function checkPrometheusRules(model: AppModel, report: Reporter): void {
  for (const r of model.ofKind('monitoring.coreos.com', 'PrometheusRule')) {
    if (r.external || r.json === undefined) continue;
    const groups = arr(obj(r.json.spec).groups);
    if (groups.length === 0) report.error(r, 'spec.groups', [], 'a PrometheusRule needs at least one rule group', 'pass groups or call addGroup()');
    groups.forEach((g, i) => {
      if (arr(obj(g).rules).length === 0) {
        report.warn(r, `spec.groups[${i}].rules`, [], `group "${str(obj(g).name) ?? ''}" has no rules`, 'add rules to the group, or remove it');
      }
    });
  }
}

registerChecks({ id: 'monitoring/prometheus-rules', check: checkPrometheusRules });
