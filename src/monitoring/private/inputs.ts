// Prometheus rules' input rules (not exported from the package). They follow Prometheus' rule
// file validation (`model/rulefmt`), which the prometheus-operator admission webhook runs,
// and the PrometheusRule CRD (prometheus-operator v0.93).
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, Where } from '../../validation/error';
import { Warnings } from '../../validation/warnings';

/** Label (and annotation) names, Prometheus' classic character set. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Metric names (recording rules). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Alert names: the library keeps them to the metric-name character set (see checkAlertName). */
const ALERT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A positive Duration of whole milliseconds (Prometheus' resolution). */
export function checkPositiveDuration(where: Where, field: string, d: unknown, fix: string): void {
  if (!(d instanceof Duration)) fail(where, field, d, 'must be a cdk8s Duration', 'use Duration.minutes(15), Duration.hours(1), ...');
  const ms = (d as Duration).toMilliseconds({ integral: false });
  // the value is shown in milliseconds: formatting a fractional Duration would itself throw
  if (!Number.isFinite(ms) || ms <= 0) fail(where, field, `${ms}ms`, 'duration must be positive', fix);
  if (!Number.isInteger(ms)) fail(where, field, `${ms}ms`, 'duration must be a whole number of milliseconds', 'round the duration to milliseconds');
}

/** A label or annotation name (`__name__` is reserved for the metric name). */
export function checkLabelName(where: Where, field: string, name: string, what: 'label' | 'annotation'): void {
  if (!LABEL_NAME.test(name)) {
    fail(where, field, name, `invalid ${what} name: must match [a-zA-Z_][a-zA-Z0-9_]*`, `use letters, digits and underscores, e.g. "severity"${what === 'annotation' ? ' or "summary"' : ''}`);
  }
  if (what === 'label' && name === '__name__') fail(where, field, name, 'invalid label name: __name__ holds the metric name', 'choose another label name');
}

/**
 * Alert names: Prometheus accepts any UTF-8 text, but Alertmanager matchers, amtool and
 * dashboards expect identifiers, so the library asks for metric-name style (`CertificateExpiringSoon`).
 */
export function checkAlertName(where: Where, field: string, name: unknown): void {
  if (typeof name !== 'string' || !ALERT_NAME.test(name)) {
    fail(where, field, name, 'alert name must be an identifier: letters, digits and underscores, not starting with a digit', 'use a name such as "CertificateExpiringSoon"');
  }
}

/** Recording rule names are metric names; braces mean an expression was pasted by mistake. */
export function checkRecordName(where: Where, field: string, name: unknown): void {
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
    fail(where, field, name, 'invalid recording rule name: must be a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)', 'use a name such as "namespace:certificates_expiring:count" and put the query in expr');
  }
}

/**
 * A PromQL expression: non-empty, with balanced (), [] and {} outside string literals and
 * comments. (The full parser runs in the prometheus-operator webhook; this catches the
 * usual copy-paste breakage at synth time.)
 */
export function checkExpr(where: Where, field: string, expr: unknown): void {
  if (typeof expr !== 'string' || expr.trim().length === 0) fail(where, field, expr, 'expr must be a non-empty PromQL expression', 'write the query, e.g. "up == 0"');
  const text = expr as string;
  const stack: string[] = [];
  const pairs: { [close: string]: string } = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = findStringEnd(text, i, c);
      if (end < 0) fail(where, field, text, `unterminated string literal starting at character ${i}`, 'close the quote');
      i = end;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '(' || c === '[' || c === '{') {
      stack.push(c);
    } else if (c in pairs) {
      if (stack.pop() !== pairs[c]) fail(where, field, text, `unbalanced '${c}' at character ${i}`, 'balance the brackets of the expression');
    }
  }
  if (stack.length) fail(where, field, text, `unclosed '${stack[stack.length - 1]}'`, 'balance the brackets of the expression');
}

function findStringEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== '`') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** A Go template in a label / annotation value: every `{{` is closed by `}}`. */
export function checkTemplate(where: Where, field: string, value: unknown): void {
  if (typeof value !== 'string') fail(where, field, value, 'value must be a string', 'quote the value');
  const text = value as string;
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) return;
    const close = text.indexOf('}}', open + 2);
    const nextOpen = text.indexOf('{{', open + 2);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      fail(where, field, text, `template action opened at character ${open} is not closed with '}}'`, 'close every {{ ... }} action, e.g. "{{ $labels.name }}"');
    }
    i = close + 2;
  }
}

/** Labels or annotations of a rule: Prometheus names, template braces closed; reserved label names warned about. */
export function checkRuleMap(owner: Construct, field: string, map: { [name: string]: string } | undefined, what: 'label' | 'annotation'): void {
  if (map === undefined) return;
  if (map === null || typeof map !== 'object') fail(owner, field, map, `${what}s must be a map of names to values`, 'pass an object such as { severity: "warning" }');
  for (const [name, value] of Object.entries(map)) {
    checkLabelName(owner, `${field}[${JSON.stringify(name)}]`, name, what);
    checkTemplate(owner, `${field}[${JSON.stringify(name)}]`, value);
    if (what === 'label' && name.startsWith('__')) Warnings.add(owner, `${field}[${JSON.stringify(name)}]: label names starting with "__" are reserved for Prometheus' internal use`);
  }
}
