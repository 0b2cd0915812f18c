import { describe, expect, it } from "vitest";
import { guestNameInput, linkInput } from "@/lib/validation/invite";

const nameError = (name: string) => {
  const r = guestNameInput.safeParse({ name });
  return r.success ? null : r.error.issues[0]!.message;
};

describe("guest names", () => {
  it.each([
    ["  Zoë  ", "Zoë"],
    ["<b>bold</b>", "<b>bold</b>"], // kept as text; React escapes it, Jitsi shows it as text
    ["مرحبا", "مرحبا"],
    ["山田 太郎", "山田 太郎"],
    ["👩🏽‍💻".repeat(1) + "x".repeat(60), "👩🏽‍💻" + "x".repeat(60)],
  ])("accepts %j", (input, expected) => {
    expect(guestNameInput.parse({ name: input }).name).toBe(expected);
  });

  it("counts characters, not UTF-16 units: 64 emoji fit", () => {
    expect(nameError("🙂".repeat(64))).toBeNull();
    expect(nameError("🙂".repeat(65))).toBe("Keep your name to 64 characters");
  });

  it.each([
    ["x".repeat(65), "Keep your name to 64 characters"],
    ["    ", "Enter your name"],
    ["", "Enter your name"],
    ["Eve\u202Egnp.exe", "Remove control characters from your name"],
    ["tab\there", "Remove control characters from your name"],
  ])("refuses %j", (input, message) => {
    expect(nameError(input)).toBe(message);
  });
});

describe("link input", () => {
  it("defaults: a guest link, unlimited, expiry left to the meeting", () => {
    expect(linkInput.parse({})).toEqual({ label: "", role: "GUEST", maxUses: null, lobby: false, expiresAt: null });
  });

  it("reads the expiry in the creator's zone", () => {
    expect(linkInput.parse({ expires: "2030-06-01T09:00", timeZone: "Europe/Berlin" }).expiresAt?.toISOString()).toBe("2030-06-01T07:00:00.000Z");
  });

  it.each([
    [{ maxUses: "0" }, "A link needs at least one use"],
    [{ maxUses: "2.5" }, "Give a whole number of uses"],
    [{ maxUses: "lots" }, "Give a number of uses"],
    [{ role: "ADMIN" }, "Choose guest or participant"],
    [{ label: "x".repeat(81) }, "Keep the label to 80 characters"],
  ])("refuses %j", (input, message) => {
    const r = linkInput.safeParse(input);
    expect(r.success ? null : r.error.issues[0]!.message).toBe(message);
  });
});
