import { ApiObject, Chart, Duration } from 'cdk8s';
import { Application, ApplicationProps, ApplicationSet, ApplicationSetGenerator, ApplicationSource, ApplicationSourceType, SyncWaves } from '../../src/gitops';
import { Warnings } from '../../src/validation';
import { expectFailure, expectSynthFailure, newChart, synthValid } from '../util/expect';

const setup = (): Chart => newChart('platform').chart;

const git = ApplicationSource.git({ repoURL: 'https://github.com/example/gitops.git', path: 'dist/platform' });
const certManagerChart = () => ApplicationSource.helm({
  repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: 'v1.21.1', releaseName: 'cert-manager',
  values: { crds: { enabled: true }, config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', gatewayAPI: { enabled: true } } },
});

describe('Application', () => {
  test('renders a Git application with defaults: project default, in-cluster server, namespace argocd', () => {
    const chart = setup();
    const app = new Application(chart, 'Platform', { source: git });
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(doc.kind).toBe('Application');
    expect(doc.metadata).toEqual({ name: 'platform', namespace: 'argocd' });
    expect(doc.spec).toEqual({
      project: 'default',
      source: { repoURL: 'https://github.com/example/gitops.git', path: 'dist/platform', targetRevision: 'HEAD' },
      destination: { server: 'https://kubernetes.default.svc' },
    });
    expect(app.destination).toEqual({ server: 'https://kubernetes.default.svc' });
    expect(app.source.type).toBe(ApplicationSourceType.GIT);
    expect(app.project).toBe('default');
  });

  test('renders a pinned Helm chart with valuesObject, sync policy, ignoreDifferences, wave and finalizer', () => {
    const chart = setup();
    const app = new Application(chart, 'CertManager', {
      metadata: { labels: { 'app.kubernetes.io/part-of': 'platform' } },
      project: 'platform',
      source: certManagerChart(),
      destination: { namespace: 'cert-manager' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        managedNamespaceMetadata: { labels: { 'istio-injection': 'disabled' } },
        retry: { limit: 5, backoffDuration: Duration.seconds(5), backoffFactor: 2, backoffMaxDuration: Duration.minutes(3) },
      },
      ignoreDifferences: [{ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] }],
      syncWave: -2,
      resourcesFinalizer: true,
    });
    app.addIgnoreDifference({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jsonPointers: ['/spec/conversion/webhook/clientConfig/caBundle'] });
    const [doc] = synthValid(chart);
    expect(doc.metadata).toEqual({
      name: 'cert-manager', namespace: 'argocd',
      labels: { 'app.kubernetes.io/part-of': 'platform' },
      annotations: { 'argocd.argoproj.io/sync-wave': '-2' },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
    expect(doc.spec).toEqual({
      project: 'platform',
      source: {
        repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: 'v1.21.1',
        helm: {
          releaseName: 'cert-manager',
          valuesObject: { crds: { enabled: true }, config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', gatewayAPI: { enabled: true } } },
        },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'cert-manager' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
        managedNamespaceMetadata: { labels: { 'istio-injection': 'disabled' } },
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m0s' } },
      },
      ignoreDifferences: [
        { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
        { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jsonPointers: ['/spec/conversion/webhook/clientConfig/caBundle'] },
      ],
    });
    expect(app.syncWave).toBe(-2);
    expect(app.ignoreDifferences).toHaveLength(2);
    expect(Warnings.collect(chart)).toEqual([]);
  });

  test('git directory options, destination by cluster name, custom namespace', () => {
    const chart = setup();
    new Application(chart, 'Edge', {
      metadata: { namespace: 'gitops' },
      source: ApplicationSource.git({ repoURL: 'git@github.com:example/gitops.git', path: '.', targetRevision: 'v1.2.3', directory: { recurse: true, include: '*.yaml' } }),
      destination: { name: 'edge-eu-1', namespace: 'istio-ingress' },
      syncPolicy: { automated: {} },
    });
    const [doc] = synthValid(chart);
    expect(doc.metadata.namespace).toBe('gitops');
    expect(doc.spec.source).toEqual({ repoURL: 'git@github.com:example/gitops.git', path: '.', targetRevision: 'v1.2.3', directory: { recurse: true, include: '*.yaml' } });
    expect(doc.spec.destination).toEqual({ name: 'edge-eu-1', namespace: 'istio-ingress' });
    expect(doc.spec.syncPolicy).toEqual({ automated: {} });
  });

  test('warns about credentials in Helm values and unknown sync options', () => {
    const chart = setup();
    new Application(chart, 'A', {
      source: ApplicationSource.helm({ repoURL: 'https://charts.example.com', chart: 'x', targetRevision: '1.0.0', values: { db: { password: 'hunter2' } } }),
      syncPolicy: { syncOptions: ['Turbo=true'] },
    });
    synthValid(chart);
    expect(Warnings.collect(chart)).toEqual([
      expect.stringMatching(/^\[test\/A\] values\.db\.password looks like a credential/),
      expect.stringMatching(/^\[test\/A\] syncPolicy\.syncOptions\[0\] "Turbo=true" is not an application-level sync option/),
    ]);
  });

  describe('fails if', () => {
    const cases: Array<[string, () => Partial<ApplicationProps>, string, string | undefined, RegExp]> = [
      ['the destination has both server and name', () => ({ destination: { server: 'https://a.example.com', name: 'a' } }), 'destination', undefined, /either server .* or name/],
      ['the destination server is not a URL', () => ({ destination: { server: 'kubernetes.default.svc' } }), 'destination.server', '"kubernetes.default.svc"', /kubernetes\.default\.svc/],
      ['the destination namespace is invalid', () => ({ destination: { namespace: 'Cert-Manager' } }), 'destination.namespace', '"Cert-Manager"', /valid namespace/],
      ['the destination name is empty', () => ({ destination: { name: '' } }), 'destination.name', '""', /registered in Argo CD/],
      ['the project name is invalid', () => ({ project: 'My Project' }), 'project', '"My Project"', /AppProject/],
      ['a sync option is not Key=Value', () => ({ syncPolicy: { syncOptions: ['CreateNamespace'] } }), 'syncPolicy.syncOptions[0]', '"CreateNamespace"', /CreateNamespace=true/],
      ['a sync option has spaces', () => ({ syncPolicy: { syncOptions: ['CreateNamespace = true'] } }), 'syncPolicy.syncOptions[0]', '"CreateNamespace = true"', /CreateNamespace=true/],
      ['a sync option value is not accepted', () => ({ syncPolicy: { syncOptions: ['CreateNamespace=yes'] } }), 'syncPolicy.syncOptions[0]', '"CreateNamespace=yes"', /CreateNamespace=true/],
      ['a sync option is repeated', () => ({ syncPolicy: { syncOptions: ['PruneLast=true', 'PruneLast=false'] } }), 'syncPolicy.syncOptions[1]', '"PruneLast=false"', /once/],
      ['namespace metadata is set without CreateNamespace=true', () => ({ syncPolicy: { managedNamespaceMetadata: { labels: { a: 'b' } } } }),
        'syncPolicy.managedNamespaceMetadata', '{"labels":{"a":"b"}}', /CreateNamespace=true/],
      ['a retry limit is fractional', () => ({ syncPolicy: { retry: { limit: 1.5 } } }), 'syncPolicy.retry.limit', '1.5', /e\.g\. 5/],
      ['a retry backoff factor is zero', () => ({ syncPolicy: { retry: { backoffFactor: 0 } } }), 'syncPolicy.retry.backoffFactor', '0', /e\.g\. 2/],
      ['a retry backoff is below a second', () => ({ syncPolicy: { retry: { backoffDuration: Duration.millis(500) } } }), 'syncPolicy.retry.backoffDuration', '"500ms"', /Duration\.seconds\(5\)/],
      ['the longest backoff is shorter than the first', () => ({ syncPolicy: { retry: { backoffDuration: Duration.minutes(5), backoffMaxDuration: Duration.minutes(1) } } }),
        'syncPolicy.retry.backoffMaxDuration', '1m0s', /at least backoffDuration/],
      ['an ignoreDifferences entry ignores nothing', () => ({ ignoreDifferences: [{ kind: 'Deployment' }] }), 'ignoreDifferences[0]', '"Deployment"', /fields to ignore/],
      ['a JSON pointer is not a pointer', () => ({ ignoreDifferences: [{ kind: 'Deployment', jsonPointers: ['spec.replicas'] }] }), 'ignoreDifferences[0].jsonPointers[0]', '"spec.replicas"', /\/webhooks\/0/],
      ['a JSON pointer has a bad escape', () => ({ ignoreDifferences: [{ kind: 'Deployment', jsonPointers: ['/metadata/annotations/a~b'] }] }), 'ignoreDifferences[0].jsonPointers[0]', '"/metadata/annotations/a~b"', /webhooks/],
      ['an ignoreDifferences group is invalid', () => ({ ignoreDifferences: [{ group: 'Apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }] }), 'ignoreDifferences[0].group', '"Apps"', /admissionregistration/],
      ['the sync wave is not an integer', () => ({ syncWave: 1.5 }), 'syncWave', '1.5', /-1, 0 or 1/],
      ['the source is not made by ApplicationSource', () => ({ source: { repoURL: 'x' } as any }), 'source', '{"repoURL":"x"}', /ApplicationSource factories/],
    ];
    test.each(cases)('%s', (_name, props, field, value, fix) => {
      const chart = setup();
      expectFailure(() => new Application(chart, 'A', { source: git, ...props() }), { path: 'test/A', field, value, fix });
    });

    const factoryCases: Array<[string, () => unknown, string, string, string | undefined, RegExp]> = [
      ['a Helm chart version is a wildcard', () => ApplicationSource.helm({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: '*' }),
        'ApplicationSource.helm', 'targetRevision', '"*"', /exact chart version/],
      ['a Helm chart version is a range', () => ApplicationSource.helm({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: '^1.21.0' }),
        'ApplicationSource.helm', 'targetRevision', '"^1.21.0"', /exact chart version/],
      ['a Helm chart version is empty', () => ApplicationSource.helm({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: '' }),
        'ApplicationSource.helm', 'targetRevision', '""', /exact chart version/],
      ['a Helm chart name includes the repository', () => ApplicationSource.helm({ repoURL: 'https://charts.jetstack.io', chart: 'jetstack/cert-manager', targetRevision: '1.0.0' }),
        'ApplicationSource.helm', 'chart', '"jetstack/cert-manager"', /repoURL and chart/],
      ['a Helm repoURL is empty', () => ApplicationSource.helm({ repoURL: '', chart: 'cert-manager', targetRevision: '1.0.0' }),
        'ApplicationSource.helm', 'repoURL', '""', /charts\.jetstack\.io/],
      ['a Helm release name is too long', () => ApplicationSource.helm({ repoURL: 'https://c', chart: 'c', targetRevision: '1.0.0', releaseName: 'a'.repeat(54) }),
        'ApplicationSource.helm', 'releaseName', undefined, /e\.g\. "cert-manager"/],
      ['Helm values hold a function', () => ApplicationSource.helm({ repoURL: 'https://c', chart: 'c', targetRevision: '1.0.0', values: { a: () => 1 } as any }),
        'ApplicationSource.helm', 'values.a', '"function"', /plain data/],
      ['Helm values hold undefined', () => ApplicationSource.helm({ repoURL: 'https://c', chart: 'c', targetRevision: '1.0.0', values: { a: undefined } }),
        'ApplicationSource.helm', 'values.a', 'unset', /null to unset/],
      ['a Git repoURL is empty', () => ApplicationSource.git({ repoURL: ' ', path: '.' }), 'ApplicationSource.git', 'repoURL', '" "', /repository URL/],
      ['a Git path is absolute', () => ApplicationSource.git({ repoURL: 'https://g', path: '/dist' }), 'ApplicationSource.git', 'path', '"/dist"', /relative path/],
      ['a Git path leaves the repository', () => ApplicationSource.git({ repoURL: 'https://g', path: 'a/../../b' }), 'ApplicationSource.git', 'path', '"a/../../b"', /relative path/],
      ['a Git directory include is empty', () => ApplicationSource.git({ repoURL: 'https://g', path: '.', directory: { include: '' } }), 'ApplicationSource.git', 'directory.include', '""', /\*\.yaml/],
    ];
    test.each(factoryCases)('%s: reported by the Application receiving the source', (_name, fn, factoryName, field, value, fix) => {
      const source = fn() as ApplicationSource; // the factory's problem travels with its value
      const chart = setup();
      expectFailure(() => new Application(chart, 'A', { source }), { path: 'test/A', field: `source.${field}`, value, problem: `${factoryName}: `, fix });
    });

    test.each(factoryCases)('%s: reported by the ApplicationSet receiving the source', (_name, fn, factoryName, field, value, fix) => {
      const source = fn() as ApplicationSource;
      const chart = setup();
      expectFailure(() => new ApplicationSet(chart, 'S', {
        generators: [ApplicationSetGenerator.clusters()],
        template: { name: '{{.nameNormalized}}-apps', source, destination: { server: '{{.server}}' } },
      }), { path: 'test/S', field: `template.source.${field}`, value, problem: `${factoryName}: `, fix });
    });

    test('two Applications share a name and namespace (synth)', () => {
      const chart = setup();
      new Application(chart, 'A', { metadata: { name: 'platform' }, source: git });
      new Application(chart, 'B', { metadata: { name: 'platform' }, source: git });
      expectSynthFailure(chart, { path: 'test/B', field: 'metadata.name', value: '"platform"', problem: /test\/A/, fix: /own name/ });
    });

    test('a plain Application manifest shares a name with an Application (wire check, any object)', () => {
      const chart = setup();
      new Application(chart, 'A', { metadata: { name: 'platform' }, source: git });
      new ApiObject(chart, 'Plain', {
        apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'platform', namespace: 'argocd' },
        spec: { project: 'default', source: { repoURL: 'https://github.com/example/other.git', path: '.' }, destination: { server: 'https://kubernetes.default.svc' } },
      });
      expectSynthFailure(chart, { path: 'test/Plain', field: 'metadata.name', value: '"platform"', problem: /another Application \(test\/A\)/, fix: /own name/ });
    });

    test('a plain Application manifest installs the same Helm release as an Application (wire check, any object)', () => {
      const chart = setup();
      new Application(chart, 'A', { source: certManagerChart(), destination: { namespace: 'cert-manager' } });
      new ApiObject(chart, 'Plain', {
        apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'cm', namespace: 'argocd' },
        spec: {
          project: 'default',
          source: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: 'v1.21.1', helm: { releaseName: 'cert-manager' } },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'cert-manager' },
        },
      });
      expectSynthFailure(chart, {
        path: 'test/Plain', field: 'spec.source.helm.releaseName', value: '"cert-manager"',
        problem: /another Application \(test\/A\) already installs chart "cert-manager" as this release/, fix: /keep one of the two Applications/,
      });
    });

    test('an ApplicationSet is an object of the model: whole-app checks name it and its props', () => {
      const chart = setup();
      new ApplicationSet(chart, 'S', {
        metadata: { annotations: { 'argocd.argoproj.io/sync-wave': 'soon' } },
        generators: [ApplicationSetGenerator.clusters()],
        template: { name: '{{.nameNormalized}}-apps', source: git, destination: { server: '{{.server}}' } },
      });
      SyncWaves.apply(chart);
      expectSynthFailure(chart, { path: 'test/S', field: 'metadata.annotations["argocd.argoproj.io/sync-wave"]', value: '"soon"', problem: 'ApplicationSet argocd/s', fix: /decimal integer/ });
    });
  });
});
