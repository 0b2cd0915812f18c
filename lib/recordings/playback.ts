// A recording's plaintext as a web stream for a Response, decrypting only the chunks a range needs.
import "server-only";
import { masterKeys, recordingStorage } from "@/lib/recordings/config";
import { type StoredFile, dataKeyOf, readPlaintext } from "@/lib/recordings/read";

type Playable = StoredFile & { id: string; wrappedKey: string; masterKeyId: string };

/**
 * Bytes [start, end]. The first chunk is opened before this returns, so damage at the start becomes
 * an error status; damage further on aborts the response mid-way, which the client sees as an
 * incomplete (chunked) response. Either way no unauthenticated byte is ever sent.
 */
export async function openPlayback(rec: Playable, start: number, end: number): Promise<ReadableStream<Uint8Array>> {
  const parts = readPlaintext(recordingStorage(), rec, dataKeyOf(rec, masterKeys()), start, end);
  let pending: IteratorResult<Buffer> | null = await parts.next();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = pending ?? (await parts.next());
        pending = null;
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      } catch (e) {
        console.error(`recording ${rec.id}: playback stopped`, e);
        controller.error(e);
      }
    },
    async cancel() {
      // The viewer seeked or closed the tab: release the file.
      await parts.return(undefined);
    },
  });
}
