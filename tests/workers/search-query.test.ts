// What MySQL is asked for a search query (workers/search/query.ts), as a pure function: the
// boolean query built from words, the CJK substring patterns, and QUERY_TOO_SHORT.
import { describe, expect, it } from "vitest";
import { messageMatch } from "../../workers/search/query";

describe("building the search match from the user's words", () => {
  it("requires every word and lets the last one be a prefix", () => {
    expect(messageMatch("walrus sings")).toEqual({ kind: "fulltext", against: "+walrus +sings*" });
    expect(messageMatch("hippo")).toEqual({ kind: "fulltext", against: "+hippo*" });
  });

  it("drops short words and stopwords, and turns operators and punctuation into separators", () => {
    expect(messageMatch("a walrus is the best")).toEqual({ kind: "fulltext", against: "+walrus +best*" });
    expect(messageMatch(`+walrus -"sings" (loud) ~quiet* @8 <up >down`)).toEqual({
      kind: "fulltext",
      against: "+walrus +sings +loud +quiet +down*",
    });
    expect(messageMatch("walrus'); DROP TABLE messages; --")).toEqual({ kind: "fulltext", against: "+walrus +DROP +TABLE +messages*" });
    expect(messageMatch("café naïve_word 2026")).toEqual({ kind: "fulltext", against: "+café +naïve_word +2026*" });
  });

  it("matches CJK text as substrings, with LIKE's wildcards escaped", () => {
    expect(messageMatch("天气")).toEqual({ kind: "substring", patterns: ["%天气%"] });
    expect(messageMatch("東京 天気 ok walrus")).toEqual({ kind: "substring", patterns: ["%東京%", "%天気%", "%walrus%"] });
    expect(messageMatch("天_气")).toEqual({ kind: "substring", patterns: ["%天!_气%"] });
  });

  it("refuses a query with nothing to search for", () => {
    for (const q of ["ab", "a b c", "the", "what about", "+-()~*", '""']) {
      expect(() => messageMatch(q), q).toThrow(expect.objectContaining({ code: "QUERY_TOO_SHORT", status: 400 }));
    }
  });
});
