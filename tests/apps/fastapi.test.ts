import { strict as assert } from "assert";

import { SERVICES } from "../../config/apps";
import { describeService } from "./contract";
import { getJson } from "./support";

interface Item {
  id: number;
  name: string;
  category: string;
  price_cents: number;
  stock: number;
  in_stock: boolean;
}
interface ItemsPage {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
  next_offset: number | null;
}

describeService({
  service: SERVICES.fastapi,
  templated: { path: "/api/v1/items/3", route: "/api/v1/items/{item_id}" },
  exampleTests: (base) => {
    const items = (query: string) => getJson<ItemsPage>(`${base()}/api/v1/items${query}`);

    it("pages through the whole catalogue with stable next_offset links", async () => {
      const seen: number[] = [];
      let offset: number | null = 0;
      let total = -1;
      for (let guard = 0; offset !== null && guard < 20; guard++) {
        const { status, body }: { status: number; body: ItemsPage } = await items(`?limit=5&offset=${offset}`);
        assert.equal(status, 200);
        total = body.total;
        seen.push(...body.items.map((i) => i.id));
        offset = body.next_offset;
      }
      assert.equal(seen.length, total);
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => a - b),
      );
      assert.equal(new Set(seen).size, seen.length);
    });

    it("filters by category, stock and price range, sorted by descending price", async () => {
      const { status, body } = await items("?category=apparel&in_stock=true&min_price_cents=3000&sort=-price");
      assert.equal(status, 200);
      assert.ok(body.items.length >= 2);
      for (const item of body.items) {
        assert.equal(item.category, "apparel");
        assert.ok(item.in_stock && item.stock > 0);
        assert.ok(item.price_cents >= 3000);
      }
      const prices = body.items.map((i) => i.price_cents);
      assert.deepEqual(
        prices,
        [...prices].sort((a, b) => b - a),
      );
      assert.equal(body.total, body.items.length);
    });

    it("searches names case-insensitively", async () => {
      const { body } = await items("?q=SHOES");
      assert.ok(body.total >= 1);
      for (const item of body.items) assert.match(item.name, /shoes/i);
    });

    it("rejects impossible or unknown parameters with 422 and says why", async () => {
      const range = await items("?min_price_cents=5000&max_price_cents=100");
      assert.equal(range.status, 422);
      assert.match(JSON.stringify(range.body), /min_price_cents \(5000\) is greater than max_price_cents \(100\)/);
      const category = await items("?category=boats");
      assert.equal(category.status, 422);
      assert.match(JSON.stringify(category.body), /category: expected one of/);
      assert.equal((await items("?limit=1000")).status, 422);
    });

    it("returns one item by id and 404 for an unknown id", async () => {
      const found = await getJson<Item>(`${base()}/api/v1/items/3`);
      assert.equal(found.status, 200);
      assert.equal(found.body.id, 3);
      const missing = await getJson(`${base()}/api/v1/items/999`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { detail: "item 999 not found" });
    });
  },
});
