// Paths as a shell needs them typed, for the commands the command line tells users to run next.

/** A path as a shell would need it typed: quoted when it holds anything but safe characters. */
export function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
