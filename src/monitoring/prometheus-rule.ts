import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as prom from '../../imports/prometheus-monitoring.coreos.com';
import { resolveMetadata } from '../private/metadata';
import { describeProblem, fail } from '../validation/error';
import { Warnings } from '../validation/warnings';
import { checkAlertName, checkExpr, checkLabelName, checkPositiveDuration, checkRecordName, checkTemplate, promDuration } from './checks';
import { plainRendering } from '../private/plain-render';

/** The PrometheusRule API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const PrometheusRuleObject = plainRendering(prom.PrometheusRule, prom.toJson_PrometheusRuleProps);

/** An alerting rule. */
export interface AlertingRuleOptions {
  /** Alert name, e.g. `CertificateExpiringSoon`. */
  readonly alert: string;
  /** PromQL expression; the alert fires for every series it returns. */
  readonly expr: string;
  /**
   * How long the expression must hold before the alert fires (Prometheus' `for`).
   *
   * @default - fires on the first evaluation
   */
  readonly for?: Duration;
  /**
   * How long the alert keeps firing after the expression stops returning it.
   *
   * @default - stops at once
   */
  readonly keepFiringFor?: Duration;
  /**
   * Labels added to the alert (e.g. `severity`); values may use templates.
   *
   * @default - none
   */
  readonly labels?: { [name: string]: string };
  /**
   * Annotations (e.g. `summary`, `description`); values may use templates such as
   * `{{ $labels.name }}`.
   *
   * @default - none
   */
  readonly annotations?: { [name: string]: string };
}

/** A recording rule. */
export interface RecordingRuleOptions {
  /** Name of the series to record (a metric name). */
  readonly record: string;
  /** PromQL expression to record. */
  readonly expr: string;
  /**
   * Labels added to the recorded series.
   *
   * @default - none
   */
  readonly labels?: { [name: string]: string };
}

/** A rule group. */
export interface RuleGroupOptions {
  /** Group name, unique within the PrometheusRule. */
  readonly name: string;
  /**
   * Evaluation interval.
   *
   * @default - Prometheus' global evaluation_interval
   */
  readonly interval?: Duration;
  /**
   * Maximum number of alerts / series a rule may produce (0 = no limit).
   *
   * @default - no limit
   */
  readonly limit?: number;
  /**
   * Recording rules, evaluated in order before the alerting rules given here; use
   * `RuleGroup.addRecordingRule()` / `addAlertingRule()` to interleave.
   *
   * @default - none
   */
  readonly recordingRules?: RecordingRuleOptions[];
  /**
   * Alerting rules.
   *
   * @default - none
   */
  readonly alertingRules?: AlertingRuleOptions[];
}

interface RuleEntry {
  readonly alert?: AlertingRuleOptions;
  readonly record?: RecordingRuleOptions;
}

/** A rule group of a `PrometheusRule`; rules are evaluated in the order they are added. */
export class RuleGroup {
  /** @internal */
  public static _create(owner: PrometheusRule, field: string, options: RuleGroupOptions): RuleGroup {
    return new RuleGroup(owner, field, options);
  }

  /** Group name. */
  public readonly name: string;
  /** Evaluation interval, if set. */
  public readonly interval?: Duration;
  /** Alert / series limit, if set. */
  public readonly limit?: number;

  private readonly entries: RuleEntry[] = [];

