import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";

// Which commit of the weights a folder holds, told at once from what Hugging Face's own downloader records,
// rather than by hashing the checkpoint (a 72B model's shards: minutes of reading at every start). `huggingface-cli download REPO --revision C --local-dir DIR` writes, for each file,
// DIR/.cache/huggingface/download/<file>.metadata whose first line is the commit and third the time of the
// download (huggingface_hub/_local_folder.py); the Hub cache keeps a revision in snapshots/<commit>/, its
// files links to content-addressed blobs. A file changed after its download (mtime past the recorded time,
// the test huggingface_hub applies itself) or files of several commits make the revision unknown.

export interface WeightsRevision {
  readonly revision: string | null;
  /** Where the revision was read, or why it is unknown. */
  readonly source: string;
}

const COMMIT = /^[0-9a-f]{40}$/;
/** The files a vLLM server reads from the checkpoint. */
const checkpointFile = (name: string): boolean =>
  name.endsWith(".safetensors") ||
  ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"].includes(name) ||
  name === "model.safetensors.index.json";

export async function readWeightsRevision(folder: string): Promise<WeightsRevision> {
  const real = await realpath(folder).catch(() => null);
  if (real === null) return { revision: null, source: `${folder} does not exist` };
  const snapshot = /[/\\]snapshots[/\\]([0-9a-f]{40})$/.exec(real);
  if (snapshot !== null) return { revision: snapshot[1] as string, source: "Hugging Face cache snapshot" };
  const names = (await readdir(real).catch(() => [] as string[])).filter(checkpointFile).sort();
  if (names.length === 0) return { revision: null, source: `${folder} holds no checkpoint files` };
  const commits = new Set<string>();
  for (const name of names) {
    const meta = await readFile(
      path.join(real, ".cache", "huggingface", "download", `${name}.metadata`),
      "utf8",
    ).catch(() => null);
    if (meta === null)
      return {
        revision: null,
        source: `no Hugging Face download metadata for ${name} (download with huggingface-cli download --revision)`,
      };
    const [commit = "", , timestamp = ""] = meta.split("\n").map((line) => line.trim());
    if (!COMMIT.test(commit)) return { revision: null, source: `unreadable download metadata for ${name}` };
    const modifiedS = (await stat(path.join(real, name))).mtimeMs / 1000;
    if (modifiedS - 1 > Number(timestamp))
      return { revision: null, source: `${name} was changed after its download` };
    commits.add(commit);
  }
  if (commits.size > 1)
    return { revision: null, source: `files of ${commits.size} revisions: ${[...commits].join(", ")}` };
  return {
    revision: [...commits][0] as string,
    source: `download metadata of ${names.length} files`,
  };
}
