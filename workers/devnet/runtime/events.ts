// Runtime events as SCALE bytes. polkadot.js models the outer RuntimeEvent as its own GenericEvent (pallet
// index + event index), which cannot be built from an enum-shaped value, so the devnet encodes the pallet
// index followed by the pallet's event enum itself, exactly as the runtime's outer enum does.
import type { Metadata, TypeRegistry } from "@polkadot/types";
import { u8aConcat } from "@polkadot/util";

// `{ Commitments: { Commitment: { netuid, who } } }`: the pallet name, then the pallet event as an enum value.
export type RuntimeEventValue = Record<string, unknown>;

export class EventEncoder {
  readonly #pallets = new Map<string, { index: number; type: string }>();

  constructor(
    readonly registry: TypeRegistry,
    metadata: Metadata,
  ) {
    for (const p of metadata.asLatest.pallets) {
      if (p.events.isSome) {
        this.#pallets.set(p.name.toString(), {
          index: p.index.toNumber(),
          type: registry.createLookupType(p.events.unwrap().type),
        });
      }
    }
  }

  encode(event: RuntimeEventValue): Uint8Array {
    const entries = Object.entries(event);
    const [first] = entries;
    if (!first || entries.length !== 1)
      throw new Error("devnet event: expected { Pallet: { Event: fields } }");
    const [pallet, value] = first;
    const known = this.#pallets.get(pallet);
    if (!known) throw new Error(`devnet event: pallet ${pallet} declares no events`);
    return u8aConcat([known.index], this.registry.createTypeUnsafe(known.type, [value]).toU8a());
  }
}

export type Deposit = (event: RuntimeEventValue) => void;
