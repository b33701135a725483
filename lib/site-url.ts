/** The explorer's public origin without a trailing slash: PUBLIC_URL when set, else this instance on localhost. */
export function siteOrigin(env: { readonly PUBLIC_URL?: string | undefined; readonly PORT: number }): string {
  const origin = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  return origin.replace(/\/+$/, "");
}
