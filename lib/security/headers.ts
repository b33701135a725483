// The browser-facing security headers (issue #9): one place, so next.config.ts, proxy.ts and the tests agree.

/**
 * The pages' Content-Security-Policy. Scripts need this request's nonce: Next.js's inline bootstrap scripts
 * and the theme script in the root layout carry it, and 'strict-dynamic' lets them load the app's chunks.
 * Styles allow 'unsafe-inline' because React and the charts set style attributes, which no nonce can cover.
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers are data, never documents: nothing may run or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Sent with every response (next.config.ts headers()). */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
