import { Badge } from "@/components/ui/badge";
import type { HttpMethod, OpenApiDocument, OpenApiOperation } from "@/server/api/openapi";

type Schema = Record<string, unknown>;

/** A JSON Schema in a few words: `integer (1–200), default 50`, `one of scored | failed`, a component's name. */
function describeSchema(schema: Schema): string {
  const ref = schema.$ref;
  if (typeof ref === "string") return ref.split("/").at(-1) ?? ref;
  const parts: string[] = [];
  if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.join(" | ")}`);
  else if (typeof schema.type === "string") parts.push(schema.type);
  else if (Array.isArray(schema.anyOf))
    parts.push((schema.anyOf as Schema[]).map(describeSchema).join(" or "));
  if (
    typeof schema.minimum === "number" &&
    typeof schema.maximum === "number" &&
    schema.maximum < 2 ** 53 - 1
  )
    parts.push(`(${schema.minimum}–${schema.maximum})`);
  if (typeof schema.maxLength === "number") parts.push(`(at most ${schema.maxLength} characters)`);
  if (schema.default !== undefined) parts.push(`, default ${JSON.stringify(schema.default)}`);
  return parts.join(" ").replace(" ,", ",") || "any";
}

function OperationEntry({ method, path, op }: { method: HttpMethod; path: string; op: OpenApiOperation }) {
  const body = op.requestBody?.content["application/json"]?.schema;
  return (
    <section
      id={op.operationId}
      aria-label={`${method.toUpperCase()} ${path}`}
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <Badge tone={method === "get" ? "good" : "warn"}>{method.toUpperCase()}</Badge>
        <span className="break-all">{path}</span>
        {op.security ? <Badge tone="neutral">signed (Epistula v2)</Badge> : null}
      </h3>
      <p className="mt-2 text-sm">{op.summary}</p>
      {op.description ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{op.description}</p>
      ) : null}
      {op.parameters.length > 0 ? (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
          {op.parameters.map((p) => (
            <div key={`${p.in}-${p.name}`} className="contents">
              <dt className="font-mono">
                {p.name}
                <span className="text-slate-500 dark:text-slate-400"> ({p.in})</span>
              </dt>
              <dd className="text-slate-600 dark:text-slate-300">
                {describeSchema(p.schema)}
                {p.description ? ` · ${p.description}` : ""}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {body ? (
        <p className="mt-2 text-xs">
          Body: <span className="font-mono">{describeSchema(body)}</span>
        </p>
      ) : null}
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
        {Object.entries(op.responses).map(([status, answer]) => {
          const [mediaType, content] = Object.entries(answer.content)[0] ?? [];
          const schema = content?.schema ?? {};
          const named = typeof schema.$ref === "string" ? describeSchema(schema) : mediaType;
          return (
            <li key={status}>
              <span className="font-mono">{status}</span> {answer.description}
              {named && !status.startsWith("4") && !status.startsWith("5") ? ` (${named})` : ""}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The API's OpenAPI document for people: operations grouped by tag, each with its query, body and answers. */
export function ApiReference({ document }: { document: OpenApiDocument }) {
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    (Object.entries(item) as [HttpMethod, OpenApiOperation][]).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags[0] ?? "other"))];
  return (
    <div className="space-y-8">
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-3">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold capitalize">
            {tag}
          </h2>
          {operations
            .filter((o) => (o.op.tags[0] ?? "other") === tag)
            .map((o) => (
              <OperationEntry key={`${o.method} ${o.path}`} method={o.method} path={o.path} op={o.op} />
            ))}
        </section>
      ))}
    </div>
  );
}
