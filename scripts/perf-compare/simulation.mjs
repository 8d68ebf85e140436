// iamsim's scenario format (docs/scenario.md) to @cloud-copilot/iam-simulate's
// Simulation, for the comparisons of compare.mjs and batches.mjs.

/** iamsim's scenario format to iam-simulate's Simulation. */
export function toSimulation(scenario) {
  const { request } = scenario
  // A document given as text is parsed: iam-simulate takes objects.
  const named = (p) => ({ name: p.name, policy: typeof p.document === 'string' ? parseOr(p.document) : p.document })
  const levels = (ls) => (ls ?? []).map((l) => ({ orgIdentifier: l.name, policies: l.policies.map(named) }))
  return {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: request.context ?? {},
    },
    identityPolicies: (scenario.identityPolicies ?? []).map(named),
    serviceControlPolicies: levels(scenario.serviceControlPolicies),
    resourceControlPolicies: levels(scenario.resourceControlPolicies),
    resourcePolicy: scenario.resourcePolicy && named(scenario.resourcePolicy).policy,
    permissionBoundaryPolicies: scenario.permissionsBoundary ? [named(scenario.permissionsBoundary)] : undefined,
  }
}

/** A policy's text parsed, or the text itself when it is not JSON. */
function parseOr(text) {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
