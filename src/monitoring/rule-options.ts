import { Duration } from 'cdk8s';

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
