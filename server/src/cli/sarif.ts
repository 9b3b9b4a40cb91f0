// SARIF 2.1.0 for code-scanning tools (OASIS SARIF v2.1.0): one run, the
// rules that reported with their help pages, one result per diagnostic.
import { pathToFileURL } from 'node:url';
import { LineIndex, type Diagnostic } from '../model/index';
import { docsUrl, RULES } from '../rules/index';
import { version, repository } from '../../../package.json';

const LEVELS = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const REPOSITORY = repository.url.replace(/\.git$/, '');

export interface SarifInput {
  readonly file: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

export function toSarif(inputs: readonly SarifInput[]): object {
  const codes = [...new Set(inputs.flatMap((i) => i.diagnostics.map((d) => d.code)))].sort();
  const rules = codes.map((code) => {
    const rule = RULES.find((r) => r.meta.code === code);
    return {
      id: code,
      ...(rule === undefined ? {} : { shortDescription: { text: rule.meta.summary }, helpUri: docsUrl(`docs/rules/${code}.md`), defaultConfiguration: { level: LEVELS[rule.meta.severity] } }),
    };
  });
  const results = inputs.flatMap(({ file, text, diagnostics }) => {
    const lines = new LineIndex(text);
    const uri = pathToFileURL(file).toString();
    const region = (span: Diagnostic['span']) => {
      const range = lines.range(span);
      return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
    };
    return diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: codes.indexOf(d.code),
      level: LEVELS[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(d.span) } }],
      ...(d.related === undefined
        ? {}
        : { relatedLocations: d.related.map((r, id) => ({ id, message: { text: r.message }, physicalLocation: { artifactLocation: { uri }, region: region(r.span) } })) }),
    }));
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'dmatopo', version, informationUri: REPOSITORY, rules } }, results }],
  };
}
