// Istio AuthorizationPolicies over the wire form (not exported from the package): a policy
// without rules never triggers (DENY, CUSTOM: an error) or, for ALLOW, matches nothing and so
// denies every request to its workloads (a warning). Checked after every `addRule()`.
import { registerChecks } from '../../core/contributions';
import { AppModel } from '../../core/model';
import { Reporter } from '../../core/reporter';
import { arr, obj, str } from '../../private/wire';

function checkRules(model: AppModel, report: Reporter): void {
  for (const policy of model.ofKind('security.istio.io', 'AuthorizationPolicy')) {
    if (policy.external || policy.json === undefined) continue;
    const spec = obj(policy.json.spec);
    if (arr(spec.rules).length > 0) continue;
    const action = str(spec.action) ?? 'ALLOW';
    if (action === 'DENY' || action === 'CUSTOM') {
      report.error(policy, 'spec.rules', [], `${action} action without \`rules\` is meaningless as it will never be triggered`, 'add an empty rule {} (addRule({})) if it should apply to every request');
    } else if (action === 'ALLOW') {
      report.warn(policy, 'spec.rules', [], 'ALLOW policy without rules matches nothing and therefore denies every request to the selected workloads', 'add rules, or addRule({}) to allow all');
    }
  }
}

registerChecks({ id: 'istio/authorization-policy-rules', check: checkRules });
