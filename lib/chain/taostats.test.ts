import { describe, expect, it } from "vitest";
import { taostatsColdkeyUrl, taostatsHotkeyUrl } from "./taostats";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

describe("taostats links", () => {
  it("links a hotkey to taostats' hotkey page and a coldkey to its coldkey page", () => {
    expect(taostatsHotkeyUrl(ALICE)).toBe(`https://taostats.io/hotkey/${ALICE}`);
    expect(taostatsColdkeyUrl(ALICE)).toBe(`https://taostats.io/coldkey/${ALICE}`);
  });

  it.each(["", "0xabc", `${ALICE}/../x`, "5Grwva EF", `${ALICE}0`, ALICE.slice(0, 46)])(
    "links nothing for %j",
    (key) => {
      expect(taostatsHotkeyUrl(key)).toBeNull();
      expect(taostatsColdkeyUrl(key)).toBeNull();
    },
  );
});
