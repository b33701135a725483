CREATE TABLE "chain_cursor" (
	"network" text PRIMARY KEY NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"spec_version" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_status" (
	"worker" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metagraph_neurons" (
	"snapshot_id" integer NOT NULL,
	"uid" integer NOT NULL,
	"hotkey" text NOT NULL,
	"coldkey" text NOT NULL,
	"stake_rao" numeric(39, 0) NOT NULL,
	"validator_permit" boolean NOT NULL,
	"incentive" double precision NOT NULL,
	"emission_rao" numeric(39, 0) NOT NULL,
	"registration_block" bigint NOT NULL,
	CONSTRAINT "metagraph_neurons_snapshot_id_uid_pk" PRIMARY KEY("snapshot_id","uid")
);
--> statement-breakpoint
CREATE TABLE "metagraph_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"netuid" smallint NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text NOT NULL,
	"block_time" timestamp with time zone NOT NULL,
	"tempo" integer NOT NULL,
	"neuron_count" integer NOT NULL,
	"subnet_tao_rao" numeric(39, 0),
	"subnet_alpha_in_rao" numeric(39, 0),
	"alpha_price_tao" double precision
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"netuid" smallint NOT NULL,
	"hotkey" text NOT NULL,
	"uid" integer,
	"registration_block" bigint,
	"source" text NOT NULL,
	"commit_block" bigint NOT NULL,
	"observed_block" bigint NOT NULL,
	"raw_bytes" "bytea" NOT NULL,
	"raw_sha256" text NOT NULL,
	"parsed" jsonb,
	"parse_error" text,
	"parse_error_message" text,
	"disposition" text NOT NULL,
	"submission_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"netuid" smallint NOT NULL,
	"hotkey" text NOT NULL,
	"uid" integer NOT NULL,
	"registration_block" bigint NOT NULL,
	"image" text NOT NULL,
	"digest" text NOT NULL,
	"pull_ref" text NOT NULL,
	"commit_block" bigint NOT NULL,
	"commitment_id" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"consensus_score" double precision,
	"consensus_ttft_improvement" double precision,
	"consensus_throughput_improvement" double precision,
	"consensus_token_match_rate" double precision,
	"failure_reason" text,
	"validators_agreeing" integer DEFAULT 0 NOT NULL,
	"validators_total" integer DEFAULT 0 NOT NULL,
	"final_block" bigint,
	"standing" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_leases" (
	"submission_id" bigint NOT NULL,
	"validator_hotkey" text NOT NULL,
	"leased_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "job_leases_submission_id_validator_hotkey_pk" PRIMARY KEY("submission_id","validator_hotkey")
);
--> statement-breakpoint
CREATE TABLE "run_progress" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"submission_id" bigint,
	"validator_hotkey" text NOT NULL,
	"phase" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_prompts" (
	"run_id" uuid NOT NULL,
	"prompt_index" integer NOT NULL,
	"prompt_sha256" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"ttft_ms" double precision NOT NULL,
	"throughput_tps" double precision NOT NULL,
	"e2e_ms" double precision NOT NULL,
	"itl_p50_ms" double precision NOT NULL,
	"itl_p90_ms" double precision NOT NULL,
	"itl_p99_ms" double precision NOT NULL,
	"compared_tokens" integer NOT NULL,
	"matched_tokens" integer NOT NULL,
	"passed" boolean NOT NULL,
	"divergence" jsonb,
	CONSTRAINT "run_prompts_run_id_prompt_index_pk" PRIMARY KEY("run_id","prompt_index")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"submission_id" bigint NOT NULL,
	"validator_hotkey" text NOT NULL,
	"runner_version" text NOT NULL,
	"runner" jsonb NOT NULL,
	"seed_block" bigint NOT NULL,
	"seed_block_hash" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"failure_reason" text,
	"failure_message" text,
	"failure_stage" text,
	"log_tail" text,
	"baseline" jsonb NOT NULL,
	"median_ttft_ms" double precision NOT NULL,
	"median_throughput_tps" double precision NOT NULL,
	"token_match_rate" double precision NOT NULL,
	"correctness_passed" boolean NOT NULL,
	"ttft_improvement" double precision NOT NULL,
	"throughput_improvement" double precision NOT NULL,
	"score" double precision NOT NULL,
	"envelope" "bytea" NOT NULL,
	"envelope_sha256" text NOT NULL,
	"epistula_uuid" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "epistula_nonces" (
	"hotkey" text NOT NULL,
	"uuid" uuid NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "validators" (
	"hotkey" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"runner_version" text,
	"runs_posted" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emissions" (
	"netuid" smallint NOT NULL,
	"block_number" bigint NOT NULL,
	"block_time" timestamp with time zone NOT NULL,
	"king_submission_id" bigint,
	"king_uid" integer,
	"emission_rao" numeric(39, 0) NOT NULL,
	"alpha_price_tao" double precision,
	"tao_value_rao" numeric(39, 0),
	"tempo" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reigns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"netuid" smallint NOT NULL,
	"submission_id" bigint NOT NULL,
	"hotkey" text NOT NULL,
	"uid" integer NOT NULL,
	"score" double precision NOT NULL,
	"from_block" bigint NOT NULL,
	"from_time" timestamp with time zone NOT NULL,
	"to_block" bigint,
	"to_time" timestamp with time zone,
	"threshold_beaten" double precision NOT NULL,
	"previous_submission_id" bigint,
	"previous_score" double precision,
	"end_reason" text,
	"ended_by_submission_id" bigint
);
--> statement-breakpoint
ALTER TABLE "metagraph_neurons" ADD CONSTRAINT "metagraph_neurons_snapshot_id_metagraph_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."metagraph_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_leases" ADD CONSTRAINT "job_leases_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_prompts" ADD CONSTRAINT "run_prompts_run_id_runs_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reigns" ADD CONSTRAINT "reigns_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metagraph_neurons_hotkey" ON "metagraph_neurons" USING btree ("hotkey","snapshot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "metagraph_snapshots_netuid_block" ON "metagraph_snapshots" USING btree ("netuid","block_number");--> statement-breakpoint
CREATE UNIQUE INDEX "commitments_identity" ON "commitments" USING btree ("netuid","hotkey","source","commit_block","raw_sha256");--> statement-breakpoint
CREATE INDEX "commitments_hotkey" ON "commitments" USING btree ("hotkey","commit_block");--> statement-breakpoint
CREATE INDEX "commitments_commit_block" ON "commitments" USING btree ("netuid","commit_block");--> statement-breakpoint
CREATE INDEX "commitments_unparseable" ON "commitments" USING btree ("netuid","commit_block") WHERE "commitments"."parse_error" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_hotkey_registration" ON "submissions" USING btree ("netuid","hotkey","registration_block");--> statement-breakpoint
CREATE INDEX "submissions_commit_order" ON "submissions" USING btree ("netuid","commit_block","uid");--> statement-breakpoint
CREATE INDEX "submissions_status_score" ON "submissions" USING btree ("netuid","status","consensus_score");--> statement-breakpoint
CREATE INDEX "submissions_score" ON "submissions" USING btree ("netuid","consensus_score");--> statement-breakpoint
CREATE INDEX "submissions_digest" ON "submissions" USING btree ("digest");--> statement-breakpoint
CREATE INDEX "submissions_uid" ON "submissions" USING btree ("netuid","uid");--> statement-breakpoint
CREATE INDEX "job_leases_expiry" ON "job_leases" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "run_progress_run" ON "run_progress" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "run_progress_received" ON "run_progress" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "runs_submission" ON "runs" USING btree ("submission_id","validator_hotkey","finished_at");--> statement-breakpoint
CREATE INDEX "runs_validator" ON "runs" USING btree ("validator_hotkey","received_at");--> statement-breakpoint
CREATE INDEX "runs_received" ON "runs" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "epistula_nonces_pair" ON "epistula_nonces" USING btree ("hotkey","uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "emissions_block" ON "emissions" USING btree ("netuid","block_number");--> statement-breakpoint
CREATE INDEX "emissions_time" ON "emissions" USING btree ("netuid","block_time");--> statement-breakpoint
CREATE UNIQUE INDEX "reigns_from" ON "reigns" USING btree ("netuid","from_block","submission_id");--> statement-breakpoint
CREATE INDEX "reigns_current" ON "reigns" USING btree ("netuid","to_block");