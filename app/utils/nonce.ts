import { createContext, useContext } from "react";

/**
 * The response's CSP nonce, provided by entry.server for the scripts Remix writes inline. Empty in the
 * browser: browsers hide nonces from the page, and hydration does not touch script attributes.
 */
export const NonceContext = createContext("");

export const useNonce = () => useContext(NonceContext);
