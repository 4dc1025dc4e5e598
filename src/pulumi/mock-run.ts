// First: it must be in place before the SDK loads.
import './defer-closure-deps';
import * as pulumi from '@pulumi/pulumi';
import type { Design } from '../design';
import { GET_CALLER_IDENTITY, GET_PARTITION, mockCallerIdentity, mockId, mockNestedOutputs, mockOutputs, mockPartition } from './mock-values';
import { renderDesign } from './program';
import { PRIMARY_PROVIDER } from './providers';
import { byText } from '../text';

/** One resource the program registered, as the Pulumi engine would receive it. */
export interface RegisteredResource {
  type: string;
  name: string;
  /** The parent component as "type::name", or null at the top. */
  parent: string | null;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** Present (true) only when the resource outlives `pulumi destroy` and replacement (retainOnDelete). */
  retainOnDelete?: true;
  /** The name of its provider, present only when that is not the primary region's ("aws"): e.g. the secondary region's. */
  provider?: string;
  /** Input paths `pulumi up` leaves as they are in the state (ignoreChanges), present only when there are any. */
  ignoreChanges?: string[];
}

/**
 * Runs the Pulumi program for a design under Pulumi's own mocks (no CLI, no
 * cloud) and returns every registered resource, sorted by type and name.
 * Outputs the engine would compute (ids, ARNs, names) are derived from the
 * logical name, so every run gives the same graph.
 */
export async function runUnderMocks(design: Design, options: { project?: string; stack?: string } = {}): Promise<RegisteredResource[]> {
  const records: RegisteredResource[] = [];
  const parents = new Map<string, string | null>();
  const retained = new Set<string>();
  const ignored = new Map<string, string[]>();
  // Each AWS provider's region, by name: a resource's computed values (ARNs, endpoints) are in its provider's region.
  const regions = new Map<string, string>();
  const regionOf = (provider: string | undefined) => {
    const name = providerOf(provider).provider;
    return name === undefined ? design.region : (regions.get(name) ?? design.region);
  };
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const key = `${args.type}::${args.name}`;
        if (args.type === AWS_PROVIDER && typeof args.inputs.region === 'string') regions.set(args.name, args.inputs.region);
        records.push({
          type: args.type,
          name: args.name,
          parent: parents.get(key) ?? null,
          custom: args.custom ?? true,
          inputs: args.inputs,
          ...(retained.has(key) ? { retainOnDelete: true as const } : {}),
          ...(ignored.has(key) ? { ignoreChanges: ignored.get(key) } : {}),
          ...providerOf(args.provider),
        });
        if (args.custom === false) return { id: undefined, state: {} };
        return { id: mockId(args.name), state: { ...mockOutputs(args.type, args.name, regionOf(args.provider), args.inputs), ...args.inputs, ...mockNestedOutputs(args.type, args.name, regionOf(args.provider), args.inputs) } };
      },
      call(args) {
        // The data sources the program reads: the account (whose ID ends each replica bucket's name), the
        // partition (ARNs and endpoints), an AWS-managed key by its alias (in the caller's provider's region).
        if (args.token === GET_CALLER_IDENTITY) return mockCallerIdentity();
        if (args.token === GET_PARTITION) return mockPartition();
        throw new Error(`the mocks do not answer data source ${args.token}`);
      },
    },
    options.project ?? 'blueprint',
    options.stack ?? 'mock',
    false,
  );
  // The mocks do not tell a resource's parent or options; the monitor's requests do (the parent's URN ends in its name).
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource: (req: RegisterRequest, cb: unknown) => Promise<void> };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const parent = req.getParent();
    const key = `${req.getType()}::${req.getName()}`;
    parents.set(key, parent ? parentOf(parent) : null);
    if (req.getRetainondelete()) retained.add(key);
    if (req.getIgnorechangesList().length) ignored.set(key, req.getIgnorechangesList());
    return register(req, cb);
  };

  // Pulumi records a stack trace on each of its promises (~80 a resource) to debug leaks;
  // formatting them is most of a mock run's time and nothing in the graph uses them.
  const stackTraceLimit = Error.stackTraceLimit;
  if (process.env.BLUEPRINT_DEBUG !== '1') Error.stackTraceLimit = 0;
  try {
    renderDesign(design);
    // Every registration is an RPC to the (mock) monitor: wait until none is outstanding.
    await pulumi.runtime.disconnect();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return records.sort((a, b) => byText(a.type, b.type) || byText(a.name, b.name));
}

const AWS_PROVIDER = 'pulumi:providers:aws';

/** A provider reference ("<urn>::<id>") -> { provider: <name> }, unless it is the primary provider, "aws". */
function providerOf(ref: string | undefined): { provider?: string } {
  if (!ref) return {};
  const urn = ref.slice(0, ref.lastIndexOf('::'));
  const name = urn.slice(urn.lastIndexOf('::') + 2);
  return name === PRIMARY_PROVIDER ? {} : { provider: name };
}

/** urn:pulumi:stack::project::a$b$parentType::parentName -> "parentType::parentName". */
function parentOf(urn: string): string {
  const [types, name] = [urn.slice(0, urn.lastIndexOf('::')), urn.slice(urn.lastIndexOf('::') + 2)];
  const chain = types.slice(types.lastIndexOf('::') + 2).split('$');
  return `${chain[chain.length - 1]}::${name}`;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getRetainondelete(): boolean | undefined;
  getIgnorechangesList(): string[];
}
