/*
 * The `blueprint` command line, run as users run it: the compiled CLI
 * (bin/blueprint.js -> dist/cli/main.js) in a child process. Build first:
 *   npm run build && npx jest synth-tests/cli.test.ts
 * synth is not covered here: the CDK renderer has its own tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { design } from '../src/design';
import { loadBlueprint } from '../src/load';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'blueprint.js');
const WEB_APP = path.join(ROOT, 'blueprints', 'web-app.yaml');
const STARTER = path.join(ROOT, 'blueprints', 'starter.yaml');
const SCHEMA_FILE = path.join(ROOT, 'schema', 'blueprint.schema.json');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function blueprint(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, BLUEPRINT_DEBUG: '', ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Node's stack-trace lines ("    at fn (file:1:2)"): never shown for a user's mistake. */
const STACK = /^\s+at .+[:(]/m;

let tmp: string;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` first');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'blueprint-cli-'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('validate', () => {
  test('both reference blueprints are ok', () => {
    const r = blueprint(['validate', 'blueprints/starter.yaml', 'blueprints/web-app.yaml']);
    expect(r).toEqual({ status: 0, stdout: 'blueprints/starter.yaml: ok\nblueprints/web-app.yaml: ok\n', stderr: '' });
  });

  test('a broken blueprint: every problem as file:line:col, exit 2, no stack trace', () => {
    const file = path.join(tmp, 'broken.yaml');
    writeFileSync(file, ['blueprint: 1', 'name: broken', 'services:', '  web:', '    image: nginx', '    port: 0', '    pubic: true', ''].join('\n'));
    const r = blueprint(['validate', 'blueprints/starter.yaml', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('blueprints/starter.yaml: ok\n');
    const lines = r.stderr.split('\n');
    expect(lines).toContain(`${file}:6:11  services.web.port: must be at least 1 (got 0)`);
    expect(lines).toContain(`${file}:7:5  services.web.pubic: unknown key (did you mean "public"?)`);
    expect(lines).toContain(`${file}: 2 problems`);
    expect(r.stderr).not.toMatch(STACK);
  });

  test('a missing file is a problem of that file (exit 2), not a crash', () => {
    const r = blueprint(['validate', 'no-such-blueprint.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no-such-blueprint.yaml:1:1  cannot read the file: no such file');
    expect(r.stderr).not.toMatch(STACK);
  });

  test('no FILE is a usage error', () => {
    const r = blueprint(['validate']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('blueprint validate: missing FILE');
  });

  test('never loads aws-cdk-lib (it takes seconds)', () => {
    const script = [
      `process.chdir(${JSON.stringify(ROOT)});`,
      `require(${JSON.stringify(path.join(ROOT, 'dist', 'cli', 'main.js'))}).run(['validate', 'blueprints/web-app.yaml']);`,
      `const cdk = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](aws-cdk-lib|constructs)[\\\\/]/.test(k));`,
      `process.stderr.write('cdk modules: ' + cdk.length + '\\n');`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('cdk modules: 0\n');
  });
});

describe('plan', () => {
  const expected = design(loadBlueprint(WEB_APP).blueprint);

  test('a table of every decision, grouped by concern, nothing truncated', () => {
    const r = blueprint(['plan', 'blueprints/web-app.yaml']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`web-app in us-east-1: ${expected.decisions.length} decisions`);
    expect(lines.find((l) => l.trim().startsWith('SUBJECT'))).toMatch(/^\s+SUBJECT\s+DECISION\s+VALUE\s+SOURCE\s+RATIONALE$/);
    for (const concern of new Set(expected.decisions.map((d) => d.concern))) expect(lines).toContain(concern);

    // The AZ decision and its rationale, in full.
    const azs = expected.decisions.find((d) => d.subject === 'network' && d.name === 'azs')!;
    expect(azs.rationale).toMatch(/AZ/);
    const azLine = lines.find((l) => /^\s+network\s+azs\s/.test(l));
    expect(azLine).toBeDefined();
    expect(azLine!.split(/\s{2,}/).filter(Boolean)).toEqual(['network', 'azs', String(azs.value), azs.source, azs.rationale]);

    // Every decision has its row, with its whole rationale, under its concern.
    for (const d of expected.decisions) {
      const row = lines.find((l) => l.split(/\s{2,}/).filter(Boolean).join('|') === [d.subject, d.name, String(d.value), d.source, d.rationale].join('|'));
      expect(row).toBeDefined();
      const heading = lines.slice(0, lines.indexOf(row!)).reverse().find((l) => /^\S/.test(l));
      expect(heading).toBe(d.concern);
    }
  });

  test('--json: {name, region, decisions, recommendations, acknowledgements, savings}', () => {
    const r = blueprint(['plan', 'blueprints/web-app.yaml', '--json']);
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Object.keys(plan)).toEqual(['name', 'region', 'decisions', 'recommendations', 'acknowledgements', 'savings']);
    expect(plan.name).toBe('web-app');
    expect(plan.region).toBe('us-east-1');
    expect(plan.decisions).toEqual(expected.decisions);
    for (const d of plan.decisions) expect(Object.keys(d).sort()).toEqual(['concern', 'name', 'rationale', 'source', 'subject', 'value']);
  });

  test('the same blueprint gives the same bytes', () => {
    expect(blueprint(['plan', 'blueprints/starter.yaml']).stdout).toBe(blueprint(['plan', 'blueprints/starter.yaml']).stdout);
  });

  test('an invalid blueprint: its problems, exit 2', () => {
    const file = path.join(tmp, 'bad-plan.yaml');
    writeFileSync(file, 'blueprint: 1\nname: Bad\nservices: {}\n');
    const r = blueprint(['plan', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:2:7  name: `, 'm'));
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('synth and parity', () => {
  test('synth --target cdk (the default) writes the CloudFormation template', () => {
    const r = blueprint(['synth', STARTER, '-o', path.join(tmp, 'cdk')]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(tmp, 'cdk', 'starter.template.json'));
    const template = JSON.parse(readFileSync(r.stdout.trim(), 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).some((x) => x.Type === 'AWS::ECS::Service')).toBe(true);
  });

  test('synth -o writes the disaster-recovery and standby templates next to the primary one; stdout gets the primary only', () => {
    const threeTier = path.join(ROOT, 'blueprints', 'three-tier.yaml');
    const r = blueprint(['synth', threeTier, '-o', path.join(tmp, 'cdk-standby')]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['three-tier', 'three-tier-dr', 'three-tier-standby'].map((n) => path.join(tmp, 'cdk-standby', `${n}.template.json`)));
    const standby = JSON.parse(readFileSync(path.join(tmp, 'cdk-standby', 'three-tier-standby.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(standby.Resources).some((x) => x.Type === 'AWS::ECS::Service')).toBe(true);
    const printed = blueprint(['synth', threeTier]);
    expect(printed.status).toBe(0);
    expect(printed.stderr).toContain('note: the standby stack three-tier-standby.template.json (us-west-2) is not printed; write every stack with -o DIR');
  });

  test('synth --target pulumi writes the resource graph of a mock run, and prints it without -o', () => {
    const r = blueprint(['synth', STARTER, '--target', 'pulumi', '-o', path.join(tmp, 'pulumi')]);
    expect(r.status).toBe(0);
    const file = path.join(tmp, 'pulumi', 'starter.pulumi.json');
    expect(r.stdout.trim()).toBe(file);
    const graph = JSON.parse(readFileSync(file, 'utf8')) as { type: string; name: string; parent: string | null }[];
    expect(graph.find((x) => x.type === 'aws:ecs/service:Service')).toMatchObject({ name: 'starter-svc-web-service', parent: 'blueprint:index:Compute::starter' });
    expect(blueprint(['synth', STARTER, '--target', 'pulumi']).stdout).toBe(readFileSync(file, 'utf8'));
  });

  test('synth --validate is for CloudFormation only; an unknown target gets a suggestion', () => {
    const r = blueprint(['synth', STARTER, '--target', 'pulumi', '--validate']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--validate checks a CloudFormation template: it applies to --target cdk only');
    expect(blueprint(['synth', STARTER, '--target', 'pulumy']).stderr).toContain('unknown --target "pulumy" (did you mean "pulumi"?)');
  });

  test('parity prints nothing on stdout and exits 0 when the backends agree', () => {
    const r = blueprint(['parity', STARTER]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^.*starter\.yaml: cdk and pulumi agree on all \d+ facts\n$/);
  });

  test('parity --json holds both inventories', () => {
    const r = blueprint(['parity', STARTER, '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as { equal: boolean; differences: string[]; cdk: unknown; pulumi: unknown };
    expect(json.equal).toBe(true);
    expect(json.differences).toEqual([]);
    expect(json.cdk).toEqual(json.pulumi);
  });

  test('parity of a broken blueprint exits 2 with the messages', () => {
    const r = blueprint(['parity', path.join(ROOT, 'synth-tests', 'bad-input', 'missing-image.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('services.web.image: required');
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('schema', () => {
  test('prints exactly the committed schema/blueprint.schema.json (regenerate: blueprint schema -o schema/blueprint.schema.json)', () => {
    const r = blueprint(['schema']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(r.stdout).toContain('\n  "properties": {\n');
  });

  test('-o FILE writes the same text and prints the path', () => {
    const out = path.join(tmp, 'schema-out', 'blueprint.schema.json');
    const r = blueprint(['schema', '-o', out]);
    expect(r).toEqual({ status: 0, stdout: `${out}\n`, stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

describe('init', () => {
  test('writes NAME.yaml that extends FILE and validates; refuses to overwrite it', () => {
    const cwd = mkdtempSync(path.join(tmp, 'init-'));
    const r = blueprint(['init', 'staging', '--from', WEB_APP], { cwd });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('staging.yaml\n');
    const file = path.join(cwd, 'staging.yaml');
    const text = readFileSync(file, 'utf8');

    const lines = text.split('\n');
    const schemaRef = /^# yaml-language-server: \$schema=(.+)$/.exec(lines[0]);
    expect(schemaRef).not.toBeNull();
    expect(path.resolve(cwd, schemaRef![1])).toBe(SCHEMA_FILE);
    expect(lines).toContain('blueprint: 1');
    expect(lines).toContain('name: staging');
    const extendsLine = lines.find((l) => l.startsWith('extends: '))!;
    expect(path.isAbsolute(extendsLine.slice('extends: '.length))).toBe(false);
    expect(path.resolve(cwd, extendsLine.slice('extends: '.length))).toBe(WEB_APP);
    // Commented hints of what to override, with the base's services.
    expect(text).toMatch(/^# requirements:$/m);
    expect(text).toMatch(/^# services:$/m);
    expect(text).toMatch(/^#   api:$/m);

    const loaded = loadBlueprint(file);
    expect(loaded.blueprint.name).toBe('staging');
    expect(loaded.blueprint.services).toEqual(loadBlueprint(WEB_APP).blueprint.services);
    expect(blueprint(['validate', 'staging.yaml'], { cwd })).toEqual({ status: 0, stdout: 'staging.yaml: ok\n', stderr: '' });

    const again = blueprint(['init', 'staging', '--from', WEB_APP], { cwd });
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('blueprint init: staging.yaml already exists; not overwriting it');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('-o PATH: a folder (created) or a .yaml file; paths stay relative to the new file', () => {
    const cwd = mkdtempSync(path.join(tmp, 'init-o-'));
    const inFolder = blueprint(['init', 'dev', '--from', STARTER, '-o', 'envs'], { cwd });
    expect(inFolder.status).toBe(0);
    expect(inFolder.stdout).toBe(`${path.join('envs', 'dev.yaml')}\n`);
    const asFile = blueprint(['init', 'dev2', '--from', path.join('envs', 'dev.yaml'), '-o', path.join('a', 'b', 'second.yml')], { cwd });
    expect(asFile.status).toBe(0);
    const second = path.join(cwd, 'a', 'b', 'second.yml');
    expect(readFileSync(second, 'utf8')).toMatch(/^extends: \.\.\/\.\.\/envs\/dev\.yaml$/m);
    expect(loadBlueprint(second).chain).toHaveLength(3);
  });

  test('a bad NAME: a clear message, exit 1, nothing written', () => {
    const cwd = mkdtempSync(path.join(tmp, 'init-name-'));
    const r = blueprint(['init', 'Web_App', '--from', WEB_APP], { cwd });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'blueprint init: invalid NAME "Web_App": must be 2-32 lowercase letters, digits or dashes, starting with a letter (try "web-app")',
    );
    expect(existsSync(path.join(cwd, 'Web_App.yaml'))).toBe(false);
  });

  test('--from must be a valid blueprint (exit 2) and is required (exit 1)', () => {
    const cwd = mkdtempSync(path.join(tmp, 'init-from-'));
    writeFileSync(path.join(cwd, 'base.yaml'), 'blueprint: 1\nname: base\nservices: { web: { image: x, port: 0 } }\n');
    const bad = blueprint(['init', 'fork', '--from', 'base.yaml'], { cwd });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('base.yaml:3:36  services.web.port: must be at least 1 (got 0)');
    expect(existsSync(path.join(cwd, 'fork.yaml'))).toBe(false);

    const missing = blueprint(['init', 'fork'], { cwd });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('blueprint init: missing --from FILE');
  });
});

describe('help, version and mistakes', () => {
  const options: Record<string, string[]> = {
    validate: [],
    plan: ['--json'],
    synth: ['-o, --out DIR', '--target TARGET'],
    schema: ['-o, --out FILE'],
    init: ['--from FILE', '-o, --out PATH'],
  };

  test.each(Object.keys(options))('%s: --help, -h and `help COMMAND` print its usage', (command) => {
    const r = blueprint([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: blueprint ${command}\\b`));
    for (const option of [...options[command], '-h, --help']) expect(r.stdout).toContain(option);
    expect(r.stdout).toMatch(/^Exit codes:\n {2}0 {2}\S/m);
    expect(r.stdout).toMatch(/^ {2}1 {2}\S/m);
    expect(blueprint([command, '-h']).stdout).toBe(r.stdout);
    expect(blueprint(['help', command]).stdout).toBe(r.stdout);
    // --help wins over other mistakes on the same line.
    expect(blueprint([command, '--no-such-option', '--help']).stdout).toBe(r.stdout);
  });

  test('synth --help lists --validate (the WASM template validation, off by default)', () => {
    const r = blueprint(['synth', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {6}--validate {2,}\S/m);
  });

  test('--help lists every command, the options and the exit codes', () => {
    const r = blueprint(['--help']);
    expect(r.status).toBe(0);
    for (const command of [...Object.keys(options), 'help']) expect(r.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    expect(r.stdout).toContain('--version');
    expect(r.stdout).toMatch(/^ {2}2 {2}invalid blueprint/m);
    expect(blueprint(['help']).stdout).toBe(r.stdout);
    expect(blueprint(['-h']).stdout).toBe(r.stdout);
  });

  test('no command: the usage on stderr, exit 1', () => {
    const r = blueprint([]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: blueprint /);
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(blueprint(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('an unknown command names it and suggests the closest', () => {
    const r = blueprint(['valdate', 'blueprints/web-app.yaml']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('blueprint: unknown command "valdate" (did you mean "validate"?)\nRun "blueprint --help" for usage.\n');
    expect(blueprint(['help', 'pln']).stderr).toContain('unknown command "pln" (did you mean "plan"?)');
  });

  test('an unknown option names it and suggests the closest', () => {
    const r = blueprint(['plan', 'blueprints/web-app.yaml', '--jsno']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('blueprint plan: unknown option --jsno (did you mean --json?)\nRun "blueprint plan --help" for usage.\n');
    expect(blueprint(['--verison']).stderr).toContain('unknown option --verison (did you mean --version?)');
    expect(blueprint(['schema', '-o']).stderr).toContain('blueprint schema: option -o needs a value: -o FILE');
    expect(blueprint(['plan', 'a.yaml', 'b.yaml']).stderr).toContain('blueprint plan: too many arguments: b.yaml (expected one FILE)');
  });

  test('an internal error: exit 1, a short message; the stack only with BLUEPRINT_DEBUG=1', () => {
    // A bug, simulated: design() throws a plain Error.
    const script = [
      `process.chdir(${JSON.stringify(ROOT)});`,
      `require(${JSON.stringify(path.join(ROOT, 'dist', 'design'))}).design = () => { throw new Error('boom'); };`,
      `require(${JSON.stringify(path.join(ROOT, 'dist', 'cli', 'main.js'))}).main(['plan', 'blueprints/starter.yaml']);`,
    ].join('\n');
    const run = (debug: string) => spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, BLUEPRINT_DEBUG: debug } });

    const quiet = run('');
    expect(quiet.status).toBe(1);
    expect(quiet.stderr).toContain('blueprint plan: internal error: boom');
    expect(quiet.stderr).not.toMatch(STACK);

    const debug = run('1');
    expect(debug.status).toBe(1);
    expect(debug.stderr).toContain('blueprint plan: internal error: boom');
    expect(debug.stderr).toMatch(STACK);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
