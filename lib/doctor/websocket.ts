// The little of RFC 6455 the doctor needs to speak XMPP over a websocket (RFC 7395): text frames,
// close and ping. Node 20 has no WebSocket client built in, and the portal has no websocket package.
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Duplex } from "node:stream";

export type TextSocket = { send: (text: string) => void; next: () => Promise<string>; close: () => void };

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
export const acceptKey = (key: string) => createHash("sha1").update(key + GUID).digest("base64");

/** Opens `url` (ws: or wss:) with the given subprotocol; rejects on any answer but 101 with the right accept key. */
export function openTextSocket(url: string, protocol: string, timeoutMs: number): Promise<TextSocket> {
  const target = new URL(url);
  const key = randomBytes(16).toString("base64");
  const request = target.protocol === "wss:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target.href.replace(/^ws/, "http"), {
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13", "Sec-WebSocket-Protocol": protocol },
      timeout: timeoutMs,
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { name: "TimeoutError" })));
    req.on("error", reject);
    req.on("response", (res) => reject(new Error(`HTTP ${res.statusCode} instead of a websocket`)));
    req.on("upgrade", (res, socket) => {
      if (res.headers["sec-websocket-accept"] !== acceptKey(key)) return reject(new Error("not a websocket answer"));
      resolve(textSocket(socket, true));
    });
    req.end();
  });
}

/** Frames over an upgraded socket; a client masks what it sends (`masked`), a server does not. */
export function textSocket(socket: Duplex, masked: boolean): TextSocket {
  const queue: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  let buffer = Buffer.alloc(0);
  const deliver = (text: string) => (waiting.length ? waiting.shift()!(text) : queue.push(text));
  const write = (opcode: number, payload: Buffer) => socket.writable && socket.write(frame(opcode, payload, masked));
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let f = readFrame(buffer); f; f = readFrame(buffer)) {
      buffer = buffer.subarray(f.length);
      if (f.opcode === 0x1) deliver(f.payload.toString("utf8"));
      else if (f.opcode === 0x9) write(0xa, f.payload);
      else if (f.opcode === 0x8) socket.end();
    }
  });
  socket.on("close", () => waiting.splice(0).forEach((w) => w("")));
  return {
    send: (text) => write(0x1, Buffer.from(text, "utf8")),
    // "" once the connection is gone.
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : socket.readable ? new Promise((r) => waiting.push(r)) : Promise.resolve("")),
    close: () => {
      write(0x8, Buffer.alloc(0));
      socket.end();
    },
  };
}

function frame(opcode: number, payload: Buffer, masked: boolean): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]);
  if (!masked) return Buffer.concat([head, payload]);
  head[1]! |= 0x80;
  const mask = randomBytes(4);
  return Buffer.concat([head, mask, payload.map((b, i) => b ^ mask[i % 4]!)]);
}

// One whole frame from the start of `buf`, or undefined while it is incomplete (stanzas stay far below 4 GB).
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (buf.length < 2) return undefined;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) [len, offset] = buf.length < 4 ? [-1, 4] : [buf.readUInt16BE(2), 4];
  else if (len === 127) [len, offset] = buf.length < 10 ? [-1, 10] : [Number(buf.readBigUInt64BE(2)), 10];
  const mask = buf[1]! & 0x80 ? buf.subarray(offset, offset + 4) : undefined;
  const start = offset + (mask ? 4 : 0);
  if (len < 0 || buf.length < start + len) return undefined;
  const payload = Buffer.from(buf.subarray(start, start + len));
  if (mask) payload.forEach((b, i) => (payload[i] = b ^ mask[i % 4]!));
  return { opcode: buf[0]! & 0x0f, payload, length: start + len };
}
