/**
 * Physical names the AWS provider validates before calling AWS (so a preview under mocks passes and the real
 * `pulumi preview` fails): RDS identifiers are lowercase only, and every name derives from `${project}-${stack}`.
 */
import * as assert from "assert";
import { databaseNames } from "../../components/data/names";
import { physicalNamePrefix } from "../../components/shared/names";
import { readStackConfig } from "../../tools/stack-files";
import { runProgram } from "../harness";

describe("real-deploy physical names", () => {
  it("the prefix is project-stack when both are lowercase DNS-style names", () => {
    assert.strictEqual(physicalNamePrefix("edgestack", "prod"), "edgestack-prod");
    assert.strictEqual(physicalNamePrefix("edgestack", "dev-eu-2"), "edgestack-dev-eu-2");
  });

  it("refuses a stack name AWS would refuse in RDS, ElastiCache and ECR names, saying what is allowed", () => {
    for (const stack of ["Prod", "prod_eu", "prod.eu", "prod-", "-prod", "a--b"]) {
      assert.throws(
        () => physicalNamePrefix("edgestack", stack),
        (e: Error) =>
          e.message.includes(`stack ${JSON.stringify(stack)}`) &&
          /lowercase letters, digits and single hyphens/.test(e.message),
        stack,
      );
    }
  });

  it("RDS identifiers are lowercase only, as the provider's validIdentifier requires, and derived ones fit 63", () => {
    assert.throws(
      () => databaseNames("edgestack-Prod"),
      /Aurora cluster identifier "edgestack-Prod-database" is not valid: 1-63 lowercase/,
    );
    // A 47-character prefix: the cluster id (56) and the proxy name (62) fit, the proxy's "-ro" endpoint (65) does not.
    assert.throws(() => databaseNames(`e${"x".repeat(46)}`), /RDS Proxy endpoint name ".*-proxy-ro" is not valid/);
    const names = databaseNames("edgestack-prod");
    assert.strictEqual(names.proxyReadOnlyEndpoint, "edgestack-prod-database-proxy-ro");
  });

  it("a stack named with upper case fails before anything is registered, with the stack's name in the message", async () => {
    const run = await runProgram({ stack: "Prod", ignoreStackFile: true, config: readStackConfig("dev") });
    assert.match(String(run.error?.message), /stack "Prod": physical AWS names start with "edgestack-Prod"/);
    assert.deepStrictEqual(
      run.resources.filter((r) => r.type.startsWith("aws:")),
      [],
      "no AWS resource registered",
    );
  });
});
