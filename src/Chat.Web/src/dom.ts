// DOM helpers. User strings only ever reach the page as text nodes or attribute values set through the DOM API: nothing
// here (or anywhere in the client) assigns innerHTML, so content cannot become markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element; `on…` attributes become listeners, `false`/`null` attributes are left out, children become text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'className') {
      element.className = String(value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);
const linkPattern = /\b(?:https?:\/\/|mailto:)[^\s<>"']+/gi;
const mentionPattern = /@([A-Za-z0-9_.-]{2,32})/g;

/** A link only for http, https and mailto URLs that parse; anything else stays text. */
export function safeLink(text: string): Node {
  const trimmed = text.replace(/[).,;:!?]+$/, '');
  try {
    const url = new URL(trimmed);
    if (allowedProtocols.has(url.protocol)) {
      const anchor = h('a', { href: url.href, rel: 'noopener noreferrer', target: '_blank' }, trimmed);
      const rest = text.slice(trimmed.length);
      if (!rest) return anchor;
      const fragment = document.createDocumentFragment();
      append(fragment, anchor, rest);
      return fragment;
    }
  } catch {
    // not a URL: falls through to text
  }
  return document.createTextNode(text);
}

/** Message text as nodes: links (http/https/mailto only) and @mentions highlighted; everything else plain text. */
export function richText(content: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of content.matchAll(linkPattern)) {
    appendMentions(fragment, content.slice(last, match.index));
    fragment.appendChild(safeLink(match[0]));
    last = (match.index ?? 0) + match[0].length;
  }
  appendMentions(fragment, content.slice(last));
  return fragment;
}

function appendMentions(parent: Node, text: string): void {
  let last = 0;
  for (const match of text.matchAll(mentionPattern)) {
    const index = match.index ?? 0;
    if (index > 0 && /[\w@]/.test(text[index - 1])) continue;
    append(parent, text.slice(last, index), h('span', { className: 'mention' }, match[0]));
    last = index + match[0].length;
  }
  append(parent, text.slice(last));
}

export function clear(element: Element, ...children: Child[]): void {
  element.replaceChildren();
  append(element, ...children);
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) + ' ' + date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
