/**
 * A very small client-side router over the History API: the console has a handful of routes
 * under /admin/, so a dependency would buy little. `navigate()` pushes a URL, `<Link>` is a real
 * anchor (open in new tab works) whose plain clicks navigate without a reload, and `useRoute()`
 * gives the current path (without the /admin base) and query string.
 */
import { createContext, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from "react";

export const BASE = "/admin";

export interface Location {
  /** The path below /admin, always starting with "/" ("/groups/42"). */
  path: string;
  search: URLSearchParams;
}

function readLocation(): Location {
  const { pathname, search } = window.location;
  let path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  if (path === "") path = "/";
  return { path, search: new URLSearchParams(search) };
}

const LocationContext = createContext<Location>({ path: "/", search: new URLSearchParams() });

const listeners = new Set<() => void>();

/** The full URL of a console path ("/groups" → "/admin/groups"). */
export function href(path: string): string {
  return `${BASE}${path.startsWith("/") ? path : `/${path}`}`;
}

/** Goes to a console path (below /admin) without a reload; `replace` replaces the history entry. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = href(path);
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  window.scrollTo(0, 0);
  listeners.forEach((listener) => listener());
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const update = () => setLocation(readLocation());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return <LocationContext.Provider value={location}>{children}</LocationContext.Provider>;
}

export function useLocation(): Location {
  return useContext(LocationContext);
}

/** Matches `pattern` ("/groups/:id/:tab?") against `path`; the named segments, decoded, or null. */
export function matchPath(pattern: string, path: string): Record<string, string | undefined> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  const params: Record<string, string | undefined> = {};
  if (have.length > want.length) return null;
  for (let i = 0; i < want.length; i += 1) {
    const segment = want[i];
    const optional = segment.endsWith("?");
    const name = segment.replace(/^:/, "").replace(/\?$/, "");
    if (i >= have.length) {
      if (!optional) return null;
      params[name] = undefined;
      continue;
    }
    if (segment.startsWith(":")) {
      // A malformed escape (a lone "%") is a path this console does not serve: not found.
      try {
        params[name] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (segment !== have[i]) return null;
  }
  return params;
}

export function useMatch(pattern: string): Record<string, string | undefined> | null {
  const { path } = useLocation();
  return useMemo(() => matchPath(pattern, path), [pattern, path]);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string };

/** An anchor to a console path; a plain left click navigates in place. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
