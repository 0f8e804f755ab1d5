/**
 * Acceptance (issue 19): each app, started from its image's ENTRYPOINT + CMD with OpenTelemetry export enabled
 * (the OTEL_* variables the platform sets), sends a span for a request to an OTLP/HTTP receiver, and the access-log
 * line of that request carries the same trace id. The receiver is a fake collector on 127.0.0.1 that records what
 * is posted to /v1/traces: OTLP JSON (the apps' built-in exporter, used where the OpenTelemetry SDK is not
 * installed, as with Debian's packages) or OTLP protobuf (the SDK's exporter; there the raw 16-byte trace id must
 * appear in the body).
 *
 * contract.ts runs these tests on its single-worker instance, started with `tracingEnv` as the platform starts every
 * pod (one batching exporter, so "the span of a later request arrived" proves an earlier one was not exported).
 */
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";

import type { RunningService } from "../../apps/local-run";
import type { AppService } from "../../config/apps";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, string> }[];
}

export class FakeCollector {
  readonly json: { service: string; span: OtlpSpan }[] = [];
  readonly protobuf: Buffer[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.url !== "/v1/traces" || req.method !== "POST") return void res.writeHead(404).end();
      if ((req.headers["content-type"] ?? "").includes("json")) {
        for (const rs of JSON.parse(body.toString("utf8")).resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a: { key: string }) => a.key === "service.name")?.value
            ?.stringValue;
          for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) this.json.push({ service, span });
        }
      } else {
        this.protobuf.push(body);
      }
      res.writeHead(200, { "Content-Type": req.headers["content-type"] ?? "application/json" }).end("{}");
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The JSON span of `traceId`, or true when a protobuf body holds its bytes; undefined when none came. */
  find(traceId: string): OtlpSpan | true | undefined {
    const span = this.json.find((s) => s.span.traceId === traceId)?.span;
    if (span) return span;
    return this.protobuf.some((b) => b.includes(Buffer.from(traceId, "hex"))) ? true : undefined;
  }

  async waitFor(traceId: string, timeoutMs = 8_000): Promise<OtlpSpan | true> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      const found = this.find(traceId);
      if (found) return found;
    }
    throw new Error(`no span of trace ${traceId} reached the collector within ${timeoutMs} ms`);
  }
}

/** The access-log line of the request with this X-Request-ID (the apps log it on every access line). */
async function accessLine(running: RunningService, requestId: string): Promise<Record<string, unknown>> {
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const line = running
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l))
      .find((e) => e.request_id === requestId);
    if (line) return line;
  }
  throw new Error(`no access-log line for request ${requestId}:\n${running.output()}`);
}

/** The OTEL_* variables the platform sets (components/observability/traces.ts), exporting to `endpoint`. */
export function tracingEnv(service: AppService, endpoint: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_SERVICE_NAME: `${service.name}-under-test`,
    // At 100 % so the root request is sampled.
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: "1",
    // Export every 0.1 s (default 1 s here, 5 s in the SDK): the tests wait for the spans.
    OTEL_BSP_SCHEDULE_DELAY: "100",
  };
}

/**
 * The tracing tests, as `it`s of the caller's suite (before its shutdown test): `app()` runs with tracingEnv and one
 * worker; `example` is a request path of a templated route and `route` that template.
 */
export function itTraces(
  service: AppService,
  example: { path: string; route: string },
  app: () => RunningService,
  collector: FakeCollector,
): void {
  const { path, route } = example;
  const ids = { traceId: randomBytes(16).toString("hex"), parent: randomBytes(8).toString("hex") };
  const unsampledId = randomBytes(16).toString("hex");
  type Sent = Record<"plain" | "sampled" | "unsampled" | "after", Record<string, unknown>>;
  let sending: Promise<Sent> | undefined;
  // The requests of the three tests, sent once in this order, so one export interval of the app's batching exporter
  // covers them all; each test then reads what its own requests produced.
  const sent = () =>
    (sending ??= (async () => ({
      plain: await request({}),
      sampled: await request({ traceparent: `00-${ids.traceId}-${ids.parent}-01` }),
      unsampled: await request({ traceparent: `00-${unsampledId}-${randomBytes(8).toString("hex")}-00` }),
      // A sampled request after the unsampled one: once its span arrives, the unsampled one would have been exported.
      after: await request({}),
    }))());

  async function request(headers: Record<string, string>): Promise<Record<string, unknown>> {
    const requestId = `req-${randomBytes(4).toString("hex")}`;
    const response = await fetch(`${app().url}${path}`, { headers: { "X-Request-ID": requestId, ...headers } });
    assert.equal(response.status, 200);
    return accessLine(app(), requestId);
  }

  it("OpenTelemetry: exports a server span for a request, with the trace id of the request's access-log line", async () => {
    const line = (await sent()).plain;
    assert.match(String(line.trace_id), /^[0-9a-f]{32}$/);
    assert.match(String(line.span_id), /^[0-9a-f]{16}$/);
    const span = await collector.waitFor(String(line.trace_id));
    if (span !== true) {
      assert.equal(span.spanId, line.span_id, "the log line names the request's own span");
      assert.equal(span.name, `GET ${route}`);
      assert.equal(span.kind, 2, "SPAN_KIND_SERVER");
      assert.equal(span.parentSpanId, undefined);
      const attrs = Object.fromEntries(span.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
      assert.equal(attrs["http.route"], route);
      assert.equal(attrs["http.response.status_code"], "200");
      assert.equal(collector.json.find((s) => s.span === span)?.service, `${service.name}-under-test`);
    }
  });

  it("OpenTelemetry: continues the trace of an incoming sampled traceparent (the sidecar's), as a child span", async () => {
    const { traceId, parent } = ids;
    const line = (await sent()).sampled;
    assert.equal(line.trace_id, traceId);
    const span = await collector.waitFor(traceId);
    if (span !== true) assert.equal(span.parentSpanId, parent);
  });

  it("OpenTelemetry: keeps the trace id in the log but exports nothing when the caller did not sample the trace", async () => {
    const { unsampled, after } = await sent();
    assert.equal(unsampled.trace_id, unsampledId);
    await collector.waitFor(String(after.trace_id));
    assert.equal(collector.find(unsampledId), undefined);
  });
}
