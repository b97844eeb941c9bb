// What tests/global-setup.ts provides to the Worker tests (`inject("...")`).
export {};

declare module "vitest" {
  export interface ProvidedContext {
    /** Every Worker variable, pointing at the test run's local cloud. */
    workerVars: Record<string, string>;
    /** The local mailbox, e.g. http://127.0.0.1:PORT/mailbox. */
    mailboxUrl: string;
    /** The Upstash emulator, for tests that move time forward on a Redis key. */
    upstash: { url: string; token: string };
    /** tests/cloud-control.ts: POST /mariadb/stop, /mariadb/start, /redis/stop, /redis/start. */
    controlUrl: string;
  }
}
