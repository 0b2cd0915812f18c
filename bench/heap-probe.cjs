// Preloaded into the bench's server (harness.ts): asked over IPC, it runs a full collection and
// answers with the heap still in use, so a bench can tell memory kept per request from garbage.
const v8 = require("node:v8");
const vm = require("node:vm");

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");
process.channel?.unref();
process.on("message", (message) => {
  if (message !== "heap") return;
  gc();
  process.send({ heapUsed: process.memoryUsage().heapUsed });
});
