// Plug-in mode: istiod restarted when cert-manager re-issues `cacerts` (not exported from the
// package). istiod reloads a new intermediate by itself, but not a new root: when the cacerts
// `ca.crt` differs from the root it loaded, its cacerts watcher logs "Multi root is disabled,
// updating new ROOT-CA not supported" (or "Updating new ROOT-CA not supported") and keeps the
// old intermediate in memory (istio/istio 1.30.3 pilot/pkg/bootstrap/istio_ca.go, handleEvent).
// A root renewed with its key kept still has new bytes, so the first cacerts re-issued after a
// root renewal is ignored until istiod restarts. A CronJob in the Istio namespace compares the
// Certificate's `status.revision` with the revision istiod's pods were started for (a pod
// template annotation) and patches that annotation — a rolling restart, as `kubectl rollout
// restart` does — when they differ. It reads the Certificate, never the Secret (no access to
// the CA key), and runs in every cluster, whatever Argo CD sees.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { istiodDeploymentName } from './mesh-ca-values';
import { MeshCaSettings } from './mesh-ca-settings';

/** The pod template annotation carrying the cacerts revision istiod was (re)started for. */
export const CACERTS_REVISION_ANNOTATION = 'cdk8s-istio-tls.io/cacerts-revision';
/** Name of the CronJob, its ServiceAccount, Role and RoleBinding. */
export const RESTART_NAME = 'istiod-cacerts-restart';
/** How often the CronJob looks (istiod keeps the replaced intermediate until then). */
export const RESTART_SCHEDULE = '*/10 * * * *';

/**
 * The restart script (POSIX sh and curl: both are in the istiod image's default variant, an
 * Ubuntu base — istio/istio 1.30.3 pilot/docker/Dockerfile.pilot, docker/Dockerfile.base).
 * `SERVICE_ACCOUNT_DIR` defaults to where Kubernetes mounts the pod's token.
 */
export function restartScript(namespace: string, certificate: string, deployment: string): string {
  const certUrl = `$api/apis/cert-manager.io/v1/namespaces/${namespace}/certificates/${certificate}`;
  const depUrl = `$api/apis/apps/v1/namespaces/${namespace}/deployments/${deployment}`;
  const patch = `{"spec":{"template":{"metadata":{"annotations":{"${CACERTS_REVISION_ANNOTATION}":"'"$rev"'"}}}}}`;
  return [
    'set -eu',
    'sa="${SERVICE_ACCOUNT_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}"',
    'api=https://kubernetes.default.svc',
    'call() { curl -sS --cacert "$sa/ca.crt" --oauth2-bearer "$(cat "$sa/token")" -w \'\\n%{http_code}\' "$@"; }',
    'status() { printf \'%s\\n\' "$1" | tail -n 1; }',
    'body() { printf \'%s\\n\' "$1" | sed \'$d\' | tr -d \' \\n\'; }',
    `out=$(call "${certUrl}")`,
    `[ "$(status "$out")" = 200 ] || { echo "reading Certificate ${namespace}/${certificate}: HTTP $(status "$out")"; exit 1; }`,
    'rev=$(body "$out" | sed -n \'s/.*"revision":\\([0-9][0-9]*\\).*/\\1/p\')',
    `[ -n "$rev" ] || { echo "Certificate ${namespace}/${certificate} not issued yet"; exit 0; }`,
    `out=$(call "${depUrl}")`,
    `[ "$(status "$out")" != 404 ] || { echo "no Deployment ${namespace}/${deployment} yet"; exit 0; }`,
    `[ "$(status "$out")" = 200 ] || { echo "reading Deployment ${namespace}/${deployment}: HTTP $(status "$out")"; exit 1; }`,
    `cur=$(body "$out" | sed -n 's|.*"${CACERTS_REVISION_ANNOTATION}":"\\([0-9]*\\)".*|\\1|p')`,
    `[ "$cur" != "$rev" ] || { echo "istiod runs ${certificate} revision $rev"; exit 0; }`,
    `echo "${certificate} is at revision $rev, istiod was started for \${cur:-an earlier one}: restarting ${deployment}"`,
    `out=$(call -X PATCH -H 'Content-Type: application/strategic-merge-patch+json' --data '${patch}' "${depUrl}")`,
    `[ "$(status "$out")" = 200 ] || { echo "patching Deployment ${namespace}/${deployment}: HTTP $(status "$out")"; exit 1; }`,
  ].join('\n');
}

/** The CronJob restarting istiod after a cacerts re-issue, with its ServiceAccount and least-privilege Role. */
export function createIstiodRestart(scope: Construct, s: MeshCaSettings): ApiObject {
  const namespace = s.istioNamespace;
  const deployment = istiodDeploymentName(s.istioRevisions);
  const metadata = { name: RESTART_NAME, namespace };
  new ApiObject(scope, 'IstiodRestartServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true });
  new ApiObject(scope, 'IstiodRestartRole', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata,
    rules: [
      { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: [s.intermediateName], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: [deployment], verbs: ['get', 'patch'] },
    ],
  });
  new ApiObject(scope, 'IstiodRestartRoleBinding', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: RESTART_NAME },
    subjects: [{ kind: 'ServiceAccount', name: RESTART_NAME, namespace }],
  });
  return new ApiObject(scope, 'IstiodRestart', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata,
    spec: {
      schedule: RESTART_SCHEDULE,
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          template: {
            metadata: { annotations: { 'sidecar.istio.io/inject': 'false' } },
            spec: {
              serviceAccountName: RESTART_NAME,
              restartPolicy: 'Never',
              securityContext: { runAsNonRoot: true, runAsUser: 1337, runAsGroup: 1337, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [{
                name: 'restart-istiod',
                image: s.istiodImage,
                command: ['sh', '-c', restartScript(namespace, s.intermediateName, deployment)],
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
              }],
            },
          },
        },
      },
    },
  });
}
