import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { Synthesis } from '../../src/core';
import { CertificateAlerts, PrometheusRule } from '../../src/monitoring';
import { promDuration } from '../../src/monitoring/private/prom-duration';
import { Warnings } from '../../src/validation';
import { expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';

const setup = (): Chart => newChart('monitoring').chart;

describe('promDuration', () => {
  test.each([
    [Duration.hours(1), '1h'], [Duration.minutes(15), '15m'], [Duration.days(14), '2w'], [Duration.days(3), '3d'],
    [Duration.days(90), '90d'], [Duration.days(365), '1y'], [Duration.hours(36), '1d12h'], [Duration.seconds(90), '1m30s'],
    [Duration.millis(1500), '1s500ms'], [Duration.seconds(0), '0s'],
  ])('%s → %s', (d, expected) => {
    expect(promDuration(d)).toBe(expected);
  });
});

describe('PrometheusRule', () => {
  test('renders groups with alerting and recording rules in order', () => {
    const chart = setup();
    const rule = new PrometheusRule(chart, 'MeshRules', { metadata: { labels: { release: 'kube-prometheus-stack' } } });
    const group = rule.addGroup({ name: 'mesh', interval: Duration.seconds(30), limit: 10 });
    group.addRecordingRule({ record: 'namespace:istio_requests:rate5m', expr: 'sum by (namespace) (rate(istio_requests_total[5m]))', labels: { source: 'istio' } });
    group.addAlertingRule({
      alert: 'MeshErrors', expr: 'namespace:istio_requests:rate5m{response_code=~"5.."} > 1 # comment (', for: Duration.minutes(15), keepFiringFor: Duration.minutes(5),
      labels: { severity: 'warning' }, annotations: { summary: 'errors in {{ $labels.namespace }}' },
    });
    rule.addGroup({ name: 'other', alertingRules: [{ alert: 'Always', expr: 'vector(1)' }] });
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(doc.metadata).toEqual({ name: 'mesh-rules', namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } });
    expect(doc.spec.groups).toEqual([
      {
        name: 'mesh', interval: '30s', limit: 10,
        rules: [
          { record: 'namespace:istio_requests:rate5m', expr: 'sum by (namespace) (rate(istio_requests_total[5m]))', labels: { source: 'istio' } },
          {
            alert: 'MeshErrors', expr: 'namespace:istio_requests:rate5m{response_code=~"5.."} > 1 # comment (', for: '15m', keep_firing_for: '5m',
            labels: { severity: 'warning' }, annotations: { summary: 'errors in {{ $labels.namespace }}' },
          },
        ],
      },
      { name: 'other', rules: [{ alert: 'Always', expr: 'vector(1)' }] },
    ]);
    expect(rule.groups.map((g) => g.name)).toEqual(['mesh', 'other']);
    expect(rule.findGroup('mesh')!.alertingRules.map((r) => r.alert)).toEqual(['MeshErrors']);
    expect(rule.findGroup('mesh')!.recordingRules.map((r) => r.record)).toEqual(['namespace:istio_requests:rate5m']);
  });

  test('warns about empty groups and reserved label names', () => {
    const chart = setup();
    const rule = new PrometheusRule(chart, 'R');
    rule.addGroup({ name: 'empty' });
    rule.addGroup({ name: 'g', alertingRules: [{ alert: 'A', expr: 'up == 0', labels: { __tenant: 'x' } }] });
    synthValid(chart);
    expect(Warnings.collect(chart)).toEqual([
      expect.stringMatching(/^\[test\/R\] groups\[1\]\.rules\[0\]\.labels\["__tenant"\]: .*reserved/),
      '[test/R] group "empty" has no rules (groups[0].rules: []) — add rules to the group, or remove it',
    ]);
  });

  describe('fails if', () => {
    const cases: Array<[string, (r: PrometheusRule) => unknown, string, string | undefined, RegExp]> = [
      ['a group name is empty', (r) => r.addGroup({ name: '' }), 'groups[0].name', '""', /name the group/],
      ['a group name repeats', (r) => { r.addGroup({ name: 'a' }); r.addGroup({ name: 'a' }); }, 'groups[1].name', '"a"', /own name/],
      ['a group interval is zero', (r) => r.addGroup({ name: 'a', interval: Duration.seconds(0) }), 'groups[0].interval', '"0ms"', /global interval/],
      ['a group limit is negative', (r) => r.addGroup({ name: 'a', limit: -1 }), 'groups[0].limit', '-1', /0 for no limit/],
      ['an alert name has spaces', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'Cert expiring', expr: 'up' }), 'groups[0].rules[0].alert', '"Cert expiring"', /CertificateExpiringSoon/],
      ['a recording rule name holds a query', (r) => r.addGroup({ name: 'a' }).addRecordingRule({ record: 'x{job="a"}', expr: 'up' }), 'groups[0].rules[0].record', '"x{job=\\"a\\"}"', /put the query in expr/],
      ['an expr is empty', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: ' ' }), 'groups[0].rules[0].expr', '" "', /write the query/],
      ['an expr has unbalanced brackets', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'sum(rate(x[5m])' }), 'groups[0].rules[0].expr', undefined, /balance the brackets/],
      ['an expr has an unterminated string', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'x{a="b} == 1' }), 'groups[0].rules[0].expr', undefined, /close the quote/],
      ['a for duration is zero', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'up', for: Duration.minutes(0) }), 'groups[0].rules[0].for', '"0ms"', /fire at once/],
      ['a for duration has sub-millisecond parts', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'up', for: Duration.millis(1.5) }), 'groups[0].rules[0].for', '"1.5ms"', /round/],
      ['a for duration is not a Duration', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'up', for: '1h' as any }), 'groups[0].rules[0].for', '"1h"', /Duration\.minutes/],
      ['a keepFiringFor duration is zero', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'up', keepFiringFor: Duration.seconds(0) }), 'groups[0].rules[0].keepFiringFor', '"0ms"', /leave it out/],
      ['a label name is invalid', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'up', labels: { 'team-name': 'x' } }), 'groups[0].rules[0].labels["team-name"]', '"team-name"', /underscores/],
      ['a label is __name__', (r) => r.addGroup({ name: 'a' }).addRecordingRule({ record: 'a', expr: 'up', labels: { __name__: 'x' } }), 'groups[0].rules[0].labels["__name__"]', '"__name__"', /another label name/],
      ['an annotation name is invalid', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'up', annotations: { 'runbook-url': 'x' } }), 'groups[0].rules[0].annotations["runbook-url"]', '"runbook-url"', /summary/],
      ['an annotation template is not closed', (r) => r.addGroup({ name: 'a' }).addAlertingRule({ alert: 'A', expr: 'up', annotations: { summary: 'cert {{ $labels.name expired' } }),
        'groups[0].rules[0].annotations["summary"]', '"cert {{ $labels.name expired"', /close every/],
    ];
    test.each(cases)('%s', (_name, build, field, value, fix) => {
      const rule = new PrometheusRule(setup(), 'R');
      expectFailure(() => build(rule), { path: 'test/R', field, value, fix });
    });

    test('a PrometheusRule has no group (synth)', () => {
      const chart = setup();
      new PrometheusRule(chart, 'R');
      expectSynthFailure(chart, { path: 'test/R', field: 'groups', value: '[]', fix: /addGroup/ });
    });
  });
});

