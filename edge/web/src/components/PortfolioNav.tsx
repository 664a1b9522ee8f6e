// The same links on every page of one portfolio, the current one marked.
import { Link } from "../router";

const PAGES: [string, string][] = [
  ["", "Overview"],
  ["dashboard", "Dashboard"],
  ["ledger", "Ledger"],
  ["policy", "Policy"],
  ["runs", "Runs"],
  ["orders", "Orders"],
  ["trading", "Trading"],
  ["audit", "Audit log"],
];

function href(portfolioId: string, page: string): string {
  if (page === "dashboard") return `/dashboard/${portfolioId}`;
  return page ? `/portfolios/${portfolioId}/${page}` : `/portfolios/${portfolioId}`;
}

/** ``current`` is the page's key ("" for the overview, "runs" also for one run). */
export function PortfolioNav({ portfolioId, current }: { portfolioId: string; current: string }) {
  return (
    <nav className="subnav" aria-label="Portfolio pages">
      {PAGES.map(([page, text]) => (
        <Link key={page} href={href(portfolioId, page)} aria-current={page === current ? "page" : undefined}>
          {text}
        </Link>
      ))}
    </nav>
  );
}
