/** Helpers of the scripts that generate parts of the README. */

/** `text` with what lies between the `start` and `end` markers replaced by `body` (the markers stay). */
export function replaceBetweenMarkers(text: string, start: string, end: string, body: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
}
