import { strict as assert } from "node:assert";
import { AS_OF } from "../harness";

import {
  CLOUDFLARE_IPS_CHECKED_ON,
  CLOUDFLARE_IPV4_RANGES,
  CLOUDFLARE_IPV6_RANGES,
  CLOUDFLARE_IP_RANGES,
  assertCidr,
  cidrContains,
  parseCidr,
} from "../../components/ingress/cloudflare-ips";

describe("ingress/cloudflare-ips", () => {
  it("lists valid, non-overlapping network ranges of the right family", () => {
    for (const c of CLOUDFLARE_IPV4_RANGES) assert.equal((parseCidr(c) as { family: number }).family, 4, c);
    for (const c of CLOUDFLARE_IPV6_RANGES) assert.equal((parseCidr(c) as { family: number }).family, 6, c);
    assert.equal(CLOUDFLARE_IP_RANGES.length, CLOUDFLARE_IPV4_RANGES.length + CLOUDFLARE_IPV6_RANGES.length);
    for (const a of CLOUDFLARE_IP_RANGES) {
      for (const b of CLOUDFLARE_IP_RANGES) {
        if (a !== b) assert.ok(!cidrContains(a, b.split("/")[0]), `${b} overlaps ${a}`);
      }
    }
  });

  it("covers addresses Cloudflare connects from and excludes others", () => {
    const inside = ["104.16.0.1", "172.71.255.254", "162.159.1.1", "2606:4700::6810:84e5", "2a06:98c7:ffff::1"];
    const outside = ["8.8.8.8", "10.0.0.1", "104.32.0.1", "2001:4860::8888", "2a06:98c8::1"];
    for (const ip of inside) assert.ok(CLOUDFLARE_IP_RANGES.some((c) => cidrContains(c, ip)), ip);
    for (const ip of outside) assert.ok(!CLOUDFLARE_IP_RANGES.some((c) => cidrContains(c, ip)), ip);
  });

  it("records when the lists were checked", () => {
    assert.match(CLOUDFLARE_IPS_CHECKED_ON, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(CLOUDFLARE_IPS_CHECKED_ON <= AS_OF, "checked before the day the tests are pinned to");
  });

  it("accepts network CIDRs in both families, including embedded IPv4", () => {
    for (const c of ["0.0.0.0/0", "10.0.0.0/8", "192.0.2.1/32", "::/0", "::1/128", "2400:cb00::/32", "::ffff:192.0.2.0/120"]) {
      assert.equal(typeof parseCidr(c), "object", c);
    }
  });

  it("explains what is wrong with a bad CIDR", () => {
    const cases: Array<[string, RegExp]> = [
      ["10.0.0.1/8", /no host bits set/],
      ["2400:cb00::1/32", /no host bits set/],
      ["300.1.1.0/24", /valid IPv4 or IPv6 address/],
      ["fe80::1%eth0/64", /valid IPv4 or IPv6 address/],
      ["1.2.3.0/33", /prefix length between 0 and 32/],
      ["2400:cb00::/129", /prefix length between 0 and 128/],
      ["10.0.0.0/08", /prefix length/],
      ["2400:cb00::", /address\/prefix notation/],
      [" 10.0.0.0/8", /address\/prefix notation/],
    ];
    for (const [c, why] of cases) assert.match(String(parseCidr(c)), why, c);
    assert.throws(() => assertCidr("edge.allowedCidrs[2]", "10.0.0.1/8"),
      { message: 'edge.allowedCidrs[2]: expected a network address with no host bits set after the prefix, got "10.0.0.1/8"' });
    assert.throws(() => assertCidr("edge.allowedCidrs[0]", 42), { message: "edge.allowedCidrs[0]: expected a CIDR string, got 42" });
  });
});
