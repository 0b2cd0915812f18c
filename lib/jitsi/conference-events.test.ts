import { describe, expect, it } from "vitest";
import { reactTo, renewalRefused } from "./conference-events";

describe("reactTo: what the page does with Jitsi's errorOccurred", () => {
  it.each([
    ["connection.passwordRequired", { kind: "renew", cause: "auth" }],
    ["connection.droppedError", { kind: "renew", cause: "connection" }],
    ["connection.otherError", { kind: "renew", cause: "connection" }],
    ["connection.serverError", { kind: "renew", cause: "connection" }],
    ["conference.focusLeft", { kind: "renew", cause: "connection" }],
    ["conference.videobridgeNotAvailable", { kind: "renew", cause: "connection" }],
    ["conference.connectionError.accessDenied", { kind: "denied" }],
    ["conference.destroyed", { kind: "ended" }],
    ["conference.passwordRequired", { kind: "ignore" }],
    ["conference.max_users", { kind: "ignore" }],
  ])("%s", (name, reaction) => expect(reactTo({ name, type: "CONNECTION", isFatal: true })).toEqual(reaction));

  it("tells waiting for the host from waiting in the lobby by the error's params", () => {
    expect(reactTo({ name: "conference.connectionError.membersOnly", params: ["room@lobby.meet.jitsi", true] })).toEqual({ kind: "waiting", forHost: true });
    expect(reactTo({ name: "conference.connectionError.membersOnly", params: ["room@lobby.meet.jitsi", false] })).toEqual({ kind: "waiting", forHost: false });
    expect(reactTo({ name: "conference.connectionError.membersOnly" })).toEqual({ kind: "waiting", forHost: false });
  });

  it("ignores what it cannot read", () => {
    expect(reactTo(undefined)).toEqual({ kind: "ignore" });
    expect(reactTo({ name: 42 })).toEqual({ kind: "ignore" });
  });
});

describe("renewalRefused: rights gone or a passing refusal", () => {
  it.each([
    [403, "forbidden", "You were removed from this meeting"],
    [404, "not_found", "You were removed from this meeting"],
    [404, "invalid_link", "Your invitation is no longer valid"],
    [403, "cancelled", "This meeting was cancelled"],
    [403, "suspended", "Your account is suspended"],
    [401, "unauthenticated", "Your session has ended"],
    [401, "name_required", "Your session has ended"],
  ])("%i %s ends the conference", (status, code, title) => {
    expect(renewalRefused({ status, code, message: "m" })).toMatchObject({ title, revoked: true });
  });

  it.each([
    [403, "not_open"],
    [429, "rate_limited"],
    [500, "internal"],
  ])("%i %s lets the conference go on", (status, code) => {
    expect(renewalRefused({ status, code, message: "Try later." })).toEqual({ title: "You cannot rejoin right now", text: "Try later.", revoked: false });
  });
});
