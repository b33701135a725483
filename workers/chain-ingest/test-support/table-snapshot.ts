import { sql } from "drizzle-orm";
import { executeRows, type Database } from "@/db/client";

/**
 * Everything chain ingest stored, by natural keys rather than ids: serial ids are not transactional (a killed
 * transaction burns them), so two equal ingests may number their rows differently. Links between rows are
 * followed to the other row's natural key.
 */
export async function tableSnapshot(database: Database) {
  const rows = (query: ReturnType<typeof sql>) => executeRows<Record<string, unknown>>(database.db, query);
  const [cursor, commitments, submissions, snapshots, neurons] = await Promise.all([
    rows(
      sql`select network, block_number::text, block_hash, spec_version from chain_cursor order by network`,
    ),
    rows(sql`
      select c.netuid, c.hotkey, c.source, c.commit_block::text, c.raw_sha256, encode(c.raw_bytes, 'hex') as raw,
             c.uid, c.registration_block::text, c.observed_block::text, c.parsed::text, c.parse_error,
             c.parse_error_message, c.disposition, s.hotkey as submission_hotkey,
             s.registration_block::text as submission_registration
      from commitments c left join submissions s on s.id = c.submission_id
      order by c.hotkey, c.source, c.commit_block, c.raw_sha256`),
    rows(sql`
      select s.netuid, s.hotkey, s.uid, s.registration_block::text, s.image, s.digest, s.pull_ref,
             s.commit_block::text, s.status, c.source as commitment_source, c.commit_block::text as commitment_block,
             c.raw_sha256 as commitment_sha
      from submissions s left join commitments c on c.id = s.commitment_id
      order by s.hotkey, s.registration_block`),
    rows(sql`
      select netuid, block_number::text, block_hash, block_time, tempo, kind, neuron_count,
             subnet_tao_rao::text, subnet_alpha_in_rao::text, alpha_price_tao
      from metagraph_snapshots order by netuid, block_number`),
    rows(sql`
      select s.block_number::text, n.uid, n.hotkey, n.coldkey, n.stake_rao::text, n.validator_permit,
             n.incentive, n.emission_rao::text, n.registration_block::text
      from metagraph_neurons n join metagraph_snapshots s on s.id = n.snapshot_id
      order by s.block_number, n.uid`),
  ]);
  return { cursor, commitments, submissions, snapshots, neurons };
}
