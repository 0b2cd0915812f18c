// Recordings end to end: a real MP4 goes through docker/jibri/finalize.sh exactly as Jibri hands it
// over, is stored encrypted, downloads and seeks byte-exact, fails loudly when tampered with, is
// reachable only by owner and moderators, and an ingest killed half-way leaves nothing behind.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type APIRequestContext, type Browser, type Page, expect, test } from "@playwright/test";
import { hashLinkToken, linkToken, newLinkSalt } from "../lib/invites/link-token";
import { roomNameFor } from "../lib/jitsi/room";
import { signIngest } from "../lib/recordings/ingest-auth";
import { sql } from "./db";
import { e2eEnv, portalUrl, storageStateFor } from "./env";
import { futureLocal, pageAs, scheduleMeeting } from "./fixtures";

test.describe.configure({ mode: "serial" });

const NOT_FOUND = { error: { code: "not_found", message: "Not found." } };
const store = e2eEnv.RECORDINGS_DIR;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let meetingId: string;
let video: Buffer;
let spare: Buffer;
let recordingUrl: string;
let storedFile: string;
// Stands in for Jibri's recordings directory (/config/recordings in its container).
let jibriRecordings: string;

test.beforeAll(async ({ browser }) => {
  jibriRecordings = mkdtempSync(path.join(tmpdir(), "jibri-recordings-"));
  const { context, page } = await pageAs(browser, "erin");
  meetingId = await scheduleMeeting(page, { title: `Recorded review ${Date.now()}`, start: futureLocal(1) });
  await sql(`insert into "MeetingMember" ("meetingId", "userId", role) select $1, id, 'MODERATOR' from "User" where email = 'nora@example.test'`, [meetingId]);
  video = await recordVideo(page, 1);
  spare = await recordVideo(page, 2);
  await context.close();
});

test.afterAll(() => {
  for (const dir of [store, jibriRecordings]) rmSync(dir, { recursive: true, force: true });
});

test("finalize.sh hands a real MP4 to the portal, which keeps only ciphertext and removes the plaintext", async () => {
  expect(video.subarray(4, 8).toString("latin1")).toBe("ftyp");
  const session = jibriSession(video);
  const { stderr } = await finalize(session);
  expect(stderr).toMatch(/plaintext removed/);
  expect(existsSync(session)).toBe(false);

  const [row] = await sql<{ id: string; storageKey: string; plainSize: string; cipherSize: string; sha256: string; durationSeconds: number | null }>(
    `select id, "storageKey", "plainSize"::text, "cipherSize"::text, sha256, "durationSeconds" from "Recording" where "meetingId" = $1`,
    [meetingId],
  );
  expect(row).toMatchObject({ plainSize: String(video.length), sha256: sha256(video) });
  // No ffprobe here: the length comes from the (fragmented) file itself, about the 2.5 s recorded.
  expect(row!.durationSeconds).toBeGreaterThan(1.5);
  expect(row!.durationSeconds).toBeLessThan(4);
  recordingUrl = `/api/meetings/${meetingId}/recordings/${row!.id}`;
  storedFile = path.join(store, row!.storageKey);
  const stored = readFileSync(storedFile);
  expect(stored.length).toBe(Number(row!.cipherSize));
  expect(stored.includes(Buffer.from("ftyp"))).toBe(false);
  expect(stored.includes(Buffer.from("moov"))).toBe(false);
  // No stretch of the video survives: 24-byte samples from all over it appear nowhere in the file.
  for (let at = 0; at + 24 <= video.length; at += 997) expect(stored.includes(video.subarray(at, at + 24)), `plaintext at ${at}`).toBe(false);
  expect(temporaryFiles()).toEqual([]);
});

