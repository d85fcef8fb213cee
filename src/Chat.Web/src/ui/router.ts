// Path routing with history.pushState; the server answers index.html for every client path (WebClientSetup).
export type Route =
  | { name: 'home' } | { name: 'conversation'; id: string } | { name: 'friends' } | { name: 'rooms' }
  | { name: 'room'; id: string } | { name: 'invite'; code: string } | { name: 'profile' } | { name: 'new-group' }
  | { name: 'search'; query: string };

export function parse(path: string, search = ''): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'c': return parts[1] ? { name: 'conversation', id: parts[1] } : { name: 'home' };
    case 'friends': return { name: 'friends' };
    case 'rooms': return parts[1] ? { name: 'room', id: parts[1] } : { name: 'rooms' };
    case 'invite': case 'invites': return parts[1] ? { name: 'invite', code: parts[1] } : { name: 'home' };
    case 'profile': return { name: 'profile' };
    case 'new-group': return { name: 'new-group' };
    case 'search': return { name: 'search', query: new URLSearchParams(search).get('q') ?? '' };
    default: return { name: 'home' };
  }
}

const listeners: Array<(route: Route) => void> = [];

export function onRoute(listener: (route: Route) => void): void { listeners.push(listener); }

export function current(): Route { return parse(location.pathname, location.search); }

export function go(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  for (const listener of listeners) listener(current());
}

window.addEventListener('popstate', () => { for (const listener of listeners) listener(current()); });

/** Same-origin links navigate without a reload (plain clicks only; modifier clicks keep the browser's behaviour). */
document.addEventListener('click', (event) => {
  const anchor = (event.target as Element | null)?.closest?.('a[data-route]') as HTMLAnchorElement | null;
  if (!anchor || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  go(anchor.getAttribute('href') ?? '/');
});
