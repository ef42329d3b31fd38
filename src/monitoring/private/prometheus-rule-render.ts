// The wire form of a PrometheusRule's spec (not exported from the package).
import * as prom from '../../../imports/prometheus-monitoring.coreos.com';
import { RuleGroup } from '../rule-group';
import { promDuration } from './prom-duration';

function renderGroup(g: RuleGroup): prom.PrometheusRuleSpecGroups {
  return {
    name: g.name,
    ...(g.interval ? { interval: promDuration(g.interval) } : {}),
    ...(g.limit !== undefined ? { limit: g.limit } : {}),
    rules: g._entries().map((e) => e.alert ? {
      alert: e.alert.alert,
      expr: prom.PrometheusRuleSpecGroupsRulesExpr.fromString(e.alert.expr),
      ...(e.alert.for ? { for: promDuration(e.alert.for) } : {}),
      ...(e.alert.keepFiringFor ? { keepFiringFor: promDuration(e.alert.keepFiringFor) } : {}),
      ...(e.alert.labels ? { labels: { ...e.alert.labels } } : {}),
      ...(e.alert.annotations ? { annotations: { ...e.alert.annotations } } : {}),
    } : {
      record: e.record!.record,
      expr: prom.PrometheusRuleSpecGroupsRulesExpr.fromString(e.record!.expr),
      ...(e.record!.labels ? { labels: { ...e.record!.labels } } : {}),
    }),
  };
}

/** The spec of a PrometheusRule from its groups. */
export function renderPrometheusRuleSpec(groups: readonly RuleGroup[]): prom.PrometheusRuleSpec {
  return { groups: groups.map(renderGroup) };
}
