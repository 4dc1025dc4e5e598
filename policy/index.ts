/*
 * Entry point of the policy pack (PulumiPolicy.yaml): `pulumi preview --policy-pack policy`.
 * The policies live in src/policy, one per file, and are unit-tested in synth-tests/policy.test.ts.
 */
import { PolicyPack } from '@pulumi/policy';
import { policies } from '../src/policy';

new PolicyPack('blueprint', { policies });
