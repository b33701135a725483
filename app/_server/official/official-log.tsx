import { getDatabase } from "@/db/instance";
import { getOfficialLog, requestOfficialLog } from "@/db/queries/official";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Provenance } from "@/components/official/provenance";

/** One official log: fetched once by the importer when first opened, then served from the database. */
export async function OfficialLog({ label }: { label: string }) {
  const db = (await getDatabase()).db;
  const log = await getOfficialLog(db, label);
  if (log && log.text === null && log.requestedAt === null && log.lastError === null)
    await requestOfficialLog(db, label, new Date());
  return (
    <>
      <PageHeader title={`Log ${label}`}>
        {log
          ? `${log.source === "validator" ? "Validator" : "Container"} log, ${log.filename}.`
          : "A log of the subnet's validator."}
      </PageHeader>
      <Card title="Log text">
        {!log ? (
          <Notice title="No such log in the validator's index.">
            The log indexes have not listed this label (yet); see the{" "}
            <a className="underline" href="/official">
              official page
            </a>
            .
          </Notice>
        ) : log.text !== null ? (
          <>
            <pre className="max-h-[70vh] overflow-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-900">
              {log.text}
            </pre>
            <div className="mt-2">
              <Provenance fetchedAt={log.fetchedAt} />
            </div>
          </>
        ) : log.lastError ? (
          <Notice tone="bad" title="This log could not be fetched.">
            {log.lastError}
          </Notice>
        ) : (
          <Notice title="Being fetched from the validator.">
            The importer fetches an opened log once, within the rate limit; reload in a few seconds.
          </Notice>
        )}
      </Card>
    </>
  );
}
