import type { AcknowledgementDesign } from './types';

/** Why a value is what it is: written in the blueprint, derived from a requirement, or a default. */
export type DecisionSource = 'written' | 'derived' | 'default';

/** One decision, with the requirement or default behind it and the arithmetic. */
export interface Decision {
  concern: 'network' | 'load-balancing' | 'security' | 'compute' | 'scaling' | 'data' | 'resilience' | 'observability' | 'cost';
  /** What the decision is about: a blueprint path such as services.web or network. */
  subject: string;
  /** The decision's name, e.g. azs, nat, min_tasks. */
  name: string;
  value: string | number | boolean;
  source: DecisionSource;
  rationale: string;
}

/** What plan advises beyond the decisions: a change to the blueprint that the numbers call for, about one subject. */
export interface Recommendation {
  subject: string;
  text: string;
}

/** Collects decisions (and the rule-pack findings they accept) in the order they are taken; each concern records its own. */
export class DecisionLog {
  readonly decisions: Decision[] = [];
  readonly acknowledgements: AcknowledgementDesign[] = [];
  readonly recommendations: Recommendation[] = [];

  /** Advises a change the numbers call for (plan lists it); the design goes on as written. */
  recommend(r: Recommendation): void {
    this.recommendations.push(r);
  }

  /** Accepts one rule-pack finding on one resource, with why: called by the code that took the decision. */
  acknowledge(a: AcknowledgementDesign): void {
    this.acknowledgements.push(a);
  }

  record<T extends Decision['value']>(d: Omit<Decision, 'value'> & { value: T }): T {
    this.decisions.push(d);
    return d.value;
  }
}

/** A shorthand that records decisions about one subject of one concern: record(name, value, source, rationale). */
export function recorder(log: DecisionLog, concern: Decision['concern'], subject: string) {
  return <T extends Decision['value']>(name: string, value: T, source: DecisionSource, rationale: string): T => log.record({ concern, subject, name, value, source, rationale });
}

/** Prints a percentage without binary noise: 0.05, not 0.04999999999999716. */
export function pct(n: number): string {
  return String(Number(n.toFixed(6)));
}
