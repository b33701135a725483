// taostats.io is the explorer Bittensor people already use for accounts: its hotkey page has a key's
// registrations and incentive on every subnet, its coldkey page the owner's balance and all its hotkeys.

const SS58 = /^[1-9A-HJ-NP-Za-km-z]{47,48}$/;

/** taostats' page of a hotkey; null for a string that is not an SS58 address (nothing to link). */
export function taostatsHotkeyUrl(hotkey: string): string | null {
  return SS58.test(hotkey) ? `https://taostats.io/hotkey/${hotkey}` : null;
}

/** taostats' page of a coldkey (an owner's account); null for a string that is not an SS58 address. */
export function taostatsColdkeyUrl(coldkey: string): string | null {
  return SS58.test(coldkey) ? `https://taostats.io/coldkey/${coldkey}` : null;
}
