import type { MetadataRoute } from "next";
import { loadEnv } from "@/env";
import { siteOrigin } from "@/lib/site-url";

export const dynamic = "force-dynamic";

// Pages are for everyone; the API and the event stream are for programs, and a crawler following them would
// only spend the validators' rate and the database's time.
export default function robots(): MetadataRoute.Robots {
  const origin = siteOrigin(loadEnv());
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/api/v1/", "/search"] },
    sitemap: `${origin}/sitemap.xml`,
  };
}