  private constructor(private readonly owner: PrometheusRule, private readonly field: string, options: RuleGroupOptions) {
    if (options === null || typeof options !== 'object') fail(owner, field, options, 'group options are required', 'pass { name, ... }');
    if (typeof options.name !== 'string' || options.name.trim().length === 0) {
      fail(owner, `${field}.name`, options.name, 'Groupname must not be empty', 'name the group, e.g. "cert-manager"');
    }
    if (options.interval !== undefined) checkPositiveDuration(owner, `${field}.interval`, options.interval, 'use e.g. Duration.seconds(30), or leave it out for the global interval');
    if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) {
      fail(owner, `${field}.limit`, options.limit, 'limit must be a non-negative integer', 'use 0 for no limit');
    }
    this.name = options.name;
    this.interval = options.interval;
    this.limit = options.limit;
    (options.recordingRules ?? []).forEach((r) => this.addRecordingRule(r));
    (options.alertingRules ?? []).forEach((r) => this.addAlertingRule(r));
  }

  /** The alerting rules, in order (copy). */
  public get alertingRules(): AlertingRuleOptions[] {
    return this.entries.filter((e) => e.alert).map((e) => ({ ...e.alert! }));
  }

  /** The recording rules, in order (copy). */
  public get recordingRules(): RecordingRuleOptions[] {
    return this.entries.filter((e) => e.record).map((e) => ({ ...e.record! }));
  }

  /** Add an alerting rule. */
  public addAlertingRule(rule: AlertingRuleOptions): void {
    const field = `${this.field}.rules[${this.entries.length}]`;
    if (rule === null || typeof rule !== 'object') fail(this.owner, field, rule, 'rule options are required', 'pass { alert, expr, ... }');
    checkAlertName(this.owner, `${field}.alert`, rule.alert);
    checkExpr(this.owner, `${field}.expr`, rule.expr);
    if (rule.for !== undefined) checkPositiveDuration(this.owner, `${field}.for`, rule.for, 'use e.g. Duration.minutes(15), or leave it out to fire at once');
    if (rule.keepFiringFor !== undefined) checkPositiveDuration(this.owner, `${field}.keepFiringFor`, rule.keepFiringFor, 'use e.g. Duration.minutes(5), or leave it out');
    checkMap(this.owner, `${field}.labels`, rule.labels, 'label');
    checkMap(this.owner, `${field}.annotations`, rule.annotations, 'annotation');
    this.entries.push({ alert: { ...rule } });
  }

  /** Add a recording rule. */
  public addRecordingRule(rule: RecordingRuleOptions): void {
    const field = `${this.field}.rules[${this.entries.length}]`;
    if (rule === null || typeof rule !== 'object') fail(this.owner, field, rule, 'rule options are required', 'pass { record, expr }');
    checkRecordName(this.owner, `${field}.record`, rule.record);
    checkExpr(this.owner, `${field}.expr`, rule.expr);
    checkMap(this.owner, `${field}.labels`, rule.labels, 'label');
    this.entries.push({ record: { ...rule } });
  }

  /** @internal */
  public _isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** @internal */
  public _toKube(): prom.PrometheusRuleSpecGroups {
    return {
      name: this.name,
      ...(this.interval ? { interval: promDuration(this.interval) } : {}),
      ...(this.limit !== undefined ? { limit: this.limit } : {}),
      rules: this.entries.map((e) => e.alert ? {
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
}

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
export class PrometheusRule extends Construct {
  /** The L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;

  private readonly _groups: RuleGroup[] = [];

  public constructor(scope: Construct, id: string, props: PrometheusRuleProps = {}) {
    super(scope, id);
    const metadata = resolveMetadata(this, props.metadata, { namespaced: true, kind: 'PrometheusRule' });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    if (props.groups !== undefined && !Array.isArray(props.groups)) fail(this, 'groups', props.groups, 'must be a list', 'pass an array of groups');
    (props.groups ?? []).forEach((g) => this.addGroup(g));
    this.apiObject = new PrometheusRuleObject(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => ({ groups: this._groups.map((g) => g._toKube()) }) }),
    });
    this.node.addValidation({
      validate: () => {
        if (this._groups.length === 0) return [describeProblem('groups', [], 'a PrometheusRule needs at least one rule group', 'pass groups or call addGroup()')];
        this._groups.forEach((g, i) => {
          if (g._isEmpty()) Warnings.add(this, `groups[${i}] ("${g.name}") has no rules`);
        });
        return [];
      },
    });
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
}

function checkMap(owner: Construct, field: string, map: { [name: string]: string } | undefined, what: 'label' | 'annotation'): void {
  if (map === undefined) return;
  if (map === null || typeof map !== 'object') fail(owner, field, map, `${what}s must be a map of names to values`, 'pass an object such as { severity: "warning" }');
  for (const [name, value] of Object.entries(map)) {
    checkLabelName(owner, `${field}[${JSON.stringify(name)}]`, name, what);
    checkTemplate(owner, `${field}[${JSON.stringify(name)}]`, value);
    if (what === 'label' && name.startsWith('__')) Warnings.add(owner, `${field}[${JSON.stringify(name)}]: label names starting with "__" are reserved for Prometheus' internal use`);
  }
}
