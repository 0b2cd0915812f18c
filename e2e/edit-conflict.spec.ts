// Issue 21 item 3: a description-only save from a stale tab reverted another tab's title change.
// The edit form carries the version it was rendered with; the stale save is refused, says who
// changed what, keeps what was typed, and the first change survives.
import { expect, test } from "@playwright/test";
import { sql } from "./db";
import { futureLocal, pageAs, scheduleMeeting } from "./fixtures";
import { storageStateFor } from "./env";

test.use({ storageState: storageStateFor("erin") });

for (const javaScriptEnabled of [true, false]) {
  test(`two tabs edit one meeting: the stale save is refused and the first change survives (JavaScript ${javaScriptEnabled ? "on" : "off"} in the second)`, async ({ page, browser }) => {
    const title = `Two tabs ${Date.now()}`;
    const meetingId = await scheduleMeeting(page, { title, start: futureLocal(2) });
    const second = await pageAs(browser, "erin", { javaScriptEnabled });
    await page.goto(`/meetings/${meetingId}/edit`);
    await second.page.goto(`/meetings/${meetingId}/edit`);

    await page.getByLabel("Title").fill(`${title} renamed`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(new RegExp(`/meetings/${meetingId}$`));

    await second.page.getByLabel("Description").fill("Only the description changed here");
    await second.page.getByRole("button", { name: "Save changes" }).click();
    await expect(second.page.getByText(/Erin Employee changed this meeting .* after this form was opened; it now differs from yours in: title, description\. Nothing was saved/)).toBeVisible();
    // What was typed is still in the form.
    await expect(second.page.getByLabel("Description")).toHaveValue("Only the description changed here");

    const [row] = await sql<{ title: string; description: string; version: number }>(`select title, description, version from "Meeting" where id = $1`, [meetingId]);
    expect(row).toEqual({ title: `${title} renamed`, description: "", version: 1 });
    await second.context.close();
  });
}
