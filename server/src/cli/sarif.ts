// SARIF 2.1.0 for code-scanning tools (OASIS SARIF v2.1.0): one run, the
// rules that reported with their help pages, one result per diagnostic; the
// files checked and the dmatopo.json files they followed as the run's
// artifacts (roles analysisTarget and userSpecifiedConfiguration), and the
// --disable codes as the invocation's rule configuration overrides.
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
  /** The dmatopo.json files the file followed, farthest first. */
  readonly configuration: readonly string[];
}

export interface SarifInvocation {
  /** The rules turned off on the command line. */
  readonly disabled: readonly string[];
  /** False when a file or its configuration could not be read. */
  readonly successful: boolean;
}

export function toSarif(inputs: readonly SarifInput[], invocation: SarifInvocation): object {
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
    runs: [
      {
        tool: { driver: { name: 'dmatopo', version, informationUri: REPOSITORY, rules } },
        invocations: [
          {
            executionSuccessful: invocation.successful,
            ...(invocation.disabled.length === 0 ? {} : { ruleConfigurationOverrides: invocation.disabled.map((id) => ({ descriptor: { id }, configuration: { enabled: false } })) }),
          },
        ],
        artifacts: artifacts(inputs),
        results,
      },
    ],
  };
}

/** Each file checked, with the dmatopo.json files it followed, and each of those files: one entry per file. */
function artifacts(inputs: readonly SarifInput[]): object[] {
  const byUri = new Map<string, { location: { uri: string }; roles: string[]; properties?: { configuration: string[] } }>();
  const add = (file: string, role: string) => {
    const uri = pathToFileURL(file).toString();
    const artifact = byUri.get(uri) ?? { location: { uri }, roles: [] };
    if (!artifact.roles.includes(role)) artifact.roles.push(role);
    byUri.set(uri, artifact);
    return artifact;
  };
  for (const input of inputs) add(input.file, 'analysisTarget').properties = { configuration: input.configuration.map((f) => pathToFileURL(f).toString()) };
  for (const input of inputs) for (const file of input.configuration) add(file, 'userSpecifiedConfiguration');
  return [...byUri.values()];
}
