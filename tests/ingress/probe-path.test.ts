// Issue 15 item 8: an uptime probe target crosses Kong into a service. For each blackbox target on the API host,
// Kong's route table as the program creates it (Ingresses of class kong, longest prefix wins among plain paths) must
// send the request to a service's Service without the jwt plugin, GET allowed, the path rewritten to the app's
// liveness path; the NGINX-only targets stay for diagnosis.

import { strict as assert } from "node:assert";

import { SERVICES } from "../../config/apps";
import { input, ofType, one, stackRun, type CapturedResource } from "../harness";

const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const KP = "kubernetes:configuration.konghq.com/v1:KongPlugin";

interface Route {
  ingress: CapturedResource;
  path: string;
  service: string;
  port: number;
}

function kongRoutes(ingresses: CapturedResource[]): Route[] {
  return ingresses
    .filter((i) => input(i, "spec.ingressClassName") === "kong")
    .flatMap((i) =>
      (input(i, "spec.rules") as any[]).flatMap((r) =>
        r.http.paths.map((p: any) => ({
          ingress: i,
          path: p.path,
          service: p.backend.service.name,
          port: p.backend.service.port.number,
        })),
      ),
    );
}

/** The route Kong picks for a path among Prefix routes: the longest prefix that matches on a segment boundary. */
function match(routes: Route[], path: string): Route | undefined {
  return routes
    .filter((r) => path === r.path || path.startsWith(`${r.path.replace(/\/$/, "")}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

describe("uptime probes cover Cloudflare → NGINX → Kong → each service", () => {
  it("has a probe target per service that Kong routes, without a token, to the service's liveness path", async () => {
    const run = await stackRun("prod");
    const targets = input(
      one(run, "kubernetes:monitoring.coreos.com/v1:Probe"),
      "spec.targets.staticConfig.static",
    ) as string[];
    const routes = kongRoutes(ofType(run, INGRESS));
    const plugins = Object.fromEntries(ofType(run, KP).map((p) => [input(p, "metadata.name"), p]));
    const services = ofType(run, "kubernetes:core/v1:Service").filter((s) => input(s, "metadata.namespace") === "apps");
    const reached = new Set<string>();
    for (const url of targets.filter((t) => !t.endsWith("/nginx-health"))) {
      const { hostname, pathname } = new URL(url);
      assert.equal(hostname, "api.example.com", "service routes are on the API host");
      const route = match(routes, pathname);
      assert.ok(route, `${url}: no Kong route`);
      const attached = String(input(route.ingress, "metadata.annotations")["konghq.com/plugins"]).split(",");
      assert.ok(!attached.includes("jwt-auth"), `${url}: the probe carries no token, its route must not require one`);
      assert.match(input(route.ingress, "metadata.annotations")["konghq.com/methods"], /(^|,)GET(,|$)/);
      const rewrite = attached.map((n) => plugins[n]).find((p) => p?.inputs.plugin === "request-transformer");
      const svc = services.find((s) => input(s, "metadata.name") === route.service);
      assert.ok(svc, `${url}: routed to ${route.service}, which is not a service in apps`);
      const framework = run.resources.find(
        (r) => r.type === "kubernetes:apps/v1:Deployment" && input(r, "metadata.name") === route.service,
      )!;
      const liveness = (input(framework, "spec.template.spec.containers") as any[])[0].livenessProbe.httpGet.path;
      assert.equal(input(rewrite!, "config.replace.uri"), liveness, `${url}: the service sees its own liveness path`);
      reached.add(route.service);
    }
    assert.deepEqual([...reached].sort(), ["items", "orders"], "every service is probed through Kong");
    assert.ok(targets.includes("https://api.example.com/nginx-health"), "the NGINX-only probe stays for diagnosis");
    assert.ok(Object.values(SERVICES).every((s) => s.livenessPath === "/healthz"));
  });

  it("keeps the service's API routes behind jwt: the health route shadows only its own path", async () => {
    const routes = kongRoutes(ofType(await stackRun("prod"), INGRESS));
    const api = match(routes, "/api/v1/items/42")!;
    assert.equal(api.ingress.name, "ingress-kong-route-items");
    assert.ok(String(input(api.ingress, "metadata.annotations")["konghq.com/plugins"]).split(",").includes("jwt-auth"));
  });
});