describe('CertificateAlerts', () => {
  test('renders the seed alerts with the seed defaults', () => {
    const chart = setup();
    const alerts = new CertificateAlerts(chart, 'CertManagerAlerts', { metadata: { namespace: 'cert-manager' } });
    const [doc] = synthValid(chart);
    expect(doc.metadata).toEqual({ name: 'cert-manager-alerts', namespace: 'cert-manager' });
    expect(doc.spec.groups).toEqual([{
      name: 'cert-manager',
      rules: [
        {
          alert: 'CertificateExpiringSoon',
          expr: 'certmanager_certificate_expiration_timestamp_seconds > 0 and certmanager_certificate_expiration_timestamp_seconds - time() < 1209600 and certmanager_certificate_renewal_timestamp_seconds < time()',
          for: '1h',
          labels: { severity: 'warning' },
          annotations: {
            summary: 'Certificate {{ $labels.name }} expires soon',
            description: 'Certificate {{ $labels.name }} in namespace {{ $labels.namespace }} expires in less than 14 days',
          },
        },
        {
          alert: 'CertificateExpiryCritical',
          expr: 'certmanager_certificate_expiration_timestamp_seconds > 0 and certmanager_certificate_expiration_timestamp_seconds - time() < 259200 and certmanager_certificate_renewal_timestamp_seconds < time()',
          for: '1h',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Certificate {{ $labels.name }} expires in less than 3 days',
            description: 'URGENT: Certificate {{ $labels.name }} requires immediate attention',
          },
        },
        {
          alert: 'CertificateRenewalFailed',
          expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
          for: '1h',
          labels: { severity: 'critical' },
          annotations: {
            summary: 'Certificate {{ $labels.name }} renewal failed',
            description: 'cert-manager failed to renew certificate {{ $labels.name }}',
          },
        },
      ],
    }]);
    expect(alerts.prometheusRule.name).toBe('cert-manager-alerts');
    expect(alerts.apiObject).toBe(alerts.prometheusRule.apiObject);
    expect(alerts.expiringSoonThreshold.toDays()).toBe(14);
  });

  test('expiry alerts mean an overdue renewal: short-lived certificates renewed on time and certificates not issued yet stay quiet', () => {
    // GIVEN the default thresholds (14 and 3 days) and istio-csr's istiod certificate, which lives
    // 1h and is renewed every 30m: "expires within 14 days" alone is true all the time
    const chart = setup();
    new CertificateAlerts(chart, 'A');
    const [soon, critical] = synthValid(chart)[0].spec.groups[0].rules;

    // THEN both expiry alerts also require the renewal time to have passed, and an issued
    // certificate (cert-manager exports expiration 0 before the first issuance)
    for (const rule of [soon, critical]) {
      const terms = rule.expr.split(' and ');
      expect(terms).toContain('certmanager_certificate_renewal_timestamp_seconds < time()');
      expect(terms).toContain('certmanager_certificate_expiration_timestamp_seconds > 0');
    }
  });

  test('thresholds, for, group name and labels are configurable', () => {
    const chart = setup();
    new CertificateAlerts(chart, 'A', {
      expiringSoonThreshold: Duration.days(21), expiryCriticalThreshold: Duration.hours(36), for: Duration.minutes(30),
      groupName: 'tls', labels: { team: 'platform' },
    });
    const [doc] = synthValid(chart);
    const [soon, critical, failed] = doc.spec.groups[0].rules;
    expect(doc.spec.groups[0].name).toBe('tls');
    expect(soon.expr).toBe('certmanager_certificate_expiration_timestamp_seconds > 0 and certmanager_certificate_expiration_timestamp_seconds - time() < 1814400 and certmanager_certificate_renewal_timestamp_seconds < time()');
    expect(soon.annotations.description).toMatch(/less than 21 days$/);
    expect(critical.expr).toBe('certmanager_certificate_expiration_timestamp_seconds > 0 and certmanager_certificate_expiration_timestamp_seconds - time() < 129600 and certmanager_certificate_renewal_timestamp_seconds < time()');
    expect(critical.annotations.summary).toBe('Certificate {{ $labels.name }} expires in less than 36 hours');
    expect([soon.for, critical.for, failed.for]).toEqual(['30m', '30m', '30m']);
    expect(failed.labels).toEqual({ team: 'platform', severity: 'critical' });
  });

  describe('fails if', () => {
    const cases: Array<[string, any, string, string, RegExp]> = [
      ['the critical threshold is not below the warning threshold', { expiryCriticalThreshold: Duration.days(14) }, 'expiryCriticalThreshold', '336h0m0s', /expiryCriticalThreshold: Duration\.days\(3\)/],
      ['a threshold is zero', { expiringSoonThreshold: Duration.days(0) }, 'expiringSoonThreshold', '"0ms"', /Duration\.days\(14\)/],
      ['a threshold has a fraction of a second', { expiryCriticalThreshold: Duration.millis(1500) }, 'expiryCriticalThreshold', '"1500ms"', /whole number|Duration\.hours\(36\)/],
      ['for is zero', { for: Duration.hours(0) }, 'for', '"0ms"', /Duration\.hours\(1\)/],
      ['an extra label name is invalid', { labels: { 'my-team': 'x' } }, 'groups[0].rules[0].labels["my-team"]', '"my-team"', /underscores/],
    ];
    test.each(cases)('%s', (_name, props, field, value, fix) => {
      const chart = setup();
      expectFailure(() => new CertificateAlerts(chart, 'A', props), { path: field.startsWith('groups') ? 'test/A/Rule' : 'test/A', field, value, fix });
    });
  });
});

describe('monitoring/prometheus-rules reads the wire form: PrometheusRules written as plain ApiObjects', () => {
  test('a rule without groups fails, an empty group is warned about', () => {
    const chart = setup();
    new PrometheusRule(chart, 'Ours', { groups: [{ name: 'g', alertingRules: [{ alert: 'A', expr: 'up == 0' }] }] });
    new ApiObject(chart, 'NoGroups', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'none', namespace: 'monitoring' }, spec: { groups: [] } });
    new ApiObject(chart, 'EmptyGroup', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'empty', namespace: 'monitoring' }, spec: { groups: [{ name: 'idle', rules: [] }] } });
    expect(Synthesis.problems([chart.node.root as App]).map((p) => `${p.severity} ${p.message}`)).toEqual([
      'error [test/NoGroups] a PrometheusRule needs at least one rule group (spec.groups: []) — pass groups or call addGroup()',
      'warning [test/EmptyGroup] group "idle" has no rules (spec.groups[0].rules: []) — add rules to the group, or remove it',
    ]);
  });
});
