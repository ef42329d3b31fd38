import { Chart } from 'cdk8s';
import { ApplicationSet, ApplicationSetGenerator, ApplicationSetProps, ApplicationSource, GeneratorType } from '../../src/gitops';
import { Warnings } from '../../src/validation';
import { expectFailure, newChart, synthValid } from '../util/expect';

const setup = (): Chart => newChart('platform').chart;

const repoURL = 'https://github.com/example/gitops.git';

describe('ApplicationSet', () => {
  test('fans the platform out over labelled clusters with Go templates', () => {
    const chart = setup();
    const set = new ApplicationSet(chart, 'Platform', {
      generators: [ApplicationSetGenerator.clusters({ selector: { 'example.com/mesh': 'istio' }, values: { revision: 'main' } })],
      template: {
        name: '{{.nameNormalized}}-platform',
        labels: { 'example.com/cluster': '{{.nameNormalized}}' },
        source: ApplicationSource.git({ repoURL, path: 'dist/{{.nameNormalized}}', targetRevision: '{{.values.revision}}' }),
        destination: { server: '{{.server}}', namespace: 'istio-system' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        syncWave: 1,
        resourcesFinalizer: true,
      },
      preserveResourcesOnDeletion: true,
    });
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(doc.kind).toBe('ApplicationSet');
    expect(doc.metadata).toEqual({ name: 'platform', namespace: 'argocd' });
    expect(doc.spec).toEqual({
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ clusters: { selector: { matchLabels: { 'example.com/mesh': 'istio' } }, values: { revision: 'main' } } }],
      template: {
        metadata: {
          name: '{{.nameNormalized}}-platform',
          labels: { 'example.com/cluster': '{{.nameNormalized}}' },
          annotations: { 'argocd.argoproj.io/sync-wave': '1' },
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: 'default',
          source: { repoURL, path: 'dist/{{.nameNormalized}}', targetRevision: '{{.values.revision}}' },
          destination: { server: '{{.server}}', namespace: 'istio-system' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        },
      },
      syncPolicy: { preserveResourcesOnDeletion: true },
    });
    expect(set.goTemplate).toBe(true);
    expect(set.generators[0].type).toBe(GeneratorType.CLUSTERS);
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('list generator with fasttemplate syntax and a pinned chart per element', () => {
    const chart = setup();
    new ApplicationSet(chart, 'Istiod', {
      goTemplate: false,
      generators: [ApplicationSetGenerator.list([
        { cluster: 'eu-1', url: 'https://eu-1.example.com' },
        { cluster: 'us-1', url: 'https://us-1.example.com' },
      ])],
      template: {
        name: 'istiod-{{cluster}}',
        project: 'mesh',
        source: ApplicationSource.helm({
          repoURL: 'https://istio-release.storage.googleapis.com/charts', chart: 'istiod', targetRevision: '1.30.3',
          values: { global: { multiCluster: { clusterName: '{{cluster}}' } } },
        }),
        destination: { server: '{{url}}', namespace: 'istio-system' },
      },
    });
    const [doc] = synthValid(chart);
    expect(doc.spec.goTemplate).toBeUndefined();
    expect(doc.spec.generators).toEqual([{ list: { elements: [{ cluster: 'eu-1', url: 'https://eu-1.example.com' }, { cluster: 'us-1', url: 'https://us-1.example.com' }] } }]);
    expect(doc.spec.template.spec.source).toEqual({
      repoURL: 'https://istio-release.storage.googleapis.com/charts', chart: 'istiod', targetRevision: '1.30.3',
      helm: { valuesObject: { global: { multiCluster: { clusterName: '{{cluster}}' } } } },
    });
  });

  test('Go template expressions with functions and index are understood; cluster "name" in the app name warns', () => {
    const chart = setup();
    new ApplicationSet(chart, 'A', {
      generators: [ApplicationSetGenerator.clusters()],
      template: {
        name: '{{ .name | lower }}-apps',
        annotations: { 'example.com/env': '{{ index .metadata.labels "example.com/env" }}' },
        source: ApplicationSource.git({ repoURL, path: 'apps' }),
        destination: { name: '{{.name}}' },
      },
    });
    synthValid(chart);
    expect(Warnings.collect(chart)).toEqual([expect.stringMatching(/^\[test\/A\] template\.name uses the cluster "name".*nameNormalized/)]);
  });

  describe('fails if', () => {
    const base = (): ApplicationSetProps => ({
      generators: [ApplicationSetGenerator.clusters({ values: { revision: 'main' } })],
      template: { name: '{{.nameNormalized}}-x', source: ApplicationSource.git({ repoURL, path: 'dist' }), destination: { server: '{{.server}}' } },
    });
    const list = ApplicationSetGenerator.list([{ cluster: 'eu-1' }, { cluster: 'us-1' }]);
    const cases: Array<[string, () => ApplicationSetProps, string, string | undefined, RegExp]> = [
      ['there is no generator', () => ({ ...base(), generators: [] }), 'generators', '[]', /ApplicationSetGenerator\.clusters/],
      ['a generator is not made by ApplicationSetGenerator', () => ({ ...base(), generators: [{ clusters: {} } as any] }), 'generators[0]', '{"clusters":{}}', /factories/],
      ['a template uses fasttemplate syntax with goTemplate', () => ({ ...base(), template: { ...base().template, name: '{{name}}-x' } }),
        'template.metadata.name', '"{{name}}-x"', /write \{\{\.name\}\}/],
      ['a template uses Go syntax without goTemplate', () => ({ ...base(), goTemplate: false, template: { ...base().template, name: '{{.name}}-x', destination: { server: '{{server}}' } } }),
        'template.metadata.name', '"{{.name}}-x"', /goTemplate: true/],
      ['a template uses a parameter the cluster generator lacks', () => ({ ...base(), template: { ...base().template, destination: { server: '{{.url}}' } } }),
        'template.spec.destination.server', '"{{.url}}"', /every generator provides/],
      ['a template uses a cluster value that is not defined', () => ({ ...base(), template: { ...base().template, source: ApplicationSource.git({ repoURL, path: 'dist', targetRevision: '{{.values.branch}}' }) } }),
        'template.spec.source.targetRevision', '"{{.values.branch}}"', /cluster values/],
      ['a list element lacks a parameter', () => ({
        generators: [ApplicationSetGenerator.list([{ cluster: 'eu-1', url: 'https://a' }, { cluster: 'us-1' }])],
        template: { name: 'x-{{.cluster}}', source: ApplicationSource.git({ repoURL, path: 'dist' }), destination: { server: '{{.url}}' } },
      }), 'template.spec.destination.server', '"{{.url}}"', /list element keys/],
      ['list elements give invalid names', () => ({
        generators: [ApplicationSetGenerator.list([{ cluster: 'EU_1' }])],
        template: { ...base().template, name: 'x-{{.cluster}}', destination: { name: '{{.cluster}}' } },
      }), 'template.name', '"x-EU_1"', /valid names/],
      ['list elements give the same name', () => ({
        generators: [ApplicationSetGenerator.list([{ cluster: 'eu-1', env: 'a' }, { cluster: 'eu-1', env: 'b' }])],
        template: { ...base().template, name: 'x-{{.cluster}}', destination: { name: '{{.env}}' } },
      }), 'template.name', '"x-eu-1"', /differs per element/],
      ['the fixed part of the name pattern is invalid', () => ({ ...base(), template: { ...base().template, name: '{{.nameNormalized}}_Platform' } }),
        'template.name', '"{{.nameNormalized}}_Platform"', /lowercase letters/],
      ['the template has no destination', () => ({ ...base(), generators: [list], template: { name: 'x-{{.cluster}}', source: ApplicationSource.git({ repoURL, path: 'dist' }) } as any }),
        'template.destination', 'unset', /\{\{\.server\}\}/],
      ['the template destination has both server and name', () => ({ ...base(), template: { ...base().template, destination: { server: '{{.server}}', name: '{{.name}}' } } }),
        'template.destination', undefined, /either server/],
      ['the template sync options are malformed', () => ({ ...base(), template: { ...base().template, syncPolicy: { syncOptions: ['ServerSideApply'] } } }),
        'template.syncPolicy.syncOptions[0]', '"ServerSideApply"', /Key=Value|ServerSideApply=true|CreateNamespace=true/],
    ];
    test.each(cases)('%s', (_name, props, field, value, fix) => {
      expectFailure(() => new ApplicationSet(setup(), 'S', props()), { path: 'test/S', field, value, fix });
    });

    const factoryCases: Array<[string, () => ApplicationSetGenerator, string, string, string | undefined, RegExp]> = [
      ['a list generator has no elements', () => ApplicationSetGenerator.list([]), 'ApplicationSetGenerator.list', 'elements', '[]', /one parameter map/],
      ['a list element value is not a string', () => ApplicationSetGenerator.list([{ n: 1 as any }]), 'ApplicationSetGenerator.list', 'elements[0]["n"]', '1', /quote/],
      ['a list element is missing', () => ApplicationSetGenerator.list([undefined as any]), 'ApplicationSetGenerator.list', 'elements[0]', 'null', /string values/],
      ['a cluster selector label key is invalid', () => ApplicationSetGenerator.clusters({ selector: { 'a b': 'c' } }), 'ApplicationSetGenerator.clusters', 'selector["a b"]', '"a b"', /valid Kubernetes label key/],
      ['a cluster selector label value is invalid', () => ApplicationSetGenerator.clusters({ selector: { env: 'a b' } }), 'ApplicationSetGenerator.clusters', 'selector["env"]', '"a b"', /valid Kubernetes label value/],
      ['a cluster value is not a string', () => ApplicationSetGenerator.clusters({ values: { revision: 3 as any } }), 'ApplicationSetGenerator.clusters', 'values["revision"]', '3', /quote/],
    ];
    test.each(factoryCases)('%s: reported by the ApplicationSet receiving the generator', (_name, fn, factoryName, field, value, fix) => {
      const generator = fn(); // the factory's problem travels with its value
      expectFailure(() => new ApplicationSet(setup(), 'S', { ...base(), generators: [ApplicationSetGenerator.clusters(), generator] }),
        { path: 'test/S', field: `generators[1].${field}`, value, problem: `${factoryName}: `, fix });
    });
  });
});
