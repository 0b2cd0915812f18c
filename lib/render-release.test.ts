import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { releaseWhenAborted } from "@/lib/render-release";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

// React's end of render, reduced: an Error made inside a function that can reach the render's data,
// handed to abort(), the signal outliving the render.
function render(release: boolean): { signal: AbortSignal; data: WeakRef<object> } {
  const controller = new AbortController();
  if (release) releaseWhenAborted(controller.signal);
  const data = { html: "x".repeat(1_000_000) };
  const finish = () => {
    if (data.html.length) controller.abort(new Error("This render completed successfully."));
  };
  finish();
  return { signal: controller.signal, data: new WeakRef(data) };
}

async function collected(data: WeakRef<object>) {
  for (let i = 0; i < 5 && data.deref(); i++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  return data.deref() === undefined;
}

describe("a finished render's abort reason", () => {
  it("keeps the render's data while its stack is unread (why the release exists)", async () => {
    const { signal, data } = render(false);
    expect(await collected(data)).toBe(false);
    expect(signal.aborted).toBe(true);
  });

  it("lets the data go once released", async () => {
    const { signal, data } = render(true);
    expect(await collected(data)).toBe(true);
    expect(String((signal.reason as Error).stack)).toContain("This render completed successfully.");
  });

  it("is a no-op outside a render", () => {
    expect(() => releaseWhenAborted(null)).not.toThrow();
  });
});
