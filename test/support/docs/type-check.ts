// Type-checks the ```ts blocks of the pages with the TypeScript compiler, as modules of this
// repository that import the package by name: each entry of package.json's exports resolves to its
// source in src/, so a page is checked against the code it describes, not against a stale build.
//
// A block is a module of its own, unless its fence says ```ts continued: then it goes on the
// module of the page's previous ts block, as a reader reads them in order (the client made in the
// first block is used in the next). A block after `<!-- not-checked: reason -->` is left out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdown.js';

/** A compiler error in a page's block: the page, the line in the page (from 1), the message. */
export interface BlockError {
  readonly page: string;
  readonly line: number;
  readonly message: string;
}

/** One module made of one block or more: its virtual file, its text, and where each of its lines is in the page. */
export interface BlockModule {
  readonly page: string;
  readonly file: string;
  text: string;
  readonly pageLines: number[];
}

/** The languages compiled. */
export const typeScriptLanguages: readonly string[] = ['ts', 'typescript'];

/** Groups the checked ts blocks into modules; a `continued` block with nothing before it is an error. */
export function blockModules(root: string, blocks: readonly CodeBlock[]): { modules: BlockModule[]; errors: BlockError[] } {
  const modules: BlockModule[] = [];
  const errors: BlockError[] = [];
  const last = new Map<string, BlockModule>();
  for (const block of blocks) {
    if (!typeScriptLanguages.includes(block.lang) || block.notChecked !== undefined) continue;
    const lines = block.code.split('\n').slice(0, -1);
    const pageLines = lines.map((_, k) => block.line + 1 + k);
    const previous = last.get(block.page);
    if (block.flags.includes('continued')) {
      if (!previous) {
        errors.push({ page: block.page, line: block.line, message: 'a "ts continued" block needs a checked ts block before it on the page' });
        continue;
      }
      previous.text += block.code;
      previous.pageLines.push(...pageLines);
      continue;
    }
    // Beside the page, so the repository's package.json makes it an ES module (top-level await works).
    const module = { page: block.page, file: join(root, `${block.page}.${block.line}.ts`), text: block.code, pageLines };
    modules.push(module);
    last.set(block.page, module);
  }
  return { modules, errors };
}

/** The package's entries by name, each mapped to its source: `user-attributes-sdk/looker` → `src/looker/index.ts`. */
export function entryPaths(root: string): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const paths: Record<string, string[]> = {};
  for (const [key, target] of Object.entries(pkg.exports)) {
    const types = (target as { import?: { types?: string } }).import?.types;
    if (!types) continue;
    const source = types.replace(/^\.\/dist\/esm\//, 'src/').replace(/\.d\.ts$/, '.ts');
    if (!existsSync(join(root, source))) throw new Error(`package.json exports ${key}, whose source ${source} does not exist`);
    paths[key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`] = [join(root, source)];
  }
  return paths;
}

/** Compiles every module with the repository's tsconfig.json and returns the errors, at their lines in the pages. */
export function typeCheck(root: string, blocks: readonly CodeBlock[]): BlockError[] {
  const { modules, errors } = blockModules(root, blocks);
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    // A page may show a value without using it (`const groups = …`): that is not a type error.
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: { ...config.options.paths, ...entryPaths(root) },
  };
  const byFile = new Map(modules.map((m) => [m.file, m]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => byFile.has(file) || fileExists.call(host, file);
  host.readFile = (file) => byFile.get(file)?.text ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError, create) => {
    const module = byFile.get(file);
    return module ? ts.createSourceFile(file, module.text, language, true) : getSourceFile.call(host, file, language, onError, create);
  };
  const program = ts.createProgram({ rootNames: modules.map((m) => m.file), options, host });
  for (const d of program.getOptionsDiagnostics()) errors.push({ page: 'tsconfig.json', line: 0, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
  for (const module of modules) {
    const source = program.getSourceFile(module.file);
    if (!source) throw new Error(`${module.file} was not compiled`);
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
      errors.push({ page: module.page, line: module.pageLines[line] ?? 0, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
    }
  }
  return errors;
}
