import { NextResponse, type NextRequest } from "next/server";
import { pageCsp } from "@/lib/security/headers";

// Pages get a Content-Security-Policy with a fresh nonce per request: Next.js reads it from the request's CSP
// header and puts it on its own inline scripts; the root layout reads x-nonce for the theme script.
export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      // API routes get a fixed CSP from next.config.ts (the /api page is a page); static files need none.
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
