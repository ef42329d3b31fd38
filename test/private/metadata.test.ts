import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { omitNamespace, resolveMetadata } from '../../src/private/metadata';
import { Errors, Warnings } from '../../src';
import { validationErrorOf } from '../util/expect';

describe('resolveMetadata', () => {
  const chart = () => Testing.chart();
  test('defaults the name to the kebab-cased id and the namespace to the chart or default', () => {
    const c = chart();
    expect(resolveMetadata(new Construct(c, 'ShopCert'), undefined, { namespaced: true, kind: 'Certificate' })).toEqual({ name: 'shop-cert', namespace: 'default' });
    const app = Testing.app();
    const nsChart = new Chart(app, 'x', { namespace: 'istio-system' });
    expect(resolveMetadata(new Construct(nsChart, 'A'), { labels: { a: 'b' } }, { namespaced: true, kind: 'Certificate' }))
      .toEqual({ name: 'a', namespace: 'istio-system', labels: { a: 'b' } });
  });
  test('cluster-scoped kinds have no namespace', () => {
    const c = chart();
    expect(resolveMetadata(new Construct(c, 'Le'), undefined, { namespaced: false, kind: 'ClusterIssuer' })).toEqual({ name: 'le' });
    expect(() => resolveMetadata(new Construct(c, 'Le2'), { namespace: 'x' }, { namespaced: false, kind: 'ClusterIssuer' }))
      .toThrow(/\[test\/Le2\] ClusterIssuer is cluster-scoped and has no namespace \(metadata.namespace: "x"\) — remove metadata.namespace/);
  });
  test('fails if a name is invalid, naming path, field, value and fix', () => {
    const c = chart();
    expect(validationErrorOf(() => resolveMetadata(new Construct(c, 'X'), { name: 'Bad_Name' }, { namespaced: true, kind: 'Certificate' }))).toMatch(/^\[test\/X\] Certificate name must be a lowercase RFC 1123 subdomain.*\(metadata.name: "Bad_Name"\) — choose a valid name$/);
    expect(() => resolveMetadata(new Construct(c, 'Y'), { name: 'a.b' }, { namespaced: true, kind: 'Gateway', nameRule: 'label' })).toThrow(/Gateway name must be a lowercase RFC 1123 label/);
  });
  test('fails if hook annotations are set; leaves the Argo CD instance label to ArgoCdHygiene, which knows the tracking method', () => {
    const c = chart();
    expect(resolveMetadata(new Construct(c, 'A'), { labels: { 'app.kubernetes.io/instance': 'x' } }, { namespaced: true, kind: 'Certificate' }).labels)
      .toEqual({ 'app.kubernetes.io/instance': 'x' });
    expect(() => resolveMetadata(new Construct(c, 'B'), { annotations: { 'helm.sh/hook': 'pre-install' } }, { namespaced: true, kind: 'Certificate' }))
      .toThrow(/hook annotations.*remove the annotation/);
    expect(() => resolveMetadata(new Construct(c, 'C'), { labels: { 'a b': 'x' } }, { namespaced: true, kind: 'Certificate' })).toThrow(/label/);
  });
});

describe('warnings', () => {
  test('warnings are collected with their path', () => {
    const c = Testing.chart();
    Warnings.add(new Construct(c, 'A'), 'careful');
    expect(Warnings.collect(c)).toEqual(['[test/A] careful']);
    expect(Errors.isValidationError(new Error('x'))).toBe(false);
  });
});

describe('cluster-scoped kinds', () => {
  test('omitNamespace drops the namespace cdk8s copies from a namespaced chart, and does nothing without one', () => {
    const app = Testing.app();
    const withNs = new ApiObject(new Chart(app, 'x', { namespace: 'apps' }), 'O', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'o' } });
    const withoutNs = new ApiObject(new Chart(app, 'y'), 'O', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'o' } });
    omitNamespace(withNs);
    omitNamespace(withoutNs);
    expect(withNs.toJson().metadata).toEqual({ name: 'o' });
    expect(withoutNs.toJson().metadata).toEqual({ name: 'o' });
  });
});

describe('resolveMetadata from plain JavaScript', () => {
  test.each([
    [{ namespace: false }, /metadata\.namespace: false\) — pass the namespace as a string/],
    [{ name: 7 }, /metadata\.name: 7\) — pass the name as a string/],
    [{ labels: false }, /labels must be a map of strings \(metadata\.labels: false\)/],
    [{ annotations: { a: 1 } }, /annotations values must be strings \(metadata\.annotations\["a"\]: 1\) — quote the value/],
    [[], /metadata must be an object/],
  ])('fails if metadata is %p', (metadata, message) => {
    const c = Testing.chart();
    expect(() => resolveMetadata(new Construct(c, 'X'), metadata as any, { namespaced: true, kind: 'Certificate' })).toThrow(message);
  });
});
