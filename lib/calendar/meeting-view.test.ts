// What the organiser reads beside each invitation: a mail sent on its first try is "sent", never "retrying".
import { describe, expect, it } from "vitest";
import { deliveryStatus } from "@/lib/calendar/meeting-view";

describe("deliveryStatus", () => {
  it.each([
    [{ status: "SENT", attempts: 1, lastError: null }, true, "sent"],
    [{ status: "SENT", attempts: 3, lastError: null }, true, "sent"],
    [{ status: "PENDING", attempts: 0, lastError: null }, true, "queued"],
    // Claimed by the worker (attempts counts tries begun) and not failed: under way.
    [{ status: "PENDING", attempts: 1, lastError: null }, true, "sending"],
    [{ status: "PENDING", attempts: 1, lastError: "421 busy" }, true, "not delivered yet, trying again (1 attempt failed)"],
    [{ status: "PENDING", attempts: 2, lastError: "421 busy" }, true, "not delivered yet, trying again (2 attempts failed)"],
    [{ status: "PENDING", attempts: 0, lastError: null }, false, "not sent (no mail server configured)"],
  ] as const)("%o (mail server: %s) reads %s", (m, canSend, expected) => {
    expect(deliveryStatus(m, canSend)).toBe(expected);
  });
});
