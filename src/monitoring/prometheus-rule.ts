import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as prom from '../../imports/prometheus-monitoring.coreos.com';
import { Resource, ResourceType } from '../core/resource';
import { requireArray } from '../private/fields';
import { optionalProps } from '../private/types';
import { fail } from '../validation/error';
import './private/prometheus-rule-checks';
import { renderPrometheusRuleSpec } from './private/prometheus-rule-render';
import { RuleGroup } from './rule-group';
import { RuleGroupOptions } from './rule-options';

// the groups and rules, for importers of this module
export { RuleGroup } from './rule-group';
export type { AlertingRuleOptions, RecordingRuleOptions, RuleGroupOptions } from './rule-options';

const PROMETHEUS_RULE = ResourceType._of({ l1: prom.PrometheusRule, mapper: prom.toJson_PrometheusRuleProps, kind: 'PrometheusRule', namespaced: true });

/** Properties of a `PrometheusRule`. */
export interface PrometheusRuleProps {
  /**
   * Name, namespace, labels and annotations. Prometheus only loads rules its `ruleSelector` /
   * `ruleNamespaceSelector` select: add the labels your Prometheus expects (kube-prometheus-stack:
   * `release: <release name>`).
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Rule groups; more with `addGroup()`.
   *
   * @default - none
   */
  readonly groups?: RuleGroupOptions[];
}

/**
 * A prometheus-operator `PrometheusRule` (monitoring.coreos.com/v1): alerting and recording
 * rules for Prometheus. Durations are written as Prometheus prints them (`1h`, `15m`, `2w`).
 *
 * Checked at construction: group names (non-empty, unique), alert / recording rule names,
 * label and annotation names, template braces, expression brackets, positive durations.
 * Checked at synth: at least one group; empty groups are warned about.
 */
export class PrometheusRule extends Resource {
  /** `metadata.namespace`. */
  public readonly namespace: string;

  private readonly _groups: RuleGroup[] = [];

  public constructor(scope: Construct, id: string, props: PrometheusRuleProps = {}) {
    props = optionalProps(`${scope.node.path}/${id}`, props);
    super(scope, id, PROMETHEUS_RULE, props.metadata);
    this.namespace = this.apiObject.metadata.namespace!;
    requireArray(this, 'groups', props.groups, { fix: 'pass an array of groups' }).forEach((g) => this.addGroup(g));
  }

  /** The groups (copy). */
  public get groups(): RuleGroup[] {
    return [...this._groups];
  }

  /** Add a rule group; add rules to the returned group. */
  public addGroup(options: RuleGroupOptions): RuleGroup {
    const field = `groups[${this._groups.length}]`;
    const group = RuleGroup._create(this, field, options);
    if (this._groups.some((g) => g.name === group.name)) {
      fail(this, `${field}.name`, group.name, 'groupname is repeated in the same PrometheusRule', 'give each group its own name, or add the rules to the existing group');
    }
    this._groups.push(group);
    return group;
  }

  /** The group with this name, if any. */
  public findGroup(name: string): RuleGroup | undefined {
    return this._groups.find((g) => g.name === name);
  }

  /** @internal */
  protected _toSpec(): prom.PrometheusRuleSpec {
    return renderPrometheusRuleSpec(this._groups);
  }
}
