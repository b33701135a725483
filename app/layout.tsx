import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { readLayoutStatus } from "@/app/_server/layout-status";
import { DatabaseDown, DatabaseDownRow } from "@/components/errors/database-down";
import { DemoBanner } from "@/components/layout/demo-banner";
import { StatusRow } from "@/components/layout/status-row";
import { Providers } from "@/components/providers";
import { SiteFooter, SiteHeader } from "@/components/site-header";
import { THEME_SCRIPT } from "@/components/ui/theme-toggle";
import { loadEnv } from "@/env";
import { siteOrigin } from "@/lib/site-url";
import "./globals.css";

const DESCRIPTION =
  "Leaderboard and explorer for Bittensor Subnet 14 (Cacheon): the race for the fastest LLM server.";

export function generateMetadata(): Metadata {
  return {
    metadataBase: new URL(siteOrigin(loadEnv())),
    title: { default: "Cacheon Explorer", template: "%s · Cacheon Explorer" },
    description: DESCRIPTION,
    icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
    openGraph: { siteName: "Cacheon Explorer", type: "website", description: DESCRIPTION },
    twitter: { card: "summary_large_image" },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0f17" },
  ],
};

export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const status = await readLayoutStatus();
  const now = new Date();
  // The per-request CSP nonce (proxy.ts); without it the theme script would be blocked.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const demoSpeed = loadEnv().DEMO_SPEED;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Sets the theme class before the first paint (no flash); the toggle keeps it in localStorage. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-[#0b0f17] dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-amber-300 focus:px-3 focus:py-1 focus:text-slate-900"
        >
          Skip to content
        </a>
        <Providers>
          {demoSpeed !== undefined && <DemoBanner speed={demoSpeed} />}
          <SiteHeader />
          {status.ok ? (
            <HydrationBoundary state={status.state}>
              <StatusRow />
            </HydrationBoundary>
          ) : (
            <DatabaseDownRow last={status.last} now={now} />
          )}
          <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6">
            {status.ok ? children : <DatabaseDown last={status.last} now={now} />}
          </main>
          <SiteFooter />
        </Providers>
      </body>
    </html>
  );
}
