CREATE INDEX "submissions_settled" ON "submissions" USING btree ("netuid",(case when ("finality" ->> 'status') = 'final' and ("finality" ->> 'judgedBlock') is not null
    then greatest(("finality" ->> 'block')::bigint, ("finality" ->> 'judgedBlock')::bigint) end));--> statement-breakpoint
CREATE INDEX "runs_unprocessed" ON "runs" USING btree ("submission_id") WHERE "runs"."counted" is null;