// Attachment fixtures: a file row as the upload route leaves it (inserted into MySQL's `files`
// table directly, for tests of the message path that do not test uploads), and the MySQL rows of
// messages that carry one.
import { eq } from "drizzle-orm";
import type { StoredFile } from "../../protocol/files";
import { files } from "../../schema";
import { testDb } from "./mysql-rows";

const BASE32 = "0123456789abcdefghijklmnopqrstuv";

/** A fresh file id in the protocol's shape (`f` + 24 base-32 characters). */
export function newFileId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return "f" + Array.from(bytes, (b) => BASE32[b % 32]).join("");
}

/** A PNG's metadata as an upload by `uploader` stores it; returns it as messages carry it. */
export async function storedPng(uploader: number, name = "screenshot.png"): Promise<StoredFile> {
  const file: StoredFile = {
    id: newFileId(),
    name,
    size: 1234,
    mime: "image/png",
    sha256: "ab".repeat(32),
    width: 640,
    height: 480,
  };
  await testDb()
    .insert(files)
    .values({ ...file, uploaderId: uploader, createdAt: new Date() });
  return file;
}

/** Marks a file deleted, as the clean-up does once its bytes are gone. */
export async function markFileDeleted(fileId: string): Promise<void> {
  await testDb().update(files).set({ deletedAt: new Date() }).where(eq(files.id, fileId));
}
