/** Key of the Application health check in `argocd-cm`. */
const APPLICATION_KEY = 'resource.customizations.health.argoproj.io_Application';
/** Key of the Gateway API Gateway health check in `argocd-cm`. */
const GATEWAY_KEY = 'resource.customizations.health.gateway.networking.k8s.io_Gateway';
/** Key of the trust-manager Bundle health check in `argocd-cm`. */
const BUNDLE_KEY = 'resource.customizations.health.trust.cert-manager.io_Bundle';

// Health of a child Application = its own health status (Argo CD removed the built-in check in
// 1.8; without it an app-of-apps does not wait for the Applications of earlier waves).
const APPLICATION_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

// Gateway API Gateway: the built-in check's rules, except that a listener (or the Gateway)
// whose certificate Secret does not exist yet (ResolvedRefs=False, reason
// InvalidCertificateRef) is Progressing instead of Degraded: cert-manager is about to write
// the Secret, and a Degraded resource would fail the sync of its wave.
const GATEWAY_LUA = `local hs = {}
local function failed(conditions, kind)
  for _, c in ipairs(conditions or {}) do
    if c.type == kind and c.status == "False" then
      return c
    end
  end
  return nil
end
local function programming(conditions)
  for _, c in ipairs(conditions or {}) do
    if c.type == "Programmed" and c.status ~= "True" then
      return c
    end
  end
  return nil
end
local function judge(conditions, prefix)
  local refs = failed(conditions, "ResolvedRefs")
  if refs ~= nil then
    if refs.reason == "InvalidCertificateRef" then
      return "Progressing", prefix .. "waiting for the certificate Secret: " .. (refs.message or "")
    end
    return "Degraded", prefix .. (refs.message or "ResolvedRefs is False")
  end
  local accepted = failed(conditions, "Accepted")
  if accepted ~= nil then
    return "Degraded", prefix .. (accepted.message or "Accepted is False")
  end
  local p = programming(conditions)
  if p ~= nil then
    return "Progressing", prefix .. (p.message or "not programmed yet")
  end
  return nil, nil
end
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for Gateway status"
  return hs
end
local status, message = judge(obj.status.conditions, "")
if status == nil then
  for _, l in ipairs(obj.status.listeners or {}) do
    status, message = judge(l.conditions, "Listener " .. (l.name or "") .. ": ")
    if status ~= nil then
      break
    end
  end
end
if status ~= nil then
  hs.status = status
  hs.message = message
  return hs
end
if obj.status.conditions ~= nil or (obj.status.listeners ~= nil and #obj.status.listeners > 0) then
  hs.status = "Healthy"
  hs.message = "Gateway is healthy"
  return hs
end
hs.status = "Progressing"
hs.message = "Waiting for Gateway status"
return hs
`;

// trust-manager Bundle: Argo CD has no built-in check (no resource_customizations/
// trust.cert-manager.io in v3.5.1), so a Bundle is Healthy as soon as it is applied. trust-manager
// (v0.24.0 pkg/bundle/bundle.go) reports one condition, Synced: True once every target is
// written, False with a reason (SourceNotFound, SourceBuildError, SecretTargetsDisabled,
// Sync<Kind>TargetFailed) otherwise, with the generation it judged. Until it has judged the
// current spec the Bundle is Progressing; Synced=False is Degraded, like Argo CD's cert-manager
// checks treat Ready=False.
const BUNDLE_LUA = `local hs = {}
local generation = obj.metadata and obj.metadata.generation
for _, c in ipairs((obj.status and obj.status.conditions) or {}) do
  if c.type == "Synced" then
    if generation ~= nil and c.observedGeneration ~= nil and c.observedGeneration < generation then
      hs.status = "Progressing"
      hs.message = "Waiting for trust-manager to sync the current spec"
      return hs
    end
    if c.status == "True" then
      hs.status = "Healthy"
      hs.message = c.message or "Synced"
      return hs
    end
    if c.status == "False" then
      hs.status = "Degraded"
      hs.message = (c.reason or "SyncFailed") .. ": " .. (c.message or "")
      return hs
    end
  end
end
hs.status = "Progressing"
hs.message = "Waiting for trust-manager to sync the Bundle"
return hs
`;

/**
 * Resource health checks Argo CD needs for the output of this library, as `argocd-cm` data
 * entries (add them to your Argo CD installation, e.g. the argo-cd Helm chart's
 * `configs.cm`):
 *
 * - `argoproj.io_Application`: the health of child Applications, without which an
 *   app-of-apps does not wait for the Applications of earlier sync waves (the built-in check
 *   was removed in Argo CD 1.8);
 * - `gateway.networking.k8s.io_Gateway`: Argo CD's Gateway check, except that a listener
 *   whose certificate Secret cert-manager has not written yet is Progressing, not Degraded.
 *   Without it, a Gateway API Gateway that serves a certificate it also routes the HTTP-01
 *   challenge for can fail its sync wave until the certificate is issued (the sync then
 *   succeeds on retry);
 * - `trust.cert-manager.io_Bundle`: Healthy once trust-manager has written the Bundle's targets
 *   (condition `Synced`), Degraded when it cannot (a missing source Secret). Argo CD has none
 *   built in, so without it a Bundle is Healthy as soon as it is applied, and what is ordered
 *   after Bundles does not wait for their targets: the istio-csr Application of a `MeshCa`
 *   (its sync wave follows the trust Bundle's, whose ConfigMap its pods mount) and the
 *   Applications of later waves than a folder holding Bundles.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/health/
 */
export class ArgoCdHealthChecks {
  /** `argocd-cm` key of the Application health check. */
  public static readonly APPLICATION_KEY = APPLICATION_KEY;
  /** `argocd-cm` key of the Gateway API Gateway health check. */
  public static readonly GATEWAY_KEY = GATEWAY_KEY;
  /** `argocd-cm` key of the trust-manager Bundle health check. */
  public static readonly BUNDLE_KEY = BUNDLE_KEY;

  /** The `argocd-cm` data entries (key → Lua script). */
  public static argocdCmData(): { [key: string]: string } {
    return { [APPLICATION_KEY]: APPLICATION_LUA, [GATEWAY_KEY]: GATEWAY_LUA, [BUNDLE_KEY]: BUNDLE_LUA };
  }

  private constructor() {}
}
