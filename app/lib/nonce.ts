import { createContext, useContext } from "react";

// The server renders with this response's CSP nonce; in the browser it is "" (browsers hide a
// nonce attribute from scripts once the page has loaded, so there is nothing to match).
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce() {
  return useContext(NonceContext);
}
