// The stylesheet of the policy, branding, audit and realm-admin pages (pages.css beside this module), linked once
// into the document's head: a file of the portal's own origin, so a CSP of style-src 'self' allows it.

export function ensurePageStyles () {
  if (document.getElementById('portal-pages-styles')) return;
  document.head.append(Object.assign(document.createElement('link'), {
    id: 'portal-pages-styles',
    rel: 'stylesheet',
    href: new URL('./pages.css', import.meta.url).href
  }));
}