test.describe("as the owner", () => {
  test.use({ storageState: storageStateFor("erin") });

  test("downloads exactly the original bytes", async ({ request }) => {
    const res = await request.get(`${recordingUrl}?download=1`);
    expect(res.status()).toBe(200);
    expect(res.headers()).toMatchObject({ "content-type": "video/mp4", "accept-ranges": "bytes", "cache-control": "private, no-store" });
    expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="recording-\d{8}-\d{4}\.mp4"$/);
    expect(sha256(await res.body())).toBe(sha256(video));
  });

  test("answers Range requests at the start, middle and end with the right bytes", async ({ request }) => {
    const size = video.length;
    const mid = Math.floor(size / 2) - 40_000; // spans chunk boundaries (64 KiB chunks)
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      [`bytes=${mid}-${mid + 80_000}`, mid, mid + 80_000],
      ["bytes=-100", size - 100, size - 1],
      [`bytes=${size - 5}-`, size - 5, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await request.get(recordingUrl, { headers: { Range: range } });
      expect(res.status(), range).toBe(206);
      expect(res.headers()["content-range"]).toBe(`bytes ${start}-${end}/${size}`);
      expect((await res.body()).equals(video.subarray(start, end + 1)), range).toBe(true);
    }
    const beyond = await request.get(recordingUrl, { headers: { Range: `bytes=${size}-` } });
    expect(beyond.status()).toBe(416);
    expect(beyond.headers()["content-range"]).toBe(`bytes */${size}`);
  });

  test("plays and seeks in the browser's video element", async ({ page }) => {
    await page.goto("/meetings");
    const played = await page.evaluate(async (src) => {
      const v = document.createElement("video");
      v.muted = true;
      v.preload = "metadata";
      document.body.append(v);
      const once = (event: string) => new Promise((resolve, reject) => {
        v.addEventListener(event, resolve, { once: true });
        v.addEventListener("error", () => reject(new Error(`media error ${v.error?.code}`)), { once: true });
      });
      v.src = src;
      await once("loadedmetadata");
      await v.play();
      v.currentTime = 0.5;
      await once("seeked");
      return { width: v.videoWidth, height: v.videoHeight, time: v.currentTime };
    }, recordingUrl);
    expect(played).toMatchObject({ width: 320, height: 240 });
    expect(played.time).toBeGreaterThan(0);
  });

  test("a flipped ciphertext byte gives an error, never altered video", async ({ request }) => {
    const original = `${storedFile}.original`;
    copyFileSync(storedFile, original);
    try {
      // The first chunk: refused before anything is sent.
      flipByte(storedFile, 20 + 100);
      const start = await request.get(recordingUrl);
      expect(start.status()).toBe(500);
      expect((await start.json()).error.code).toBe("recording_damaged");
      // A later chunk: a range inside it is refused; a whole download breaks off instead of
      // delivering the damaged bytes.
      copyFileSync(original, storedFile);
      const stride = 64 * 1024 + 16;
      flipByte(storedFile, 20 + 3 * stride + 500);
      const inside = await request.get(recordingUrl, { headers: { Range: `bytes=${3 * 65_536}-${3 * 65_536 + 10}` } });
      expect(inside.status()).toBe(500);
      const whole = await rawGet(request, recordingUrl);
      expect(whole.complete).toBe(false);
      expect(whole.body.equals(video.subarray(0, whole.body.length))).toBe(true);
      expect(whole.body.length).toBeLessThanOrEqual(3 * 65_536);
    } finally {
      copyFileSync(original, storedFile);
      rmSync(original);
    }
    expect(sha256(await (await request.get(recordingUrl)).body())).toBe(sha256(video));
  });
});

test("only the owner and moderators reach a recording; everyone else gets the same 404", async ({ browser, playwright }) => {
  for (const user of ["erin", "nora"] as const) {
    const { context, page } = await pageAs(browser, user);
    const res = await page.request.get(recordingUrl, { headers: { Range: "bytes=0-15" } });
    expect(res.status(), user).toBe(206);
    expect((await res.body()).equals(video.subarray(0, 16))).toBe(true);
    await context.close();
  }
  const refusals: { who: string; status: number; body: unknown }[] = [];
  const record = async (who: string, res: { status(): number; json(): Promise<unknown> }) => refusals.push({ who, status: res.status(), body: await res.json() });

  for (const user of ["emil", "ada"] as const) {
    const { context, page } = await pageAs(browser, user);
    await record(`${user} GET`, await page.request.get(recordingUrl));
    await record(`${user} download`, await page.request.get(`${recordingUrl}?download=1`));
    await context.close();
  }
  const nora = await pageAs(browser, "nora");
  await record("moderator DELETE", await nora.page.request.delete(recordingUrl));
  await nora.context.close();

  const guest = await guestWithPass(browser);
  await record("guest", await guest.page.request.get(recordingUrl));
  await guest.context.close();

  const anonymous = await playwright.request.newContext({ baseURL: portalUrl });
  await record("signed out", await anonymous.get(recordingUrl));
  await record("signed out DELETE", await anonymous.delete(recordingUrl));
  await anonymous.dispose();

  const erin = await pageAs(browser, "erin");
  await record("unknown recording", await erin.page.request.get(`/api/meetings/${meetingId}/recordings/${randomUUID()}`));
  await record("malformed id", await erin.page.request.get(`/api/meetings/${meetingId}/recordings/nope`));
  await erin.context.close();

  for (const r of refusals) expect({ who: r.who, status: r.status, body: r.body }).toEqual({ who: r.who, status: 404, body: NOT_FOUND });
  expect(await sql(`select 1 from "Recording" where "meetingId" = $1`, [meetingId])).toHaveLength(1);
});

