// Learner-controlled text made safe for each place a report shows it. Check
// messages quote learner values, errors quote learner output, folder names and
// flags name learner files: none of it may restyle the terminal, break out of
// the step summary's markup, or pass for the kit's own lines. Reporters call
// these on every such field; the kit's own words and colours are added after.

// CSI, OSC, DCS/SOS/PM/APC strings and two-character escapes, in 7- and 8-bit form.
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|[\u001b\u009d]\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[PX^_][^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u001b[\u0020-\u007e]?/g;
// Control characters other than newline and tab, and the bidirectional overrides that reorder what a reader sees.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ZWSP = '\u200b';
const MARKDOWN_LIMIT = 2000;

function withoutControls(text: string): string {
  return String(text).replace(/\r\n?/g, '\n').replace(ESCAPE_SEQUENCE, '').replace(/\t/g, '    ').replace(CONTROL, '');
}

/**
 * For the terminal (and a CI log): no escape sequences, no carriage returns or
 * other control characters; lines GitHub Actions would read as workflow
 * commands (`::notice ...::`, `##[...]`) are broken with a zero-width space.
 * Newlines stay: a message may span lines (the table indents them).
 */
export function terminalText(text: string): string {
  return withoutControls(text)
    .replace(/^(\s*):(?=:)/gm, `$1:${ZWSP}`)
    .replace(/##\[/g, `#${ZWSP}#[`);
}

/** terminalText on one line: for names and labels. */
export const terminalLine = (text: string): string => terminalText(text).replace(/\s*\n\s*/g, ' ');

/**
 * For the step summary (GitHub-flavoured Markdown), as inline text on one
 * line, safe inside a table cell: HTML is shown as text, inline Markdown
 * punctuation is escaped (no headings, links, images, emphasis, code or cell breaks), and
 * bare URLs, www. names and @mentions are broken so they do not become links.
 */
export function markdownText(text: string): string {
  let line = withoutControls(text).replace(/\s*\n\s*/g, ' ').trim();
  if (line.length > MARKDOWN_LIMIT) line = `${line.slice(0, MARKDOWN_LIMIT)} …`;
  return line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&')
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/(www)\./gi, `$1${ZWSP}.`)
    .replace(/@/g, `@${ZWSP}`);
}

/**
 * For HTML and SVG (grades/report.html, grades/all/index.html): text content or
 * a quoted attribute value. Markup characters become entities, so learner text
 * can add no element, attribute, script or link; control characters and
 * escape sequences are dropped as for the terminal. Newlines stay (a <pre> keeps them).
 */
export function htmlText(text: string): string {
  return withoutControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
