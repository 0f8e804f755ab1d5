/**
 * Switches off two per-resource stack captures of the Pulumi Node SDK while a program runs under the mock
 * runtime, where nothing reads them. Profiles of the prod offline preview (@pulumi/pulumi 3.270.0): formatting
 * these stacks was ~40 % of a warm program run and ~20 % with 50 services; the SDK has no switch for either.
 *
 *  - `Resource.stackTrace` (resource.js, `Resource.callsites`): every registration formats `new Error().stack`
 *    with `Error.stackTraceLimit = Infinity` and turns each frame into a file URL, to send the engine a source
 *    position and call stack (pulumi#13449, pulumi#20430). The mock monitor (runtime/mocks.js registerResource)
 *    never reads them; the real engine does, and the CLI path never calls this module.
 *  - `debuggablePromise` (runtime/debuggable.js) stores `new Error().stack` on every RPC promise, read only by
 *    the leak report printed at exit (`promiseDebugString`). A mock run waits for every RPC (waitForRPCs), so no
 *    leak is left to report; the promise is still tracked as a leak candidate, only without its stack.
 *
 * Both are module-level bindings the SDK looks up at each call (`Resource.stackTrace(4)`,
 * `debuggable_1.debuggablePromise(...)`), so replacing them takes effect at once; `restore` puts them back. If a
 * future SDK renames either, the missing one is left alone (the run is slower, not wrong).
 */
import { Resource } from "@pulumi/pulumi/resource";

type Mutable = Record<string, unknown>;

/** Replaces the two captures; call the returned function to put the SDK's own back. */
export function skipSdkStackCapture(): () => void {
  const resource = Resource as unknown as Mutable;
  // The module's own exports object (an `import * as` namespace may be a read-only copy).
  const promises = require("@pulumi/pulumi/runtime/debuggable") as Mutable;
  const originalStackTrace = resource.stackTrace;
  const originalDebuggable = promises.debuggablePromise as
    ((p: Promise<unknown>, ctx: unknown) => Promise<unknown>) | undefined;
  if (typeof originalStackTrace === "function") resource.stackTrace = () => [];
  if (typeof originalDebuggable === "function") {
    promises.debuggablePromise = (p: Promise<unknown>, ctx: unknown) => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        return originalDebuggable(p, ctx);
      } finally {
        Error.stackTraceLimit = limit;
      }
    };
  }
  return () => {
    if (typeof originalStackTrace === "function") resource.stackTrace = originalStackTrace;
    if (typeof originalDebuggable === "function") promises.debuggablePromise = originalDebuggable;
  };
}
