import { IgnoreDifference } from './sync-policy';

/**
 * `ignoreDifferences` entries for the drift controllers introduce after install, so that an
 * Application with `selfHeal` does not flap between OutOfSync and Synced (argo-cd#9323,
 * istio#52785). Use them with the sync option `RespectIgnoreDifferences=true`, so a sync does
 * not write the ignored fields back either.
 */
export class RecommendedIgnoreDifferences {
  /**
   * Admission webhook configurations whose `caBundle` is filled in the cluster (by
   * cert-manager's cainjector, or by the webhook itself): cert-manager, trust-manager,
   * istio-csr.
   */
  public static webhookCaBundles(): IgnoreDifference[] {
    return [
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
    ];
  }

  /**
   * istiod's validating webhook: istiod patches its `caBundle` and switches `failurePolicy`
   * to `Fail` once it is ready (istio#52785). For the Application that installs Istio.
   */
  public static istioValidatingWebhook(): IgnoreDifference[] {
    return [
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
      },
    ];
  }

  private constructor() {}
}
