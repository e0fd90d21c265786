// Text for a terminal: colours when wanted, and input-borne text made safe to print.
/** The colours the renderers use. */
export type Colour = 'green' | 'red' | 'yellow' | 'cyan' | 'bold' | 'dim';

/** Paints text, or leaves it as it is when colours are off. */
export type Paint = (colour: Colour, text: string) => string;

/** Colours only on a terminal, and never with NO_COLOR set (to anything but empty) or --no-color. */
export function wantsColour(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, noColor: boolean): boolean {
  return stream.isTTY === true && !noColor && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}

// SGR codes (on, off). Not util.styleText: it decides by itself whether to colour, and differs
// between Node versions in how; here the caller has decided already.
const codes: Readonly<Record<Colour, readonly [number, number]>> = {
  green: [32, 39], red: [31, 39], yellow: [33, 39], cyan: [36, 39], bold: [1, 22], dim: [2, 22],
};

/** A `Paint` that colours when `colour` is true. */
export function painter(colour: boolean): Paint {
  return colour ? (name, text) => `\u001b[${codes[name][0]}m${text}\u001b[${codes[name][1]}m` : (_, text) => text;
}

// Control characters from the input (an escape sequence in a CSV cell) must not reach the terminal.
const control = /[\u0000-\u001f\u007f-\u009f]/g;
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text from the input or a service, with control characters written as \u escapes. */
export function plain(text: string): string {
  return text.replace(control, escape);
}

/** A value in quotes, or "(none)" for null. */
export function quoted(value: string | null): string {
  return value === null ? '(none)' : JSON.stringify(value).replace(control, escape);
}
