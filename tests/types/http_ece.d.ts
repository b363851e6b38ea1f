// http_ece (Encrypted Content-Encoding for HTTP, RFC 8188/8291) ships no types: what the push tests use.
declare module "http_ece" {
  import type { ECDH } from "node:crypto";
  interface Params {
    version: "aes128gcm" | "aesgcm";
    privateKey?: ECDH;
    authSecret?: Buffer;
    dh?: string | Buffer;
    key?: Buffer;
  }
  const ece: { decrypt(buffer: Buffer, params: Params): Buffer; encrypt(buffer: Buffer, params: Params): Buffer };
  export default ece;
}
