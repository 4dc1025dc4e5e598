// Generates a blueprint with N public container services sharing the load balancer,
// for the benchmark and the resource-limit test. Deterministic: same N, same text.
'use strict';

function generateBlueprint(n, name = `bench-${n}`) {
  const lines = [
    'blueprint: 1',
    `name: ${name}`,
    'requirements:',
    '  availability: 99.95',
    '  peak_rps: 2000',
    '  latency_p99_ms: 300',
    'security:',
    '  tls: { domain: bench.example.com }',
    'observability:',
    '  alarms: { notify: [ops@example.com] }',
    'services:',
  ];
  for (let i = 1; i <= n; i++) {
    const key = `svc-${String(i).padStart(3, '0')}`;
    lines.push(
      `  ${key}:`,
      '    image: public.ecr.aws/nginx/nginx:1.27',
      '    public: true',
      `    path: /${key}/*`,
      '    cpu: 512',
      '    memory: 1024',
      '    capacity_rps_per_task: 100',
    );
  }
  return lines.join('\n') + '\n';
}

module.exports = { generateBlueprint };