test("an upload broken off by the sender leaves no temporary file and no entry", async () => {
  const body = spare.subarray(0, 200_000);
  const req = signedUpload(portalUrl, spare);
  req.write(body);
  await expect.poll(temporaryFiles).toHaveLength(1);
  req.destroy();
  await expect.poll(temporaryFiles).toEqual([]);
  expect(await sql(`select 1 from "Recording" where sha256 = $1`, [sha256(spare)])).toHaveLength(0);
});

test("an ingest whose portal is killed half-way finishes on retry: one entry, no plaintext, no leftovers", async () => {
  const before = storedFiles();
  const server = await startSecondPortal();
  try {
    const req = signedUpload(server.url, spare);
    req.on("error", () => {}); // the server dies under it
    req.write(spare.subarray(0, 200_000));
    await expect.poll(temporaryFiles).toHaveLength(1);
    server.process.kill("SIGKILL");
    await new Promise((resolve) => server.process.once("exit", resolve));
  } finally {
    server.process.kill("SIGKILL");
  }
  // The crash left its half-written (encrypted) upload; no entry exists.
  expect(temporaryFiles()).toHaveLength(1);
  expect(await sql(`select 1 from "Recording" where sha256 = $1`, [sha256(spare)])).toHaveLength(0);

  // Jibri's plaintext is still there (finalize.sh keeps it until the portal confirms): retry.
  const session = jibriSession(spare);
  await finalize(session);
  expect(existsSync(session)).toBe(false);
  const rows = await sql<{ storageKey: string }>(`select "storageKey" from "Recording" where sha256 = $1`, [sha256(spare)]);
  expect(rows).toHaveLength(1);
  expect(temporaryFiles()).toEqual([]);
  expect(storedFiles().sort()).toEqual([...before, rows[0]!.storageKey].sort());
  expect(readFileSync(path.join(store, rows[0]!.storageKey)).includes(spare.subarray(1000, 1024))).toBe(false);

  // And once more, as a Jibri retry after a lost answer would: still one entry.
  await finalize(jibriSession(spare));
  expect(await sql(`select 1 from "Recording" where sha256 = $1`, [sha256(spare)])).toHaveLength(1);
});

// ---- helpers ------------------------------------------------------------------------------------

/** A real MP4 from Chromium's encoder: 320×240 noise with a frame counter, about 2.5 s. */
async function recordVideo(page: Page, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate(async (seed) => {
    const canvas = Object.assign(document.createElement("canvas"), { width: 320, height: 240 });
    const ctx = canvas.getContext("2d")!;
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: "video/mp4;codecs=avc1", videoBitsPerSecond: 2_500_000 });
    const parts: Blob[] = [];
    recorder.ondataavailable = (e) => parts.push(e.data);
    let frame = 0;
    const draw = () => {
      const img = ctx.createImageData(320, 240);
      for (let i = 0; i < img.data.length; i++) img.data[i] = (Math.random() * 256) | 0;
      ctx.putImageData(img, 0, 0);
      ctx.fillStyle = "#fff";
      ctx.font = "48px sans-serif";
      ctx.fillText(`${seed}:${frame++}`, 20, 130);
    };
    draw();
    const timer = setInterval(draw, 40);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start(500);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    recorder.stop();
    await stopped;
    clearInterval(timer);
    const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }, seed);
  const buf = Buffer.from(base64, "base64");
  expect(buf.length).toBeGreaterThan(4 * 65_536);
  return buf;
}

