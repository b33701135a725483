// Generates (or reuses) the bench dataset on its own: the suite does this too, on first use.
// usage: node --import tsx bench/dataset/generate.ts [--driver postgres|pglite] [--scale 1]
//   [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
import { parseArgs } from "node:util";
import { prepareDataset } from "./prepare";

const { values } = parseArgs({
  options: {
    driver: { type: "string", default: "postgres" },
    scale: { type: "string", default: "1" },
    "admin-url": {
      type: "string",
      default: process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    },
  },
});
const dataset = await prepareDataset({
  driver: values.driver === "pglite" ? "pglite" : "postgres",
  scale: Number(values.scale),
  adminUrl: values["admin-url"],
  log: (line) => console.log(line),
});
console.log(JSON.stringify(dataset.env));
