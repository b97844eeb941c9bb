// File ids: `f` + 24 random base-32 characters (120 bits), so an id can neither be guessed nor
// say anything about the file. The id is also the file's R2 key.
import { fileIdSchema } from "../../protocol/files";

const ALPHABET = "0123456789abcdefghijklmnopqrstuv";

export function newFileId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return "f" + [...bytes].map((b) => ALPHABET[b & 31]).join("");
}

export const isFileId = (id: string) => fileIdSchema.safeParse(id).success;
