/**
 * Switches off two pieces of per-resource debugging bookkeeping of the Pulumi Node SDK (each captures a stack) while
 * a program runs under the mock runtime, where nothing reads them. Profiles of the prod offline preview
 * (@pulumi/pulumi 3.248.0): formatting these stacks was ~40 % of a warm program run and ~20 % with 50 services; the
 * SDK has no switch for either.
 *
 *  - `Resource.stackTrace` (resource.js, `Resource.callsites`): every registration formats `new Error().stack`
 *    with `Error.stackTraceLimit = Infinity` and turns each frame into a file URL, to send the engine a source
 *    position and call stack (pulumi#13449, pulumi#20430). The mock monitor (runtime/mocks.js registerResource)
 *    never reads them; the real engine does, and the CLI path never calls this module.
 *  - `debuggablePromise` (runtime/debuggable.js) wraps every RPC promise (four per output property of every
 *    resource, rpc.js transferProperties): three `Object.defineProperty` calls, a `new Error().stack` and a
 *    then/catch chain, all for the leak report printed at exit (`leakedPromises`, `promiseDebugString`). A mock run
 *    waits for every RPC (waitForRPCs) before it returns, so there is no leak to report: the promise is returned
 *    as it is. Measured on the prod graph: a warm run went from 390 to 280 ms, mostly less garbage collection.
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
  const originalDebuggable = promises.debuggablePromise;
  if (typeof originalStackTrace === "function") resource.stackTrace = () => [];
  if (typeof originalDebuggable === "function") promises.debuggablePromise = (p: Promise<unknown>) => p;
  return () => {
    if (typeof originalStackTrace === "function") resource.stackTrace = originalStackTrace;
    if (typeof originalDebuggable === "function") promises.debuggablePromise = originalDebuggable;
  };
}
