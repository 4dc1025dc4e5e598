import type { CommandDef, CommandEntry } from '../command';

/*
 * The commands, in the order help lists them. Each module is required only
 * when its command runs (or shows its help), so that `blueprint validate`
 * never loads the renderers (aws-cdk-lib takes seconds to load).
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'validate',
    synopsis: 'validate FILE...',
    summary: 'Check blueprints, report every problem',
    load: () => (require('./validate') as { command: CommandDef }).command,
  },
  {
    name: 'plan',
    synopsis: 'plan FILE [--json]',
    summary: 'Show the design decisions and why',
    load: () => (require('./plan') as { command: CommandDef }).command,
  },
  {
    name: 'synth',
    synopsis: 'synth FILE [-o DIR] [--target T]',
    summary: 'Render a CDK template or Pulumi graph',
    load: () => (require('./synth') as { command: CommandDef }).command,
  },
  {
    name: 'cost',
    synopsis: 'cost FILE|--template T [--json]',
    summary: 'Estimate the monthly cost, offline',
    load: () => (require('./cost') as { command: CommandDef }).command,
  },
  {
    name: 'prices',
    synopsis: 'prices refresh --region R [FILE...]',
    summary: 'Rebuild a price snapshot from AWS',
    load: () => (require('./prices') as { command: CommandDef }).command,
  },
  {
    name: 'parity',
    synopsis: 'parity FILE [--json]',
    summary: 'Check that CDK and Pulumi agree',
    load: () => (require('./parity') as { command: CommandDef }).command,
  },
  {
    name: 'openapi',
    synopsis: 'openapi FILE [--api NAME] [-o FILE]',
    summary: 'Print the OpenAPI document of an API',
    load: () => (require('./openapi') as { command: CommandDef }).command,
  },
  {
    name: 'schema',
    synopsis: 'schema [-o FILE]',
    summary: 'Print the JSON Schema, for editors',
    load: () => (require('./schema') as { command: CommandDef }).command,
  },
  {
    name: 'init',
    synopsis: 'init NAME --from FILE [-o PATH]',
    summary: 'Start a blueprint that extends another',
    load: () => (require('./init') as { command: CommandDef }).command,
  },
];
