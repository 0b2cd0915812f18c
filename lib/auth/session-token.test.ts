// The kept-key decode reads exactly what next-auth writes, and refuses what next-auth's decode refuses.
import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken } from "@/lib/auth/session-token";

const secret = "session-token-test-secret-0123456789abcdef";
const claims = { sub: "kc-1", uid: "00000000-0000-4000-8000-000000000001", name: "Ana", email: "ana@example.test", sv: 2, sid: "abc" };

describe("decodeSessionToken", () => {
  it("opens next-auth's own cookie to the claims next-auth reads, again from the kept key", async () => {
    const token = await encode({ secret, token: claims });
    const ours = await decodeSessionToken({ secret, token });
    expect(ours).toEqual(await decode({ secret, token }));
    expect(ours).toMatchObject(claims);
    expect(await decodeSessionToken({ secret, token })).toEqual(ours);
  });

  it("keeps a salted key apart, as next-auth does", async () => {
    const token = await encode({ secret, salt: "other", token: claims });
    expect(await decodeSessionToken({ secret, salt: "other", token })).toMatchObject(claims);
    await expect(decodeSessionToken({ secret, token })).rejects.toThrow();
  });

  it("refuses another secret's cookie, an altered one, and one expired beyond the 15 s tolerance", async () => {
    const token = await encode({ secret, token: claims });
    await expect(decodeSessionToken({ secret: `${secret}-other`, token })).rejects.toThrow();
    const [h, k, iv, ct, tag] = token.split(".");
    await expect(decodeSessionToken({ secret, token: [h, k, iv, `${ct![0] === "A" ? "B" : "A"}${ct!.slice(1)}`, tag].join(".") })).rejects.toThrow();
    const expired = await encode({ secret, token: claims, maxAge: -16 });
    await expect(decode({ secret, token: expired })).rejects.toThrow();
    await expect(decodeSessionToken({ secret, token: expired })).rejects.toThrow();
    expect(await decodeSessionToken({ secret, token: await encode({ secret, token: claims, maxAge: -5 }) })).toMatchObject(claims);
    expect(await decodeSessionToken({ secret, token: "" })).toBeNull();
  });
});
