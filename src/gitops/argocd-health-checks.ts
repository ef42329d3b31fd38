/** Key of the Application health check in `argocd-cm`. */
const APPLICATION_KEY = 'resource.customizations.health.argoproj.io_Application';
/** Key of the Gateway API Gateway health check in `argocd-cm`. */
const GATEWAY_KEY = 'resource.customizations.health.gateway.networking.k8s.io_Gateway';

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
 *   succeeds on retry).
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/health/
 */
export class ArgoCdHealthChecks {
  /** `argocd-cm` key of the Application health check. */
  public static readonly APPLICATION_KEY = APPLICATION_KEY;
  /** `argocd-cm` key of the Gateway API Gateway health check. */
  public static readonly GATEWAY_KEY = GATEWAY_KEY;

  /** The `argocd-cm` data entries (key → Lua script). */
  public static argocdCmData(): { [key: string]: string } {
    return { [APPLICATION_KEY]: APPLICATION_LUA, [GATEWAY_KEY]: GATEWAY_LUA };
  }

  private constructor() {}
}
