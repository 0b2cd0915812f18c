import { decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { NOT_BEFORE_BACKDATE_SECONDS, TOKEN_TTL_SECONDS, signJitsiToken } from "@/lib/jitsi/token";

const signer = { appId: "meeting-portal", secret: "jitsi-app-secret-of-at-least-32-characters", audience: "jitsi", subject: "meet.jitsi" };
const key = new TextEncoder().encode(signer.secret);
const request = {
  room: "ABCDEF0123456789abcdef0123456789abcdef01",
  user: { id: "u-1", name: "Erin Employee", email: "erin@example.test" },
  rights: { moderator: true, recording: true, livestreaming: false, lobbyBypass: true },
  lobby: true,
};
const verify = (token: string, at?: Date) =>
  jwtVerify(token, key, { issuer: signer.appId, audience: signer.audience, subject: signer.subject, algorithms: ["HS256"], clockTolerance: 0, currentDate: at });

describe("Jitsi token", () => {
  it("carries every claim Prosody checks", async () => {
    const now = Date.now();
    const { token, expiresAt } = await signJitsiToken(signer, request, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    const { payload } = await verify(token);
    const sec = Math.floor(now / 1000);
    expect(payload.iss).toBe("meeting-portal");
    expect(payload.aud).toBe("jitsi"); // one string, never an array
    expect(payload.sub).toBe("meet.jitsi");
    expect(payload.room).toBe(request.room.toLowerCase());
    expect(payload.iat).toBe(sec);
    expect(payload.nbf).toBe(sec - NOT_BEFORE_BACKDATE_SECONDS);
    expect(payload.exp).toBe(sec + TOKEN_TTL_SECONDS);
    expect(expiresAt.getTime()).toBe((sec + TOKEN_TTL_SECONDS) * 1000);
    expect(payload.context).toEqual({
      user: { id: "u-1", name: "Erin Employee", email: "erin@example.test", moderator: true, affiliation: "owner", lobby_bypass: true },
      room: { lobby: true },
      features: { recording: true, livestreaming: false, transcription: false, "outbound-call": false, "sip-outbound-call": false, lobby_bypass: true },
    });
  });

  it("makes a participant a plain member with no features and no email when there is none", async () => {
    const { token } = await signJitsiToken(signer, { ...request, user: { ...request.user, email: null }, rights: { moderator: false, recording: false, livestreaming: false, lobbyBypass: false } });
    const { payload } = await verify(token);
    const ctx = payload.context as { user: Record<string, unknown>; features: Record<string, unknown> };
    expect(ctx.user).toEqual({ id: "u-1", name: "Erin Employee", moderator: false, affiliation: "member", lobby_bypass: false });
    expect(Object.values(ctx.features).every((v) => v === false)).toBe(true);
  });

  it("tells Prosody whether the meeting wants a lobby (mod_portal_lobby reads context.room.lobby)", async () => {
    const { token } = await signJitsiToken(signer, { ...request, lobby: false });
    expect((await verify(token)).payload.context).toMatchObject({ room: { lobby: false } });
  });

  it("tells Prosody when the room closes (mod_portal_room_end reads context.room.closes_at, Unix seconds)", async () => {
    const { token } = await signJitsiToken(signer, { ...request, closesAt: new Date("2027-03-23T14:30:00.900Z") });
    expect((await verify(token)).payload.context).toMatchObject({ room: { lobby: true, closes_at: Date.UTC(2027, 2, 23, 14, 30) / 1000 } });
  });

  it("is rejected with the wrong secret", async () => {
    const { token } = await signJitsiToken(signer, request);
    await expect(jwtVerify(token, new TextEncoder().encode(`${signer.secret}-wrong`))).rejects.toThrow(/signature/);
  });

  it("expires, and is valid only from its (back-dated) nbf", async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const { token } = await signJitsiToken(signer, request, now);
    await expect(verify(token, new Date(now + (TOKEN_TTL_SECONDS - 1) * 1000))).resolves.toBeTruthy();
    await expect(verify(token, new Date(now + (TOKEN_TTL_SECONDS + 1) * 1000))).rejects.toThrow(/exp/);
    await expect(verify(token, new Date(now - (NOT_BEFORE_BACKDATE_SECONDS - 1) * 1000))).resolves.toBeTruthy();
    await expect(verify(token, new Date(now - (NOT_BEFORE_BACKDATE_SECONDS + 1) * 1000))).rejects.toThrow(/nbf/);
  });
});
