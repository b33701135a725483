// Structural comparison of two scale-info types from different metadata: do they encode the same bytes?
// Paths, docs and type names are ignored; field names are compared because polkadot.js exposes them.
import type { PortableRegistry } from "@polkadot/types";
import type { Si1Type } from "@polkadot/types/interfaces";

// Event and call enums are deliberately trimmed to the variants the devnet uses; a subset of variants,
// each with finney's index and fields, encodes exactly as finney's enum does. Every other enum must match.
const SUBSET_PATHS = /(^|::)(Event|RuntimeEvent|RuntimeCall|RuntimeError)$/;

interface Side {
  lookup: PortableRegistry;
  id: number;
}

function describe(type: Si1Type): string {
  return type.path.length ? type.path.map(String).join("::") : type.def.type;
}

export function diffTypes(mine: Side, theirs: Side, where: string, seen = new Set<string>()): string[] {
  const pair = `${mine.id}:${theirs.id}`;
  if (seen.has(pair)) return [];
  seen.add(pair);
  const a = mine.lookup.getSiType(mine.id);
  const b = theirs.lookup.getSiType(theirs.id);
  const here = `${where} (${describe(a)} vs ${describe(b)})`;
  if (a.def.type !== b.def.type) return [`${here}: ${a.def.type} vs ${b.def.type}`];
  const sub = (x: number, y: number, at: string) =>
    diffTypes({ lookup: mine.lookup, id: x }, { lookup: theirs.lookup, id: y }, at, seen);

  switch (a.def.type) {
    case "Primitive":
      return a.def.asPrimitive.type === b.def.asPrimitive.type
        ? []
        : [`${here}: ${a.def.asPrimitive.type} vs ${b.def.asPrimitive.type}`];
    case "Compact":
      return sub(a.def.asCompact.type.toNumber(), b.def.asCompact.type.toNumber(), `${where}.compact`);
    case "Sequence":
      return sub(a.def.asSequence.type.toNumber(), b.def.asSequence.type.toNumber(), `${where}[]`);
    case "Array": {
      const [x, y] = [a.def.asArray, b.def.asArray];
      if (!x.len.eq(y.len)) return [`${here}: array length ${x.len.toNumber()} vs ${y.len.toNumber()}`];
      return sub(x.type.toNumber(), y.type.toNumber(), `${where}[${x.len.toNumber()}]`);
    }
    case "Tuple": {
      const [x, y] = [a.def.asTuple, b.def.asTuple];
      if (x.length !== y.length) return [`${here}: tuple of ${x.length} vs ${y.length}`];
      return x.flatMap((t, i) => sub(t.toNumber(), y[i]?.toNumber() ?? -1, `${where}.${i}`));
    }
    case "Composite": {
      const [x, y] = [a.def.asComposite.fields, b.def.asComposite.fields];
      if (x.length !== y.length) return [`${here}: ${x.length} fields vs ${y.length}`];
      return x.flatMap((f, i) => {
        const g = y[i];
        if (!g) return [`${here}: missing field ${i}`];
        const name = f.name.unwrapOr("").toString();
        if (name !== g.name.unwrapOr("").toString())
          return [`${here}: field ${i} named ${name} vs ${g.name.toString()}`];
        return sub(f.type.toNumber(), g.type.toNumber(), `${where}.${name || i}`);
      });
    }
    case "Variant": {
      const [x, y] = [a.def.asVariant.variants, b.def.asVariant.variants];
      const subset = SUBSET_PATHS.test(a.path.map(String).join("::"));
      const problems: string[] = [];
      if (!subset && x.length !== y.length) problems.push(`${here}: ${x.length} variants vs ${y.length}`);
      for (const v of x) {
        const name = v.name.toString();
        const w = y.find((o) => o.name.toString() === name);
        if (!w) {
          problems.push(`${here}: variant ${name} missing in finney`);
          continue;
        }
        if (!v.index.eq(w.index))
          problems.push(`${here}: ${name} index ${v.index.toNumber()} vs ${w.index.toNumber()}`);
        if (v.fields.length !== w.fields.length) {
          problems.push(`${here}: ${name} has ${v.fields.length} fields vs ${w.fields.length}`);
          continue;
        }
        v.fields.forEach((f, i) => {
          const g = w.fields[i];
          if (!g) return;
          if (f.name.unwrapOr("").toString() !== g.name.unwrapOr("").toString()) {
            problems.push(`${here}: ${name} field ${i} named ${f.name.toString()} vs ${g.name.toString()}`);
          }
          problems.push(...sub(f.type.toNumber(), g.type.toNumber(), `${where}::${name}.${i}`));
        });
      }
      return problems;
    }
    default:
      return [`${here}: cannot compare ${a.def.type}`];
  }
}
