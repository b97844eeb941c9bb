// The seed GateServer's request bodies, for the legacy aliases at / (workers/gateway/seed-aliases.ts).
import { z } from "zod";
import { codeSchema, emailSchema, usernameSchema } from "./auth";

export const seedAliasBodies = {
  getCode: z.object({ email: emailSchema }),
  register: z.object({ user: usernameSchema, email: emailSchema, passwd: z.string(), confirm: z.string(), varifycode: codeSchema }),
  reset: z.object({ email: emailSchema, user: z.string(), passwd: z.string(), varifycode: codeSchema }),
  login: z
    .object({ email: z.string().optional(), user: z.string().optional(), passwd: z.string().min(1).max(1024) })
    .refine((b) => b.email || b.user, "send email or user")
    // What the refinement says, for the JSON Schema documents (zod cannot render a refinement).
    .meta({
      anyOf: [{ required: ["email"] }, { required: ["user"] }],
      examples: [{ user: "alice", passwd: "correct horse battery" }],
    }),
};
