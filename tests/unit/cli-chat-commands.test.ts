// The slash commands both chat sessions share (cli/chat/commands.ts), through a session's line
// handler with a recording target: what is called, and what the user is told.
import { describe, expect, it } from "vitest";
import { QChatError } from "../../client";
import { CHAT_COMMANDS, commandsHelp, createLineHandler, type ChatCommand, type ChatTarget } from "../../cli/chat/commands";
import { EXIT } from "../../cli/errors";

function recordingTarget(fail?: { code: string }) {
  const printed: string[] = [];
  const calls: unknown[][] = [];
  const settle = (...call: unknown[]) => {
    calls.push(call);
    return fail ? Promise.reject(new QChatError(fail.code, 409, "refused")) : Promise.resolve();
  };
  const target: ChatTarget = {
    term: {
      print: (line) => void printed.push(line),
      eraseEntered: () => {},
      onLine: () => {},
      prompt: () => {},
      onEnd: () => {},
      close: () => {},
    },
    leave: async (code) => void calls.push(["leave", code]),
    lastOwn: () => ({ messageId: "m7", seq: 7 }),
    messageAt: (seq) => (seq === 3 ? "m3" : undefined),
    recall: (id) => settle("recall", id),
    recallTooLate: "two minutes.",
    edit: (id, body) => settle("edit", id, body),
    hide: (id) => settle("hide", id),
    sendFile: async (rest) => void calls.push(["sendFile", rest]),
  };
  const sent: string[] = [];
  const handle = createLineHandler(target, CHAT_COMMANDS, "HELP", (text) => void sent.push(text));
  return { handle, printed, calls, sent };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("chat commands", () => {
  it("sends text, and runs /recall, /edit, /send-file and /quit on the conversation", async () => {
    const { handle, calls, sent, printed } = recordingTarget();
    handle("hello there");
    expect(sent).toEqual(["hello there"]);
    handle("/recall");
    handle("/edit better words");
    handle('/send-file "my cat.png" look');
    expect(handle("/quit")).toBe("leaving");
    await tick();
    expect(calls).toEqual([
      ["recall", "m7"],
      ["edit", "m7", "better words"],
      ["sendFile", '"my cat.png" look'],
      ["leave", EXIT.OK],
    ]);
    handle("/edit");
    handle("/help");
    handle("/nope");
    expect(printed).toEqual(["Usage: /edit <new text> (replaces your last message).", "HELP", "Unknown command /nope. HELP"]);
  });

  it("/hide #n hides that message; /hide alone asks first and clears the conversation on yes", async () => {
    const { handle, calls, printed, sent } = recordingTarget();
    handle("/hide #3");
    handle("/hide 9");
    await tick();
    expect(calls).toEqual([["hide", "m3"]]);
    expect(printed).toEqual([expect.stringContaining("No message 9 shown here"), expect.stringContaining("Hid #3 for you")]);
    handle("/hide");
    expect(printed.at(-1)).toContain("[y/N]");
    // The answer is not sent as a message.
    handle("no");
    expect(printed.at(-1)).toBe("Kept.");
    handle("/hide");
    handle("y");
    await tick();
    expect(calls.at(-1)).toEqual(["hide", undefined]);
    expect(printed.at(-1)).toContain("Cleared for you");
    expect(sent).toEqual([]);
  });

  it("says when the edit or recall window has passed", async () => {
    const late = recordingTarget({ code: "EDIT_WINDOW_PASSED" });
    late.handle("/edit x");
    await tick();
    expect(late.printed).toEqual(["Too late to edit #7: messages can be edited for 15 minutes."]);
    const tooLate = recordingTarget({ code: "RECALL_WINDOW_PASSED" });
    tooLate.handle("/recall");
    await tick();
    expect(tooLate.printed).toEqual(["Too late to recall #7: two minutes."]);
  });

  it("lists every command in help, a session's own commands too", () => {
    const extra: ChatCommand = { names: ["/members"], usage: "/members", does: "lists the members", run: () => {} };
    const help = commandsHelp([...CHAT_COMMANDS, extra]);
    for (const name of ["/send-file", "/recall", "/edit <text>", "/hide #<n>", "/quit", "/members lists the members"])
      expect(help).toContain(name);
  });
});
