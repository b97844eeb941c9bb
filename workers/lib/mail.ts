// Per-request Resend mailer; the only place that imports the SDK.
import { Resend } from "resend";
import { DependencyError } from "./dependency";

export interface Mail {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type Mailer = (mail: Mail) => Promise<{ id: string }>;

export function getMailer(env: Pick<Env, "RESEND_API_KEY" | "RESEND_BASE_URL" | "MAIL_FROM">): Mailer {
  // An empty RESEND_BASE_URL means Resend's own API.
  const resend = env.RESEND_BASE_URL ? new Resend(env.RESEND_API_KEY, { baseUrl: env.RESEND_BASE_URL }) : new Resend(env.RESEND_API_KEY);
  return async (mail) => {
    // The SDK never throws for API errors; it returns { error }.
    const { data, error } = await resend.emails.send({ from: env.MAIL_FROM, ...mail }).catch((err: unknown) => {
      throw new DependencyError("mail", err);
    });
    if (error || !data) throw new DependencyError("mail", new Error(error?.message ?? "no reply from the mail API"));
    return { id: data.id };
  };
}
