import { loadBlueprint } from '../../load';
import { expectPositionals } from '../args';
import { defineCommand } from '../command';
import { EXIT } from '../errors';
import { print, printError } from '../output';

/** The backends' inventories differ. */
const DIFFERENT = 3;

export const command = defineCommand({
  description: [
    'Renders FILE with both backends, the AWS CDK (synth) and Pulumi (its program',
    "run under Pulumi's mocks), reads back from each what the infrastructure",
    'provides (subnets, NAT, load balancer and listeners, services, scaling,',
    'alarms, dashboard, topics, log groups: see docs/PARITY.md), and prints the',
    'differences, one per line. Nothing is printed to stdout when they agree.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'Print {equal, facts, differences, cdk, pulumi} as JSON.' },
  },
  exitCodes: [
    [0, 'both backends render the same infrastructure'],
    [1, 'usage error or internal error'],
    [2, 'FILE is not a valid blueprint (problems on stderr)'],
    [DIFFERENT, 'the backends differ (the differences on stdout)'],
  ],
  examples: ['blueprint parity blueprints/web-app.yaml', 'blueprint parity blueprints/web-app.yaml --json'],
  async run({ values, positionals }) {
    expectPositionals('parity', positionals, 'FILE', { min: 1, max: 1 });
    const loaded = loadBlueprint(positionals[0]);
    const { compareBackends } = require('../../parity') as typeof import('../../parity');
    const result = await compareBackends(loaded);
    const equal = result.differences.length === 0;
    if (values.json) {
      print(JSON.stringify({ equal, facts: result.facts, differences: result.differences, cdk: result.cdk, pulumi: result.pulumi }, null, 2));
    } else {
      if (!equal) print(result.differences.join('\n'));
      printError(`${positionals[0]}: ${equal ? `cdk and pulumi agree on all ${result.facts} facts` : `${result.differences.length} difference${result.differences.length === 1 ? '' : 's'} between cdk and pulumi`}`);
    }
    return equal ? EXIT.ok : DIFFERENT;
  },
});
