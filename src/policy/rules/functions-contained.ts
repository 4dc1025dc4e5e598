import type { StackValidationPolicy } from '@pulumi/policy';
import { named, ofType } from '../resources';

/**
 * Every Lambda function is contained: a reserved concurrency (a runaway trigger cannot take the account's
 * pool, nor the bill with it), a dead-letter queue for the asynchronous invocations that fail every retry,
 * X-Ray active tracing, and its own log group (whose retention log-retention checks). No permission lets
 * anyone invoke a function, nor a service from any source (each permission names its API route or its rule): its
 * other triggers are event source mappings and roles. A mapping of a stream (a table's)
 * bounds its retries and describes a batch that failed them somewhere (an on-failure destination), so one bad
 * record cannot hold its shard until it expires and is lost unseen.
 */
export const functionsContained: StackValidationPolicy = {
  name: 'functions-contained',
  description: 'Every Lambda function has a reserved concurrency, a dead-letter queue, active tracing and its own log group; none may be invoked by anyone; a stream mapping bounds its retries and has an on-failure destination.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const f of ofType(resources, 'aws:lambda/function:Function')) {
      const p = f.props;
      if (typeof p.reservedConcurrentExecutions !== 'number' || p.reservedConcurrentExecutions < 1) report(`${named(f)} has no reserved concurrency: one trigger could take the account's whole pool`, f.urn);
      if (!p.deadLetterConfig?.targetArn) report(`${named(f)} has no dead-letter queue: asynchronous invocations that fail every retry would be lost`, f.urn);
      if (p.tracingConfig?.mode !== 'Active') report(`${named(f)} is not traced (tracingConfig.mode is not Active)`, f.urn);
      if (!p.loggingConfig?.logGroup) report(`${named(f)} writes to no log group of the stack (loggingConfig.logGroup)`, f.urn);
    }
    for (const m of ofType(resources, 'aws:lambda/eventSourceMapping:EventSourceMapping')) {
      const p = m.props;
      // A stream's mapping names where it starts; a queue's does not.
      if (p.startingPosition === undefined) continue;
      if (typeof p.maximumRetryAttempts !== 'number' || p.maximumRetryAttempts < 0) report(`${named(m)} retries a failing batch until its records expire (maximumRetryAttempts), holding its shard`, m.urn);
      if (!p.destinationConfig?.onFailure?.destinationArn) report(`${named(m)} has no on-failure destination: a batch that failed every retry would be skipped unseen`, m.urn);
    }
    for (const perm of ofType(resources, 'aws:lambda/permission:Permission')) {
      if (perm.props.principal === '*') report(`${named(perm)} lets anyone invoke the function`, perm.urn);
      // A service principal without a source ARN lets every resource of that service invoke it (any account's rule or API).
      else if (!perm.props.sourceArn) report(`${named(perm)} lets ${perm.props.principal} invoke the function from any source (no sourceArn)`, perm.urn);
    }
  },
};
