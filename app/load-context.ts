// What server.ts passes to every loader and action (built in app/utils/http-guards.server.ts).
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The resident's address: the `TRUST_PROXY`-th hop back when behind proxies. */
    clientIp: string;
    /** This response's Content-Security-Policy nonce, for the scripts Remix writes inline. */
    cspNonce: string;
    /** Rendered once for everyone by the page cache (app/utils/page-cache.server.ts): nothing personal. */
    sharedPage?: boolean;
  }
}

export {};
