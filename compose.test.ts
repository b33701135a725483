import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { envSchema, parseEnv } from "./env";

// compose.yaml is validated without Docker: what `docker compose up` reads, checked against the README's recipe
// and the code it starts (the services, their commands, images, environment, ports and start order).

const healthcheck = z.object({ test: z.array(z.string()).min(2) }).loose();
const service = z
  .object({
    image: z.string().optional(),
    build: z.string().optional(),
    command: z.array(z.string()).optional(),
    environment: z.record(z.string(), z.string()).optional(),
    ports: z.array(z.string()).optional(),
    healthcheck: healthcheck.optional(),
    depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  })
  .loose();
const composeSchema = z.object({ services: z.record(z.string(), service) }).loose();
type Service = z.infer<typeof service>;

// `${NAME:-default}` as compose interpolates it with NAME unset (the operator's .env may set it).
const interpolate = (value: string): string =>
  value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, (_, fallback: string) => fallback);

const compose = composeSchema.parse(parse(readFileSync("compose.yaml", "utf8"), { merge: true }));
const services = compose.services;
const named = (name: string): Service => {
  const s = services[name];
  if (s === undefined) throw new Error(`compose.yaml has no service ${name}`);
  return s;
};
const env = (s: Service): Record<string, string> =>
  Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(v)]));
const APPS = ["app-1", "app-2"];
const EXPLORERS = ["worker", ...APPS];

describe("compose.yaml", () => {
  it("has Postgres, one worker, two app instances and a proxy", () => {
    expect(Object.keys(services).sort()).toEqual(["app-1", "app-2", "postgres", "proxy", "worker"]);
    const runningWorkers = Object.values(services).filter((s) => s.command?.includes("workers/main.ts"));
    expect(runningWorkers).toEqual([named("worker")]);
  });

  it("builds the explorer's services from the repository's Dockerfile, whose command is the app's", () => {
    const dockerfile = readFileSync("Dockerfile", "utf8");
    for (const name of EXPLORERS)
      expect(named(name)).toMatchObject({ build: ".", image: "cacheon-explorer" });
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? "null")).toEqual(["npm", "run", "serve"]);
  });

  it("runs the worker entry point and the production server that exist", () => {
    expect(named("worker").command).toEqual(["node", "--import", "tsx", "workers/main.ts"]);
    expect(existsSync("workers/main.ts")).toBe(true);
    const scripts = z
      .object({ scripts: z.record(z.string(), z.string()) })
      .parse(JSON.parse(readFileSync("package.json", "utf8"))).scripts;
    for (const name of APPS) {
      expect(named(name).command).toEqual(["npm", "run", "serve"]);
      expect(scripts.serve).toBeDefined();
    }
  });

  it("gives every explorer process a valid environment on the same Postgres; only the worker runs workers", () => {
    const postgres = env(named("postgres"));
    const url = `postgres://${postgres.POSTGRES_USER}:${postgres.POSTGRES_PASSWORD}@postgres:5432/${postgres.POSTGRES_DB}`;
    for (const name of EXPLORERS) {
      const vars = env(named(name));
      // Every name is one env.ts reads (a typo would be ignored silently), and every value passes its schema.
      expect(Object.keys(vars).filter((k) => !(k in envSchema.shape))).toEqual([]);
      const parsed = parseEnv(vars);
      expect(parsed.DATABASE_URL).toBe(url);
      expect(parsed.RUN_WORKERS).toBe(name === "worker");
      expect(parsed.HOSTNAME).toBe("0.0.0.0");
    }
  });

  it("starts the explorer after Postgres is healthy and the proxy after both apps are ready", () => {
    expect(named("postgres").healthcheck?.test).toEqual(expect.arrayContaining(["pg_isready"]));
    for (const name of EXPLORERS)
      expect(named(name).depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    for (const name of APPS) {
      const port = parseEnv(env(named(name))).PORT;
      expect(named(name).healthcheck?.test.join(" ")).toContain(`http://127.0.0.1:${port}/api/ready`);
    }
    expect(named("proxy").depends_on).toEqual(
      Object.fromEntries(APPS.map((a) => [a, { condition: "service_healthy" }])),
    );
  });

  it("publishes only the proxy, which spreads requests over both apps on their ports", () => {
    for (const [name, s] of Object.entries(services)) if (name !== "proxy") expect(s.ports).toBeUndefined();
    const proxy = named("proxy");
    expect(proxy.image).toMatch(/^caddy:2/);
    const command = proxy.command ?? [];
    const to = command.flatMap((arg, i) => (command[i - 1] === "--to" ? [arg] : []));
    expect(to).toEqual(APPS.map((a) => `${a}:${parseEnv(env(named(a))).PORT}`));
    const from = command[command.indexOf("--from") + 1] ?? "";
    expect(proxy.ports).toEqual([`${from.slice(1)}:${from.slice(1)}`]);
  });

  it("is the README's production recipe", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain("node --import tsx workers/main.ts");
    expect(readme).toContain("RUN_WORKERS=false npm run serve");
    expect(readme).toContain("compose.yaml");
  });
});