/** The directory Jibri leaves for finalize.sh: the recording and its metadata.json. */
function jibriSession(file: Buffer): string {
  const dir = path.join(jibriRecordings, randomUUID().slice(0, 8));
  mkdirSync(dir);
  writeFileSync(path.join(dir, `${roomNameFor(meetingId, e2eEnv.ROOM_NAME_SECRET)}_2026-11-23-10-00-00.mp4`), file);
  const meetingUrl = `https://${e2eEnv.JITSI_DOMAIN}/${roomNameFor(meetingId, e2eEnv.ROOM_NAME_SECRET)}`;
  writeFileSync(path.join(dir, "metadata.json"), JSON.stringify({ meeting_url: meetingUrl, participants: [{ name: "Erin Employee" }] }));
  return dir;
}

function finalize(dir: string) {
  // Only what the jibri container gives it (docker/compose.yml).
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_ENV: "production", PORTAL_INTERNAL_URL: portalUrl, RECORDINGS_INGEST_SECRET: e2eEnv.RECORDINGS_INGEST_SECRET };
  return promisify(execFile)("bash", ["docker/jibri/finalize.sh", dir], { env });
}

/** A signed ingest request whose body the test writes by hand, so it can stop half-way. */
function signedUpload(base: string, file: Buffer) {
  const claim = { timestamp: String(Math.floor(Date.now() / 1000)), room: roomNameFor(meetingId, e2eEnv.ROOM_NAME_SECRET), sha256: sha256(file), size: String(file.length), duration: "" };
  const headers = {
    "Content-Type": "application/octet-stream",
    "Content-Length": String(file.length),
    "X-Recording-Room": claim.room,
    "X-Recording-Sha256": claim.sha256,
    "X-Recording-Size": claim.size,
    "X-Recording-Timestamp": claim.timestamp,
    "X-Recording-Signature": signIngest(e2eEnv.RECORDINGS_INGEST_SECRET, claim),
  };
  const req = httpRequest(`${base}/api/internal/recordings`, { method: "POST", headers });
  req.on("error", () => {});
  return req;
}

/** Another portal process on the same database and storage, to be killed mid-ingest. */
async function startSecondPortal(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve(".next/standalone/server.js")], { env: { ...process.env, ...e2eEnv, PORT: String(port) }, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  await expect.poll(() => fetch(`${url}/api/health`).then((r) => r.status, () => 0), { timeout: 20_000 }).toBe(200);
  return { url, process: child };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A GET read to its end or its break: what arrived, and whether the response was complete. */
async function rawGet(request: APIRequestContext, url: string): Promise<{ body: Buffer; complete: boolean }> {
  const { cookies } = await request.storageState();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return new Promise((resolve) => {
    httpRequest(`${portalUrl}${url}`, { headers: { cookie } }, (res) => {
      const parts: Buffer[] = [];
      const done = () => resolve({ body: Buffer.concat(parts), complete: res.complete });
      res.on("data", (p: Buffer) => parts.push(p));
      res.on("end", done);
      res.on("error", done);
      res.on("aborted", done);
    }).end();
  });
}

/** Someone who came in through an invite link: a guest pass for this very meeting, no session. */
async function guestWithPass(browser: Browser) {
  const id = randomUUID();
  const salt = newLinkSalt();
  const token = linkToken(e2eEnv.ROOM_NAME_SECRET, id, salt);
  await sql(
    `insert into "InviteLink" (id, "meetingId", "tokenHash", salt, lobby, "expiresAt", "createdById")
     select $1, $2, $3, $4, false, now() + interval '1 day', "ownerId" from "Meeting" where id = $2`,
    [id, meetingId, hashLinkToken(token), salt],
  );
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`/join/${token}`);
  await page.getByLabel("Your name").fill("Gus Guest");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect.poll(async () => (await context.cookies()).length).toBeGreaterThan(0);
  return { context, page };
}

function flipByte(file: string, at: number) {
  const bytes = readFileSync(file);
  bytes[at]! ^= 0x01;
  writeFileSync(file, bytes);
}

function temporaryFiles(): string[] {
  const dir = path.join(store, ".tmp");
  return existsSync(dir) ? readdirSync(dir) : [];
}

function storedFiles(): string[] {
  return readdirSync(store).filter((f) => f !== ".tmp");
}
