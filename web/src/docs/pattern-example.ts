// The shortest string a simple regular expression accepts, for ids in examples (`^g[0-9a-v]{20}$`
// -> `g000...`). Knows literals, escapes, classes, groups and quantifiers, which is all the
// protocol's patterns use; anything else (alternation, lookaround) gives undefined.

/** Reads one atom at `i`: its shortest text and where it ends; undefined for what we do not know. */
function atom(p: string, i: number): { text: string; end: number } | undefined {
  const c = p[i]!;
  if (c === "\\") {
    const e = p[i + 1] ?? "";
    const classes: Record<string, string> = { d: "0", w: "a", s: " " };
    return { text: classes[e] ?? (/[A-Za-z]/.test(e) ? "" : e), end: i + 2 };
  }
  if (c === "[") {
    const close = p.indexOf("]", i + 2);
    if (close < 0 || p[i + 1] === "^") return undefined;
    const first = p[i + 1] === "\\" ? (p[i + 2] === "d" ? "0" : p[i + 2]!) : p[i + 1]!;
    return { text: first, end: close + 1 };
  }
  if (c === "(") {
    let depth = 0;
    for (let j = i; j < p.length; j++) {
      if (p[j] === "\\") j++;
      else if (p[j] === "(") depth++;
      else if (p[j] === ")" && --depth === 0) {
        const inner = shortest(p.slice(i + 1, j).replace(/^\?:/, ""));
        return inner === undefined ? undefined : { text: inner, end: j + 1 };
      }
    }
    return undefined;
  }
  if (c === ".") return { text: "a", end: i + 1 };
  if ("|)]{}*+?".includes(c)) return undefined;
  return { text: c, end: i + 1 };
}

function shortest(p: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < p.length) {
    const a = atom(p, i);
    if (!a) return undefined;
    i = a.end;
    let times = 1;
    const q = p[i];
    if (q === "*" || q === "?") ((times = 0), i++);
    else if (q === "+") i++;
    else if (q === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(p.slice(i));
      if (!m) return undefined;
      times = Number(m[1]);
      i += m[0].length;
    }
    out += a.text.repeat(times);
  }
  return out;
}

export function patternExample(pattern: string): string | undefined {
  const text = shortest(pattern.replace(/^\^/, "").replace(/\$$/, ""));
  try {
    return text !== undefined && new RegExp(pattern).test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
