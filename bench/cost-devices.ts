// The cost phases' client: named devices (`?device=`) on the QChat protocol that count every
// frame and byte each way, ack cumulatively as the SDK does, and hand frames to the phase. Unlike
// the ring's load client (sockets.ts) a user here may hold two devices, so the echo of a send to
// the sender's other device is part of what is counted.
import WebSocket from "ws";
import { HEARTBEAT_REQUEST, HEARTBEAT_RESPONSE, type ClientFrame, type ServerFrame } from "../protocol/frames";

export interface Device {
  uid: number;
  name: string;
  /** Frames and bytes (UTF-8 payload) received from and sent to the server since the last reset. */
  traffic: { framesIn: number; bytesIn: number; framesOut: number; bytesOut: number };
  resetTraffic(): void;
  send(frame: ClientFrame): void;
  /** Receives every frame after hello (events are acked by the device itself). */
  onFrame: (frame: ServerFrame) => void;
  close(): Promise<void>;
}

const HELLO_TIMEOUT_MS = 30_000;
const HEARTBEAT_MS = 25_000;

export function openDevice(api: string, user: { id: number; token: string }, name: string, ackDelayMs: number): Promise<Device> {
  const url = `${api.replace(/^http/, "ws")}/v1/ws?device=${name}`;
  const ws = new WebSocket(url, ["qchat.v1", `bearer.${user.token}`], { perMessageDeflate: false });
  const zero = { framesIn: 0, bytesIn: 0, framesOut: 0, bytesOut: 0 };
  let lastEseq = 0;
  let ackTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const send = (frame: ClientFrame) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(frame);
    device.traffic.framesOut++;
    device.traffic.bytesOut += Buffer.byteLength(text);
    ws.send(text);
  };
  const ack = () => ((ackTimer = undefined), send({ type: "ack", upTo: lastEseq }));
  const device: Device = {
    uid: user.id,
    name,
    traffic: { ...zero },
    resetTraffic: () => void (device.traffic = { ...zero }),
    send,
    onFrame: () => {},
    close: () =>
      new Promise<void>((resolve) => {
        if (ackTimer !== undefined) clearTimeout(ackTimer);
        clearInterval(heartbeat);
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        const timer = setTimeout(() => (ws.terminate(), resolve()), 2_000);
        ws.once("close", () => (clearTimeout(timer), resolve()));
        ws.close(1000, "bench done");
      }),
  };
  return new Promise<Device>((resolve, reject) => {
    const timer = setTimeout(() => (ws.terminate(), reject(new Error(`no hello for ${user.id}/${name}`))), HELLO_TIMEOUT_MS);
    ws.on("error", (err) => (clearTimeout(timer), reject(err)));
    ws.on("close", (code) => (clearTimeout(timer), clearInterval(heartbeat), reject(new Error(`closed ${code} before hello`))));
    ws.on("message", (data: Buffer) => {
      const text = data.toString();
      if (text === HEARTBEAT_RESPONSE) return;
      device.traffic.framesIn++;
      device.traffic.bytesIn += data.byteLength;
      const frame = JSON.parse(text) as ServerFrame;
      if (frame.type === "hello") {
        clearTimeout(timer);
        heartbeat = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(HEARTBEAT_REQUEST), HEARTBEAT_MS);
        return resolve(device);
      }
      if (frame.type === "events") {
        const fresh = frame.events.filter((e) => e.eseq > lastEseq);
        lastEseq = Math.max(lastEseq, ...frame.events.map((e) => e.eseq));
        // One cumulative ack per frame (or per interval), as the SDK does.
        if (ackDelayMs <= 0) ack();
        else ackTimer ??= setTimeout(ack, ackDelayMs);
        return device.onFrame({ ...frame, events: fresh });
      }
      device.onFrame(frame);
    });
  });
}

/** Opens `name` devices for `users`, `concurrency` handshakes at a time, in user order. */
export async function openDevices(
  api: string,
  users: { id: number; token: string }[],
  name: string,
  ackDelayMs: number,
  concurrency = 10,
): Promise<Device[]> {
  const devices: Device[] = new Array(users.length);
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const i = next++;
      devices[i] = await openDevice(api, users[i]!, name, ackDelayMs);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  } catch (err) {
    await Promise.all(devices.filter(Boolean).map((d) => d.close()));
    throw err;
  }
  return devices;
}
