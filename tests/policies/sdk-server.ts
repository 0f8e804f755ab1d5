/**
 * Drives @pulumi/policy's own analyzer service (the code `pulumi preview --policy-pack` talks
 * to) the way the Pulumi engine does: Configure, Analyze per resource, AnalyzeStack, with real
 * protobuf request messages. The conformance test compares its diagnostics with the offline
 * runner's verdicts.
 *
 * In-process, for speed: the SDK's `serve()` (what `new PolicyPack` calls) builds the service
 * implementation and hands it to `grpc.Server#addService`; we capture that implementation
 * and skip binding a port, then call its handlers directly. Everything the handlers do (type
 * filtering, config, enforcement levels, unknown proxies, stack resource wiring) is the SDK's.
 * `serve()` may run once per process (the SDK exits on a second pack), hence the singleton.
 */
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type { CapturedResource, CapturedStack } from "../../policies/lib/graph";
import type { EdgestackPolicy } from "../../policies/types";
import type { ResolvedPolicyConfig } from "../../policies/runner-config";

const protoDir = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const pb = require(path.join(protoDir, "analyzer_pb")) as Record<string, new () => Message> & {
  EnforcementLevel: Record<string, number>;
};
const { serve } = require("@pulumi/policy/server") as {
  serve(name: string, version: string, level: string, args: { policies: EdgestackPolicy[] }): void;
};
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [protoDir] })) as {
  Struct: { fromJavaScript(o: object): unknown };
};
const UNKNOWN_STRING = (require("@pulumi/policy/proxy") as Record<string, string>).unknownStringValue;

type Message = Record<string, (...a: unknown[]) => unknown>;
type Handler = (call: { request: unknown }, cb: (err: Error | null, res: Message) => void) => void;
type Service = { analyze: Handler; analyzeStack: Handler; configure: Handler };

export interface Diagnostic {
  policy: string;
  urn: string;
  level: string;
  message: string;
}

const LEVEL_NAMES = ["advisory", "mandatory", "disabled", "remediate"];

/** Inputs as the engine would marshal them: no undefined, unknowns as the engine's sentinel. */
function marshal(inputs: Record<string, unknown>) {
  const plain = JSON.parse(JSON.stringify(inputs, (_k, v) => (v === "[unknown]" ? UNKNOWN_STRING : v)));
  return Struct.fromJavaScript(plain);
}

function options(r: CapturedResource) {
  const o = new pb.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  o.setIgnorechangesList(r.ignoreChanges);
  o.setDeletebeforereplace(r.deleteBeforeReplace);
  o.setDeletebeforereplacedefined(true);
  if (r.parent) o.setParent(r.parent);
  return o;
}

function provider(r: CapturedResource, byUrn: Map<string, CapturedResource>) {
  const urn = r.provider?.slice(0, r.provider.lastIndexOf("::"));
  const p = urn ? byUrn.get(urn) : undefined;
  if (!p) return undefined;
  const msg = new pb.AnalyzerProviderResource();
  msg.setType(p.type);
  msg.setUrn(p.urn);
  msg.setName(p.name);
  msg.setProperties(marshal(p.inputs));
  return msg;
}

function diagnostics(res: Message, fallbackUrn: string): Diagnostic[] {
  return (res.getDiagnosticsList() as Message[]).map((d) => ({
    policy: d.getPolicyname() as string,
    urn: (d.getUrn() as string) || fallbackUrn,
    level: LEVEL_NAMES[d.getEnforcementlevel() as number],
    message: d.getMessage() as string,
  }));
}

let service: Service | undefined;

/** The SDK's analyzer service implementation for `policies`, built once per process. */
function sdkService(policies: EdgestackPolicy[]): Service {
  if (service) return service;
  const proto = grpc.Server.prototype as unknown as Record<string, unknown>;
  const saved = { addService: proto.addService, bindAsync: proto.bindAsync };
  proto.addService = (_def: unknown, impl: Service) => void (service = impl);
  proto.bindAsync = () => undefined;
  try {
    serve("edgestack", "0.1.0", "mandatory", { policies });
  } finally {
    Object.assign(proto, saved);
  }
  if (!service) throw new Error("@pulumi/policy serve() registered no analyzer service");
  return service;
}

export class PolicyPackServer {
  private constructor(private impl: Service) {}

  static start(policies: EdgestackPolicy[]): PolicyPackServer {
    return new PolicyPackServer(sdkService(policies));
  }

  private call(method: keyof Service, request: unknown): Promise<Message> {
    return new Promise((resolve, reject) =>
      this.impl[method]({ request }, (err, res) => (err ? reject(err) : resolve(res))),
    );
  }

  async configure(config: Map<string, ResolvedPolicyConfig>) {
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap() as { set(k: string, v: unknown): void };
    for (const [name, c] of config) {
      const pc = new pb.PolicyConfig();
      pc.setEnforcementlevel(pb.EnforcementLevel[c.enforcementLevel.toUpperCase()]);
      pc.setProperties(Struct.fromJavaScript(c.properties));
      map.set(name, pc);
    }
    await this.call("configure", req);
  }

  async analyze(stack: CapturedStack): Promise<Diagnostic[]> {
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const out: Diagnostic[] = [];
    for (const r of stack.resources) {
      const req = new pb.AnalyzeRequest();
      req.setType(r.type);
      req.setUrn(r.urn);
      req.setName(r.name);
      req.setProperties(marshal(r.inputs));
      req.setOptions(options(r));
      const p = provider(r, byUrn);
      if (p) req.setProvider(p);
      out.push(...diagnostics(await this.call("analyze", req), r.urn));
    }
    const stackReq = new pb.AnalyzeStackRequest();
    stackReq.setResourcesList(
      stack.resources.map((r) => {
        const ar = new pb.AnalyzerResource();
        ar.setType(r.type);
        ar.setUrn(r.urn);
        ar.setName(r.name);
        ar.setProperties(marshal(r.inputs));
        ar.setOptions(options(r));
        if (r.parent) ar.setParent(r.parent);
        ar.setDependenciesList(r.dependencies);
        const p = provider(r, byUrn);
        if (p) ar.setProvider(p);
        return ar;
      }),
    );
    out.push(...diagnostics(await this.call("analyzeStack", stackReq), ""));
    return out;
  }
}
