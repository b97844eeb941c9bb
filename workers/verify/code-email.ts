// The verification email, as HTML and plain text.
import type { CodePurpose } from "../../protocol/auth";
import type { Mail } from "../lib/mail";

const WHY: Record<CodePurpose, string> = {
  register: "finish creating your QChat account",
  reset: "reset your QChat password",
};

export function codeEmail(to: string, code: string, purpose: CodePurpose, ttlSeconds: number): Mail {
  const minutes = Math.round(ttlSeconds / 60);
  const subject = `Your QChat code: ${code}`;
  const text = [
    `Your QChat verification code is ${code}.`,
    `Enter it to ${WHY[purpose]}. It expires in ${minutes} minutes and works once.`,
    "If you did not ask for it, ignore this email.",
  ].join("\n\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:480px;margin:auto;padding:24px;color:#222">
<h1 style="font-size:20px">QChat verification</h1>
<p>Enter this code to ${WHY[purpose]}:</p>
<p style="font-size:32px;letter-spacing:8px;font-weight:bold;background:#f3f4f6;padding:12px 16px;border-radius:8px;text-align:center">${code}</p>
<p>It expires in ${minutes} minutes and works once.</p>
<p style="color:#666;font-size:13px">If you did not ask for it, ignore this email.</p>
</body></html>`;
  return { to, subject, html, text };
}
