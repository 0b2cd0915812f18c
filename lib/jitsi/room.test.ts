import { describe, expect, it } from "vitest";
import { roomNameFor } from "@/lib/jitsi/room";

const SECRET = "a-room-name-secret-of-at-least-32-chars";
const ID = "0b6c4b8e-2f7a-4d8e-9c4b-1a2b3c4d5e6f";

describe("room names", () => {
  it("are 160 bits of lower-case hex: unguessable and unchanged by Prosody's lower-casing", () => {
    const room = roomNameFor(ID, SECRET);
    expect(room).toMatch(/^[0-9a-f]{40}$/);
  });

  it("are stable for a meeting and distinct between meetings", () => {
    expect(roomNameFor(ID, SECRET)).toBe(roomNameFor(ID, SECRET));
    expect(roomNameFor(ID, SECRET)).not.toBe(roomNameFor("1b6c4b8e-2f7a-4d8e-9c4b-1a2b3c4d5e6f", SECRET));
  });

  it("cannot be derived from the database alone: another key gives another room", () => {
    expect(roomNameFor(ID, SECRET)).not.toBe(roomNameFor(ID, `${SECRET}x`));
    expect(roomNameFor(ID, SECRET)).not.toContain(ID.replace(/-/g, "").slice(0, 8));
  });
});
