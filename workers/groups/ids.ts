// Group ids: `g` + 20 random base-32 characters (100 bits), so an id says nothing about the group.
import { groupIdSchema } from "../../protocol/groups";

const ALPHABET = "0123456789abcdefghijklmnopqrstuv";

export function newGroupId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return "g" + [...bytes].map((b) => ALPHABET[b & 31]).join("");
}

export const isGroupId = (id: string) => groupIdSchema.safeParse(id).success;
