import type { Metadata } from "next";
import { ApiReference } from "@/components/api/api-reference";
import { PageHeader } from "@/components/ui/page-header";
import { openApiDocument } from "@/server/api/openapi-document";

export const metadata: Metadata = {
  title: "API",
  description: "The Cacheon Explorer's public HTTP API: reads for everyone, signed writes for validators.",
};

export default function ApiPage() {
  return (
    <>
      <PageHeader title="API">
        Everything on these pages comes from this API. Reads are public, CORS-open and cacheable for 5 s; the
        validators&apos; writes are signed with Epistula v2 by a permitted hotkey. The machine-readable
        description is{" "}
        <a href="/api/v1/openapi.json" className="underline underline-offset-2">
          /api/v1/openapi.json
        </a>{" "}
        (OpenAPI 3.1); errors are always{" "}
        <code className="font-mono text-xs">{`{"error": {"code", "message"}}`}</code>; list routes answer CSV
        with <code className="font-mono text-xs">?format=csv</code>.
      </PageHeader>
      <ApiReference document={openApiDocument()} />
    </>
  );
}
