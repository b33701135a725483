// The fake official API as a process: `node --import tsx workers/official-api-fake/main.ts --port 8090 --era june`.
import { parseArgs } from "node:util";
import { ERAS, type Era } from "./eras";
import { startOfficialApiFake } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8090" },
    era: { type: "string", default: "june" },
    "unknown-shape": { type: "boolean", default: false },
  },
});
const era = values.era as Era;
if (!ERAS.includes(era)) {
  console.error(`--era must be one of ${ERAS.join(", ")}; got ${values.era}`);
  process.exit(1);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a TCP port; got ${values.port}`);
  process.exit(1);
}
const fake = await startOfficialApiFake({ era }, port);
if (values["unknown-shape"]) fake.addUnknownShape();
console.log(JSON.stringify({ msg: "official API fake listening", url: fake.url, era }));
const stop = () => void fake.close().then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
