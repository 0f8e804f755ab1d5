/**
 * The shape of a rule test case: a compliant graph (`pass`) and the same graph with one thing
 * broken (`fail`), with the message the violation must carry. rules.test.ts turns every case
 * into two tests and checks that every rule of the pack has at least one case.
 */
import type { CapturedResource } from "../../policies/lib/graph";
import type { EdgestackPolicy } from "../../policies/types";
import { patch } from "./fixtures";

export interface RuleCase {
  policy: EdgestackPolicy;
  /** Distinguishes several cases of one rule. */
  title: string;
  /** Policy config properties for this rule (merged over the schema defaults). */
  config?: Record<string, unknown>;
  pass: () => CapturedResource[];
  fail: () => CapturedResource[];
  expect: RegExp;
}

/** `build()` with `path` set to `value` (undefined deletes it). */
export const mutated = (build: () => CapturedResource, path: string, value: unknown) => () => [
  patch(build(), path, value),
];

/** `build()` as a one-resource graph. */
export const only = (build: () => CapturedResource) => () => [build()];
