// Messages with files over the resilient client (fake timers, scripted server): the frame
// carries `fileId` (the body may be empty), the outbox sends it again with the same clientMsgId
// and fileId after a reconnect, and incoming messages keep their `file` metadata.
import { describe, expect, it, vi } from "vitest";
import { createChatClient, createHttpClient, sendFile, type ChatClient, type StoredFile } from "../../client";
import { createFakeServer, type FakeServer, useFakeClock } from "./client-fake-server";
import { ALICE, BOB } from "./client-fake-socket";

const settle = () => vi.advanceTimersByTimeAsync(0);
const GROUP = "g0123456789abcdefghij";
const file: StoredFile = {
  id: "f0123456789abcdefghijklmn",
  name: "cat.png",
  size: 48_213,
  mime: "image/png",
  sha256: "b".repeat(64),
  width: 640,
  height: 480,
};

async function openClient(server: FakeServer): Promise<ChatClient> {
  const client = createChatClient({ url: "wss://qchat.test/v1/ws", token: "tok.en", deviceId: "phone-1", openSocket: server.openSocket });
  client.start();
  await settle();
  expect(client.state.status).toBe("open");
  return client;
}

useFakeClock(0);

describe("sending files", () => {
  it("puts fileId on send and group_send frames, with an empty body allowed", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    await client.send(BOB, "", { clientMsgId: "c1", fileId: file.id });
    await client.sendToGroup(GROUP, "look", { clientMsgId: "c2", fileId: file.id });
    await client.send(BOB, "no file", { clientMsgId: "c3" });
    expect(server.sends()).toEqual([
      { socket: 0, clientMsgId: "c1", body: "", fileId: file.id },
      { socket: 0, clientMsgId: "c3", body: "no file" },
    ]);
    expect(server.groupSends()).toEqual([{ socket: 0, groupId: GROUP, clientMsgId: "c2", body: "look", fileId: file.id }]);
    expect(server.current.frames().find((f) => f.clientMsgId === "c3")).not.toHaveProperty("fileId");
  });

  it("re-sends the same clientMsgId and fileId after a reconnect, 1:1 and in a group", async () => {
    const server = createFakeServer({ autoAck: false });
    const client = await openClient(server);
    const direct = client.send(BOB, "the report", { clientMsgId: "c-file", fileId: file.id });
    const inGroup = client.sendToGroup(GROUP, "", { clientMsgId: "g-file", fileId: file.id });
    await settle();
    server.current.serverClose(1006, "");
    server.autoAck = true;
    await settle();
    await settle();
    expect(client.state.status).toBe("open");
    await expect(direct).resolves.toMatchObject({ clientMsgId: "c-file", seq: 1 });
    await expect(inGroup).resolves.toMatchObject({ clientMsgId: "g-file" });
    expect(server.sends().map((s) => [s.socket, s.clientMsgId, s.fileId])).toEqual([
      [0, "c-file", file.id],
      [1, "c-file", file.id],
    ]);
    expect(server.groupSends().map((s) => [s.socket, s.clientMsgId, s.fileId])).toEqual([
      [0, "g-file", file.id],
      [1, "g-file", file.id],
    ]);
  });

  it("hands incoming messages over with their file metadata", async () => {
    const server = createFakeServer();
    server.afterHello = [
      {
        type: "events",
        events: [
          {
            eseq: 1,
            type: "message",
            message: {
              messageId: "m1",
              conversation: `${ALICE}:${BOB}`,
              seq: 1,
              from: BOB,
              to: ALICE,
              clientMsgId: "b1",
              body: "",
              file,
              sentAt: "2026-11-30T18:00:00.000Z",
            },
          },
        ],
      },
    ];
    const client = await openClient(server);
    const event = await client.nextEvent("message", undefined, 1000);
    expect(event.message.file).toEqual(file);
  });
});

describe("sendFile", () => {
  it("uploads, then sends the file with the caption to a friend or a group", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    const uploads: string[] = [];
    const http = createHttpClient({
      baseUrl: "http://qchat.test",
      token: "tok",
      fetch: async (url) => {
        uploads.push(url);
        return new Response(JSON.stringify({ file }), { status: 201 });
      },
    });
    const bytes = new Uint8Array(10);
    const toBob = await sendFile(http, client, BOB, bytes, { name: "cat.png", caption: "our cat", clientMsgId: "s1" });
    const toGroup = await sendFile(http, client, { groupId: GROUP }, bytes, { name: "cat.png", clientMsgId: "s2" });
    expect(uploads).toEqual(["http://qchat.test/v1/files?name=cat.png", "http://qchat.test/v1/files?name=cat.png"]);
    expect(toBob).toMatchObject({ file, ack: { type: "sent", clientMsgId: "s1" } });
    expect(toGroup).toMatchObject({ file, ack: { type: "group_sent", clientMsgId: "s2" } });
    expect(server.sends()).toEqual([{ socket: 0, clientMsgId: "s1", body: "our cat", fileId: file.id }]);
    expect(server.groupSends()).toEqual([{ socket: 0, groupId: GROUP, clientMsgId: "s2", body: "", fileId: file.id }]);
  });

  it("sends nothing when the upload is refused", async () => {
    const server = createFakeServer();
    const client = await openClient(server);
    const http = createHttpClient({
      baseUrl: "http://qchat.test",
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: "FILE_TYPE_NOT_ALLOWED", message: "not allowed" } }), { status: 415 }),
    });
    await expect(sendFile(http, client, BOB, new Uint8Array(3), { name: "x.exe" })).rejects.toMatchObject({
      code: "FILE_TYPE_NOT_ALLOWED",
    });
    expect(server.sends()).toEqual([]);
  });
});
