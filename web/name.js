"use strict";

// Protocol v2's display-name rule, the same as the server's (ConnectFunction), so this page never connects with a
// name the server would replace by its Guest-XXXX fallback:
// - strip leading and trailing whitespace: Java's Character.isWhitespace (space, line and paragraph separators
//   except the no-break spaces, plus \t \n \v \f \r and U+001C-U+001F) and the no-break spaces U+00A0, U+2007, U+202F;
// - then 1 to 32 code points, none of them a control (Cc), format (Cf: bidi embeddings, overrides and isolates,
//   LRM/RLM/ALM, zero-width characters), line or paragraph separator (Zl, Zp), surrogate (Cs), private-use (Co) or
//   unassigned (Cn) code point. HTML in a name is just text.
const displayName = (() => {
  const MAX_CODE_POINTS = 32;
  const EDGE_WHITESPACE = /^[\p{Zs}\p{Zl}\p{Zp}\t\n\u000B\f\r\u001C-\u001F]+|[\p{Zs}\p{Zl}\p{Zp}\t\n\u000B\f\r\u001C-\u001F]+$/gu;
  const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;

  function strip(raw) {
    return String(raw).replace(EDGE_WHITESPACE, "");
  }

  function codePoint(character) {
    return `U+${character.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  }

  // What is wrong with an already stripped name, or "" when it is valid.
  function problem(name) {
    const length = [...name].length;
    if (length === 0) return "Enter a name: it needs at least 1 character that is not a space.";
    if (length > MAX_CODE_POINTS) {
      return `That name has ${length} characters; the limit is ${MAX_CODE_POINTS}. Shorten it by ${length - MAX_CODE_POINTS}.`;
    }
    const bad = name.match(FORBIDDEN);
    if (bad) {
      return `A name cannot contain control, formatting or text-direction characters (it has ${codePoint(bad[0])}).`;
    }
    return "";
  }

  return { strip, problem, MAX_CODE_POINTS };
})();
