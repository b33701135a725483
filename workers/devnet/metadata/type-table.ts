// A portable (scale-info) type table built in code. The devnet describes its own runtime with it, so the
// metadata it serves is generated from the same declarations that encode its storage values.

export type Primitive = "Bool" | "Str" | "U8" | "U16" | "U32" | "U64" | "U128" | "I64" | "I128";

export interface FieldSpec {
  name?: string;
  type: number;
  typeName?: string;
}

export interface VariantSpec {
  name: string;
  index: number;
  fields?: FieldSpec[];
  docs?: string[];
}

type TypeDefJson =
  | { Primitive: Primitive }
  | { Compact: { type: number } }
  | { Sequence: { type: number } }
  | { Array: { len: number; type: number } }
  | { Tuple: number[] }
  | { Composite: { fields: FieldJson[] } }
  | { Variant: { variants: VariantJson[] } };

interface FieldJson {
  name: string | null;
  type: number;
  typeName: string | null;
  docs: string[];
}

interface VariantJson {
  name: string;
  fields: FieldJson[];
  index: number;
  docs: string[];
}

export interface PortableTypeJson {
  id: number;
  type: {
    path: string[];
    params: { name: string; type: number | null }[];
    def: TypeDefJson;
    docs: string[];
  };
}

function field(f: FieldSpec): FieldJson {
  return { name: f.name ?? null, type: f.type, typeName: f.typeName ?? null, docs: [] };
}

export class TypeTable {
  readonly #types: PortableTypeJson[] = [];
  // Identical definitions share one id, as scale-info does for one Rust type.
  readonly #ids = new Map<string, number>();

  #add(path: string[], def: TypeDefJson, params: { name: string; type: number | null }[] = []): number {
    const type = { path, params, def, docs: [] };
    const key = JSON.stringify(type);
    const known = this.#ids.get(key);
    if (known !== undefined) return known;
    const id = this.#types.length;
    this.#types.push({ id, type });
    this.#ids.set(key, id);
    return id;
  }

  primitive(p: Primitive): number {
    return this.#add([], { Primitive: p });
  }

  compact(type: number): number {
    return this.#add([], { Compact: { type } });
  }

  sequence(type: number): number {
    return this.#add([], { Sequence: { type } });
  }

  array(len: number, type: number): number {
    return this.#add([], { Array: { len, type } });
  }

  tuple(types: number[]): number {
    return this.#add([], { Tuple: types });
  }

  composite(
    path: string[],
    fields: FieldSpec[],
    params: { name: string; type: number | null }[] = [],
  ): number {
    return this.#add(path, { Composite: { fields: fields.map(field) } }, params);
  }

  variant(
    path: string[],
    variants: VariantSpec[],
    params: { name: string; type: number | null }[] = [],
  ): number {
    const json = variants.map((v) => ({
      name: v.name,
      fields: (v.fields ?? []).map(field),
      index: v.index,
      docs: v.docs ?? [],
    }));
    return this.#add(path, { Variant: { variants: json } }, params);
  }

  option(type: number): number {
    return this.variant(
      ["Option"],
      [
        { name: "None", index: 0 },
        { name: "Some", index: 1, fields: [{ type }] },
      ],
      [{ name: "T", type }],
    );
  }

  // A single-field wrapper struct (Cow, BoundedVec, BTreeSet...): polkadot.js flattens these by path.
  wrapper(
    path: string[],
    inner: number,
    params: { name: string; type: number | null }[],
    typeName?: string,
  ): number {
    return this.composite(path, [{ type: inner, typeName }], params);
  }

  toJSON(): { types: PortableTypeJson[] } {
    return { types: this.#types };
  }
}
