import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex w-full max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-amber-400" />
          Cacheon Explorer
        </Link>
        <nav aria-label="Main" className="flex gap-4 text-sm text-slate-600 dark:text-slate-300">
          <Link href="/" className="hover:text-slate-900 dark:hover:text-white">
            Status
          </Link>
          <a href="/api/v1/status" className="hover:text-slate-900 dark:hover:text-white">
            API
          </a>
        </nav>
      </div>
    </header>
  );
}
