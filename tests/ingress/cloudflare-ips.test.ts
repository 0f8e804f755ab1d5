import { strict as assert } from "node:assert";
import { z } from "zod";

import {
  CLOUDFLARE_IPV4_RANGES,
  CLOUDFLARE_IPV6_RANGES,
  CLOUDFLARE_IP_RANGES,
} from "../../components/ingress/cloudflare-ips";
import { cidrContains } from "../../policies/lib/cidr";

describe("ingress/cloudflare-ips", () => {
  it("lists valid, non-overlapping network ranges of the right family", () => {
    for (const c of CLOUDFLARE_IPV4_RANGES) assert.ok(z.cidrv4().safeParse(c).success, c);
    for (const c of CLOUDFLARE_IPV6_RANGES) assert.ok(z.cidrv6().safeParse(c).success, c);
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
    for (const ip of inside)
      assert.ok(
        CLOUDFLARE_IP_RANGES.some((c) => cidrContains(c, ip)),
        ip,
      );
    for (const ip of outside) assert.ok(!CLOUDFLARE_IP_RANGES.some((c) => cidrContains(c, ip)), ip);
  });
});
