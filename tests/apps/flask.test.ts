import { strict as assert } from "assert";

import { SERVICES } from "../../config/apps";
import { describeService } from "./contract";
import { getJson } from "./support";

interface PricedOrder {
  id: number;
  customer: string;
  status: string;
  lines: Array<{ sku: string; quantity: number; unit_price_cents: number; line_total_cents: number }>;
  subtotal_cents: number;
  discount_rate: string;
  discount_cents: number;
  vat_cents: number;
  total_cents: number;
}
interface OrdersPage {
  orders: PricedOrder[];
  total: number;
  next_offset: number | null;
  page_total_cents: number;
}

/** Independent re-computation of the pricing rules (tiers 5 % from 100.00, 10 % from 500.00; VAT 20 %). */
function expectedTotals(order: PricedOrder): { subtotal: number; discount: number; vat: number } {
  const subtotal = order.lines.reduce((sum, l) => sum + l.quantity * l.unit_price_cents, 0);
  const rate = subtotal >= 50000 ? 0.1 : subtotal >= 10000 ? 0.05 : 0;
  const discount = Math.round(subtotal * rate);
  return { subtotal, discount, vat: Math.round((subtotal - discount) * 0.2) };
}

describeService({
  service: SERVICES.flask,
  templated: { path: "/api/v1/orders/3", route: "/api/v1/orders/<int:order_id>" },
  exampleTests: (base) => {
    const orders = (query: string) => getJson<OrdersPage>(`${base()}/api/v1/orders${query}`);

    it("prices every order: line totals, volume discount tier, VAT, total", async () => {
      const { status, body } = await orders("?limit=100");
      assert.equal(status, 200);
      assert.ok(body.orders.length > 3);
      const rates = new Set<string>();
      for (const order of body.orders) {
        const expected = expectedTotals(order);
        for (const line of order.lines) assert.equal(line.line_total_cents, line.quantity * line.unit_price_cents);
        assert.equal(order.subtotal_cents, expected.subtotal, `order ${order.id} subtotal`);
        assert.equal(order.discount_cents, expected.discount, `order ${order.id} discount`);
        assert.equal(order.vat_cents, expected.vat, `order ${order.id} VAT`);
        assert.equal(order.total_cents, expected.subtotal - expected.discount + expected.vat);
        rates.add(order.discount_rate);
      }
      assert.deepEqual([...rates].sort(), ["0", "0.05", "0.10"], "the sample data exercises every tier");
      assert.equal(
        body.page_total_cents,
        body.orders.reduce((s, o) => s + o.total_cents, 0),
      );
    });

    it("filters by status and customer and paginates", async () => {
      const paid = await orders("?status=paid");
      assert.equal(paid.status, 200);
      assert.ok(paid.body.orders.length >= 2 && paid.body.orders.every((o) => o.status === "paid"));
      const acme = await orders("?customer=acme&limit=1");
      assert.equal(acme.body.orders.length, 1);
      assert.equal(acme.body.orders[0].customer, "acme");
      assert.equal(acme.body.next_offset, 1);
      assert.ok(acme.body.total > 1);
      const last = await orders(`?customer=acme&limit=1&offset=${acme.body.total - 1}`);
      assert.equal(last.body.next_offset, null);
    });

    it("rejects bad parameters with a JSON 400 naming the parameter and the allowed values", async () => {
      const status = await orders("?status=lost");
      assert.equal(status.status, 400);
      assert.deepEqual(status.body, {
        detail: "status: expected one of pending, paid, shipped, cancelled, got 'lost'",
      });
      const limit = await orders("?limit=0");
      assert.equal(limit.status, 400);
      assert.match(JSON.stringify(limit.body), /limit: expected an integer between 1 and 100/);
    });

    it("returns one priced order by id, and JSON 404s for unknown ids and paths", async () => {
      const found = await getJson<PricedOrder>(`${base()}/api/v1/orders/3`);
      assert.equal(found.status, 200);
      assert.equal(found.body.id, 3);
      assert.equal(
        found.body.total_cents,
        found.body.subtotal_cents - found.body.discount_cents + found.body.vat_cents,
      );
      const missing = await getJson(`${base()}/api/v1/orders/999`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { detail: "order 999 not found" });
      assert.equal((await getJson(`${base()}/api/v1/nothing`)).status, 404);
    });
  },
});
