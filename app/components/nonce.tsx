import { createContext, useContext } from "react";

/** The CSP nonce of this response, for the inline scripts Remix renders. */
export const NonceContext = createContext<string>("");

export function useNonce(): string {
  return useContext(NonceContext);
}
