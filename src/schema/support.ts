/*
 * Keys the format accepts but no renderer emits yet. Writing one is an error
 * at its line, never a silent no-op. Remove an entry in the same change that
 * renders it (the schema test checks every entry is a real schema path).
 */
export interface Unsupported {
  /** Dotted path; `*` matches any one key (e.g. a service name). */
  path: string;
  /** When set, only these values are unsupported (the key itself is fine). */
  values?: readonly unknown[];
  /** What is missing, said to the user. */
  reason: string;
}

export const UNSUPPORTED: readonly Unsupported[] = [
  { path: 'requirements.compliance', values: ['soc2'], reason: 'SOC 2 has no cdk-nag rule pack yet; hipaa, pci-dss and nist-800-53 are rendered' },
  { path: 'architecture.style', values: ['serverless'], reason: 'style: serverless is not rendered yet; write kind: function on the services that are functions (with microservices or modular-monolith)' },
  { path: 'resilience.dr', values: ['multi-site'], reason: 'multi-site (active-active) is not rendered yet; backup-restore, pilot-light and warm-standby are' },
  { path: 'observability.tracing', reason: 'tracing (X-Ray) is not rendered yet' },
  { path: 'deployment.strategy', reason: 'blue-green and canary deployments are not rendered yet (ECS rolling with circuit breaker is the default)' },
  { path: 'deployment.environments', reason: 'per-environment overrides are not rendered yet; fork with extends instead' },
  { path: 'deployment.pipeline', reason: 'delivery pipelines are not rendered yet' },
  { path: 'testing', reason: 'canaries and load tests are not rendered yet' },
];
