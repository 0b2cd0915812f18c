import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { PEER_HEADER, clientAddress, stampPeerAddress } from "./client-address";

const h = (xff?: string, peer = "10.9.8.7") => new Headers({ [PEER_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("clientAddress", () => {
  // Issue 14: rotating X-Forwarded-For defeated every per-address limit when the portal was reached directly.
  it("ignores X-Forwarded-For without trusted proxies", () => {
    expect(clientAddress(h("203.0.113.9"), 0, true)).toBe("10.9.8.7");
    expect(clientAddress(h("1.1.1.1, 2.2.2.2"), 0, true)).toBe("10.9.8.7");
  });

  it("takes the entry the trusted proxies vouch for", () => {
    expect(clientAddress(h("203.0.113.9"), 1, true)).toBe("203.0.113.9");
    // A client-sent entry in front of Caddy's is never the answer.
    expect(clientAddress(h("198.51.100.1, 203.0.113.9"), 1, true)).toBe("203.0.113.9");
    expect(clientAddress(h("198.51.100.1, 203.0.113.9, 10.0.0.2"), 2, true)).toBe("203.0.113.9");
  });

  it("falls back to the socket when a proxy did not add its entry", () => {
    expect(clientAddress(h(), 1, true)).toBe("10.9.8.7");
    expect(clientAddress(h("203.0.113.9"), 2, true)).toBe("10.9.8.7");
  });

  it("trusts the peer header only when this process stamps it", () => {
    expect(clientAddress(h(undefined, "1.2.3.4"), 0, false)).toBe("unknown");
  });

  it("stamps the TCP peer over whatever the client sent under that name", async () => {
    stampPeerAddress();
    const server = createServer((req, res) => res.end(String(req.headers[PEER_HEADER])));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const body = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" } }).then((r) => r.text());
    server.close();
    expect(body).toBe("127.0.0.1");
    expect(clientAddress(new Headers({ [PEER_HEADER]: body, "x-forwarded-for": "6.6.6.6" }), 0)).toBe("127.0.0.1");
  });
});
