import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { fail } from '../validation/error';
import { checkAlertName, checkExpr, checkPositiveDuration, checkRecordName, checkRuleMap } from './private/inputs';
import { AlertingRuleOptions, RecordingRuleOptions, RuleGroupOptions } from './rule-options';

/** One rule of a group: an alerting or a recording rule. */
interface RuleEntry {
  readonly alert?: AlertingRuleOptions;
  readonly record?: RecordingRuleOptions;
}

/** A rule group of a `PrometheusRule`; rules are evaluated in the order they are added. */
export class RuleGroup {
  /** @internal */
  public static _create(owner: Construct, field: string, options: RuleGroupOptions): RuleGroup {
    return new RuleGroup(owner, field, options);
  }

  /** Group name. */
  public readonly name: string;
  /** Evaluation interval, if set. */
  public readonly interval?: Duration;
  /** Alert / series limit, if set. */
  public readonly limit?: number;

  private readonly entries: RuleEntry[] = [];

  private constructor(private readonly owner: Construct, private readonly field: string, options: RuleGroupOptions) {
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
    checkRuleMap(this.owner, `${field}.labels`, rule.labels, 'label');
    checkRuleMap(this.owner, `${field}.annotations`, rule.annotations, 'annotation');
    this.entries.push({ alert: { ...rule } });
  }

  /** Add a recording rule. */
  public addRecordingRule(rule: RecordingRuleOptions): void {
    const field = `${this.field}.rules[${this.entries.length}]`;
    if (rule === null || typeof rule !== 'object') fail(this.owner, field, rule, 'rule options are required', 'pass { record, expr }');
    checkRecordName(this.owner, `${field}.record`, rule.record);
    checkExpr(this.owner, `${field}.expr`, rule.expr);
    checkRuleMap(this.owner, `${field}.labels`, rule.labels, 'label');
    this.entries.push({ record: { ...rule } });
  }

  /**
   * The rules in order, for rendering.
   *
   * @internal
   */
  public _entries(): ReadonlyArray<{ readonly alert?: AlertingRuleOptions; readonly record?: RecordingRuleOptions }> {
    return this.entries;
  }
}
