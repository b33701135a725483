// dev_* methods: the devnet's stand-ins for extrinsics and time. Each takes one object parameter, validated
// here so a wrong request gets an invalid-params error naming the field instead of a half-applied change.
import { hexToU8a, isHex, stringToU8a } from "@polkadot/util";
import { decodeAddress, encodeAddress } from "@polkadot/util-crypto";
import { z } from "zod";
import type { Devnet } from "../devnet";
import { invalidParams } from "../errors";
import { headerJson, type Handler } from "./substrate";

const ss58 = z.string().transform((value, ctx) => {
  try {
    return encodeAddress(decodeAddress(value), 42);
  } catch {
    ctx.addIssue({ code: "custom", message: "not an SS58 address or 32-byte hex account" });
    return z.NEVER;
  }
});
const netuid = z.number().int().min(0).max(65_535).optional();
const uid = z.number().int().min(0).max(65_535);
// RAO amounts travel as decimal strings (bigints do not fit JSON numbers), numbers are accepted too.
const rao = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => BigInt(v));
// A commitment text, or its bytes as 0x-hex when it is not UTF-8 text.
const text = z
  .union([z.string(), z.object({ hex: z.string().refine((v) => isHex(v), "must be 0x-hex") })])
  .transform((v) => (typeof v === "string" ? stringToU8a(v) : hexToU8a(v.hex)));

const schemas = {
  dev_newBlock: z.object({ count: z.number().int().min(1).max(10_000).default(1) }).default({ count: 1 }),
  dev_registerNeuron: z.object({ netuid, hotkey: ss58, coldkey: ss58 }),
  dev_replaceNeuron: z.object({ netuid, uid, hotkey: ss58, coldkey: ss58 }),
  dev_setValidatorPermit: z.object({ netuid, uid, permit: z.boolean() }),
  dev_setStake: z.object({ netuid, hotkey: ss58, alpha: rao }),
  dev_commit: z.object({ netuid, hotkey: ss58, text: z.union([text, z.array(text).min(1).max(3)]) }),
  dev_commitTimelocked: z.object({
    netuid,
    hotkey: ss58,
    text,
    revealInBlocks: z.number().int().min(1).default(5),
  }),
  dev_reveal: z.object({ netuid, hotkey: ss58 }),
  dev_advanceEpoch: z
    .object({
      netuid,
      weights: z.record(z.string().regex(/^\d+$/), z.number().nonnegative()).optional(),
      taoIn: rao.optional(),
      alphaIn: rao.optional(),
      tempo: z.number().int().min(0).max(65_535).optional(),
    })
    .default({}),
  dev_runtimeUpgrade: z.object({}).default({}),
  dev_swapHotkey: z.object({ netuid, coldkey: ss58, oldHotkey: ss58, newHotkey: ss58 }),
  dev_reRegisterSubnet: z.object({}).default({}),
  dev_triggerEpoch: z.object({}).default({}),
  dev_faultNextEpoch: z.object({ fault: z.enum(["defer", "skip"]) }),
  dev_setRootStake: z.object({ hotkey: ss58, tao: rao }),
  dev_setTaoWeight: z.object({ weight: rao.refine((w) => w < 1n << 64n, "must be a u64") }),
  dev_setSwapBalancer: z.object({ netuid, quote: rao }),
} as const;

type DevMethod = keyof typeof schemas;

function parse<M extends DevMethod>(method: M, params: readonly unknown[]): z.output<(typeof schemas)[M]> {
  // dev_newBlock also takes a bare count, as chopsticks' does.
  const raw = method === "dev_newBlock" && typeof params[0] === "number" ? { count: params[0] } : params[0];
  const result = schemas[method].safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalidParams(`${method}: ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data as z.output<(typeof schemas)[M]>;
}

export function devMethods(devnet: Devnet): Record<DevMethod, Handler> {
  return {
    // The last new block's hash, as chopsticks answers.
    dev_newBlock: (p) => (devnet.newBlocks(parse("dev_newBlock", p).count).at(-1) ?? devnet.chain.head).hash,
    dev_registerNeuron: (p) => devnet.registerNeuron(parse("dev_registerNeuron", p)),
    dev_replaceNeuron: (p) => ({ replaced: devnet.replaceNeuron(parse("dev_replaceNeuron", p)) }),
    dev_setValidatorPermit: (p) => {
      devnet.setValidatorPermit(parse("dev_setValidatorPermit", p));
      return true;
    },
    dev_setStake: (p) => {
      devnet.setStake(parse("dev_setStake", p));
      return true;
    },
    dev_commit: (p) => {
      const req = parse("dev_commit", p);
      devnet.commit({ ...req, fields: Array.isArray(req.text) ? req.text : [req.text] });
      return { block: devnet.chain.pendingNumber };
    },
    dev_commitTimelocked: (p) => devnet.commitTimelocked(parse("dev_commitTimelocked", p)),
    dev_reveal: (p) => ({ revealed: devnet.reveal(parse("dev_reveal", p)) }),
    dev_advanceEpoch: (p) => {
      const req = parse("dev_advanceEpoch", p);
      const weights =
        req.weights && Object.fromEntries(Object.entries(req.weights).map(([k, v]) => [Number(k), v]));
      const block = devnet.advanceEpoch({ ...req, weights });
      return { hash: block.hash, number: block.number, header: headerJson(block) };
    },
    dev_runtimeUpgrade: (p) => {
      parse("dev_runtimeUpgrade", p);
      return { specVersion: devnet.runtimeUpgrade() };
    },
    dev_swapHotkey: (p) => ({ uid: devnet.swapHotkey(parse("dev_swapHotkey", p)) }),
    dev_reRegisterSubnet: (p) => {
      parse("dev_reRegisterSubnet", p);
      return { block: devnet.reRegisterSubnet() };
    },
    dev_triggerEpoch: (p) => {
      parse("dev_triggerEpoch", p);
      return { firesAt: devnet.triggerEpoch() };
    },
    dev_faultNextEpoch: (p) => {
      devnet.faultNextEpoch(parse("dev_faultNextEpoch", p).fault);
      return true;
    },
    dev_setRootStake: (p) => {
      devnet.setRootStake(parse("dev_setRootStake", p));
      return true;
    },
    dev_setTaoWeight: (p) => {
      devnet.setTaoWeight(parse("dev_setTaoWeight", p).weight);
      return true;
    },
    dev_setSwapBalancer: (p) => {
      devnet.setSwapBalancer(parse("dev_setSwapBalancer", p));
      return true;
    },
  };
}
