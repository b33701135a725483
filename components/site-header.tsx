import { SearchBox } from "@/components/layout/search-box";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export const NAV = [
  { href: "/", label: "King" },
  { href: "/leaderboard", label: "Leaderboard" },
  { href: "/kings", label: "Kings" },
  { href: "/emissions", label: "Emissions" },
  { href: "/validators", label: "Validators" },
  { href: "/official", label: "Official" },
  { href: "/methodology", label: "Methodology" },
  { href: "/status", label: "Status" },
] as const;

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <a href="/" className="order-1 flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-amber-400" />
          Cacheon Explorer
        </a>
        <div className="order-2 sm:order-4">
          <ThemeToggle />
        </div>
        <div className="order-3 w-full min-w-0 sm:order-2 sm:w-auto">
          {/* Wraps rather than scrolls on a phone: a link hidden past the edge is a link nobody finds. */}
          <nav
            aria-label="Main"
            className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600 dark:text-slate-300"
          >
            {NAV.map((item) => (
              <a
                key={item.href}
                href={item.href}
                className="whitespace-nowrap rounded py-1 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-amber-500 dark:hover:text-white"
              >
                {item.label}
              </a>
            ))}
          </nav>
        </div>
        <div className="order-4 w-full sm:order-3 sm:w-56">
          <SearchBox />
        </div>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="mt-12 border-t border-slate-200 py-6 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">
      <div className="mx-auto flex w-full max-w-6xl flex-wrap gap-4 px-4 sm:px-6">
        <span>Cacheon Explorer · Bittensor Subnet 14</span>
        <a href="/status" className="underline underline-offset-2">
          Status
        </a>
        <a href="/methodology" className="underline underline-offset-2">
          Methodology
        </a>
        <a href="/api" className="underline underline-offset-2">
          API
        </a>
      </div>
    </footer>
  );
}
