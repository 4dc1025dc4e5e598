import { HIPAASecurityChecks, PCIDSS321Checks, NIST80053R5Checks } from 'cdk-nag';
import { buildStack } from '../src/cdk/synth';
import { loadBlueprint } from '../src/load';
const file = process.argv[2];
for (const Pack of [HIPAASecurityChecks, PCIDSS321Checks, NIST80053R5Checks]) {
  const built = buildStack(loadBlueprint(file), { rulePacks: false });
  const report = new Pack(built.app).validateScope(built.app);
  const counts = new Map<string, string[]>();
  for (const v of report.violations) for (const r of v.violatingResources) { const k = v.ruleName; counts.set(k, [...(counts.get(k) ?? []), r.constructPath ?? '?']); }
  console.log('==', Pack.name, report.violations.length);
  for (const [k, v] of [...counts].sort()) console.log(k, v.length, v.slice(0, 4).map(p => p.split('/').slice(1).join('/')).join(' | '));
}
