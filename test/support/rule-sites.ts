// Where the config rules live, read from the source with the TypeScript parser, so a new rule is
// found without being registered anywhere: every add(key, message) / push({ key, message }) call
// (as a key pattern and a message pattern: literal text kept, each ${…} or call as a wildcard),
// every string the message helpers return (nameProblem, prefixProblem, addressProblem, the reserved
// ports), and every constraint of the schema (named by its path in schema.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export interface CallSite {
  readonly where: string; // file:line
  readonly key: RegExp;
  readonly message: RegExp;
  /** Literal characters every problem of this site has (key and message): the more, the more specific. */
  readonly score: number;
  /** Some message of the site has no literal text: it forwards a helper's string (covered through the helpers). */
  readonly forwards: boolean;
}

export interface HelperMessage {
  readonly where: string;
  readonly message: RegExp; // matched anywhere in a problem's message
  readonly score: number;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const WILD = "[\\s\\S]*?";

/** A regex source for the expression, and how many literal characters every message it allows has. */
interface Pattern {
  readonly src: string;
  readonly literal: number;
}

const lit = (text: string): Pattern => ({ src: esc(text), literal: text.length });
const cat = (...ps: Pattern[]): Pattern => ({ src: ps.map((p) => p.src).join(""), literal: ps.reduce((n, p) => n + p.literal, 0) });
const alt = (a: Pattern, b: Pattern): Pattern => ({ src: `(?:${a.src}|${b.src})`, literal: Math.min(a.literal, b.literal) });
const ANY: Pattern = { src: WILD, literal: 0 };

function pattern(e: ts.Expression): Pattern {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return lit(e.text);
  if (ts.isTemplateExpression(e)) return cat(lit(e.head.text), ...e.templateSpans.flatMap((s) => [ANY, lit(s.literal.text)]));
  if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) return pattern(e.expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return cat(pattern(e.left), pattern(e.right));
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    return alt(pattern(e.left), pattern(e.right));
  if (ts.isConditionalExpression(e)) return alt(pattern(e.whenTrue), pattern(e.whenFalse));
  return ANY;
}

// Under StrykerJS the tests run in .stryker-tmp/sandbox-*/, whose src/ is instrumented: read the code as written.
const SANDBOX = /[\\/]\.stryker-tmp[\\/]sandbox-[^\\/]+$/;
const source = (file: string) => readFileSync(SANDBOX.test(process.cwd()) ? join(process.cwd(), "..", "..", file) : file, "utf8");
const parse = (file: string) => ts.createSourceFile(file, source(file), ts.ScriptTarget.Latest, true);
const lineOf = (sf: ts.SourceFile, n: ts.Node) => `${sf.fileName}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;

function walk(n: ts.Node, fn: (n: ts.Node) => void): void {
  fn(n);
  n.forEachChild((c) => walk(c, fn));
}

/** add(key, message) calls and push({ key, message }) calls of the given files. */
export function callSites(files: readonly string[]): CallSite[] {
  const out: CallSite[] = [];
  for (const file of files) {
    const sf = parse(file);
    walk(sf, (n) => {
      if (!ts.isCallExpression(n)) return;
      let key: ts.Expression | undefined;
      let message: ts.Expression | undefined;
      if (ts.isIdentifier(n.expression) && n.expression.text === "add" && n.arguments.length === 2) [key, message] = n.arguments;
      const obj = n.arguments[0];
      if (ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === "push" && obj && ts.isObjectLiteralExpression(obj)) {
        const prop = (name: string) => {
          const p = obj.properties.find((x) => x.name && ts.isIdentifier(x.name) && x.name.text === name);
          return p && ts.isPropertyAssignment(p) ? p.initializer : p && ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
        };
        key = prop("key");
        message = prop("message");
      }
      if (!key || !message) return;
      const k = pattern(key);
      const m = pattern(message);
      out.push({
        where: lineOf(sf, n),
        key: new RegExp(`^${k.src}$`),
        message: new RegExp(`^${m.src}$`),
        score: k.literal + m.literal,
        forwards: m.literal === 0,
      });
    });
  }
  return out;
}

/** The strings returned by the named functions, and the string values of the named Map/array constants. */
export function helperMessages(file: string, functions: readonly string[], constants: readonly string[] = []): HelperMessage[] {
  const sf = parse(file);
  const out: HelperMessage[] = [];
  walk(sf, (n) => {
    if (ts.isFunctionDeclaration(n) && n.name && functions.includes(n.name.text)) {
      walk(n, (r) => {
        if (!ts.isReturnStatement(r) || !r.expression) return;
        const p = pattern(r.expression);
        if (p.literal) out.push({ where: lineOf(sf, r), message: new RegExp(p.src), score: p.literal });
      });
    }
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && constants.includes(n.name.text) && n.initializer) {
      walk(n.initializer, (s) => {
        if ((ts.isStringLiteral(s) || ts.isNoSubstitutionTemplateLiteral(s)) && s.text.includes(" "))
          out.push({ where: lineOf(sf, s), message: new RegExp(esc(s.text)), score: s.text.length });
      });
    }
  });
  return out;
}

const CONSTRAINTS = new Set(["regex", "min", "max", "int", "enum", "literal", "strictObject"]);

/** Each constraint call of the schema file, named by its path: `<const>.<property>…:<method>` (#2… for repeats). */
export function schemaConstraints(file: string): string[] {
  const sf = parse(file);
  const ids: string[] = [];
  walk(sf, (n) => {
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression) || !CONSTRAINTS.has(n.expression.name.text)) return;
    const path: string[] = [];
    for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) path.unshift(p.name.text);
      if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) path.unshift(p.name.text);
    }
    const base = `${path.join(".")}:${n.expression.name.text}`;
    let id = base;
    for (let i = 2; ids.includes(id); i++) id = `${base}#${i}`;
    ids.push(id);
  });
  return ids;
}

export const ruleFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
