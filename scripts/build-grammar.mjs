// Generates syntaxes/dmatopo.tmLanguage.json, the TextMate grammar of .dmatopo,
// from the language's own tables: the keywords and units of
// server/src/syntax/tokens.ts and the bodies of server/src/syntax/schema.ts.
//
//   node scripts/build-grammar.mjs           write the grammar
//   node scripts/build-grammar.mjs --check   exit 1 if the committed grammar is stale
//
// Edit this file, not the JSON. The grammar follows the parser where a line
// lets it (parser.ts): a word is a property only where a property begins, a
// property consumes its value on the same line (so a property word used as a
// name, `in memory`, is a name), a list ends where the parser ends it, and an
// unclosed body ends where the parser's missing-`}` recovery ends it.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const output = join(root, 'syntaxes/dmatopo.tmLanguage.json');

/** The server's tables, bundled from TypeScript on the fly. */
async function loadLanguageTables() {
  const bundle = await build({
    stdin: {
      contents:
        "export { BODY_SCHEMAS, LINK_KINDS, bodyKindOfItem } from './server/src/syntax/schema';\n" +
        "export { KNOWN_UNITS, TOP_LEVEL_KEYWORDS, ITEM_KEYWORDS, KEYWORDS } from './server/src/syntax/tokens';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    logLevel: 'error',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, createRequire(output));
  return module.exports;
}
const tables = await loadLanguageTables();

const W = '[A-Za-z_][A-Za-z0-9_]*';
const B = '(?<![A-Za-z0-9_.])'; // word start, not after a dot (not the member of a qualified name)
const E = '(?![A-Za-z0-9_.\\[])'; // word end, not the head of a qualified name or range
const alt = (words) => words.join('|');
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const TOP = [...tables.TOP_LEVEL_KEYWORDS];
const ITEMS = [...tables.ITEM_KEYWORDS];
const KEYWORDS = [...tables.KEYWORDS.keys()];
// Each top-level declaration has its own rule below; a new one needs a new rule.
for (const word of TOP) {
  if (!['topology', 'host', 'template', 'link', 'network', 'flow'].includes(word)) {
    throw new Error(`build-grammar: no rule for the top-level keyword '${word}'`);
  }
}
/** Top-level keywords followed by a name (parser.ts startsTopLevel). */
const NAMED_TOP = TOP.filter((word) => word !== 'topology' && word !== 'link');

// Checked values: server/src/model/links.ts (GENERATIONS, LANES) and hosts.ts (a map's access),
// properties.ts (layout words). Not exported there, so repeated here.
const PCIE_GENERATIONS = ['gen1', 'gen2', 'gen3', 'gen4', 'gen5', 'gen6'];
const PCIE_LANES = ['x1', 'x2', 'x4', 'x8', 'x16', 'x32'];
const MAP_ACCESS = ['read', 'write', 'rw'];
const LAYOUTS = ['contiguous', 'scattered'];

/** tokens.ts KNOWN_UNITS by dimension (the scope's last part), longest first. */
function unitsByDimension(units) {
  const groups = { 'byte-rate': [], 'bit-rate': [], size: [], time: [], frequency: [], ratio: [] };
  for (const unit of units) {
    const group =
      unit === '%' ? 'ratio'
      : /^(?:ns|us|\u00b5s|\u03bcs|ms|s)$/.test(unit) ? 'time'
      : /(?:Hz|fps)$/.test(unit) ? 'frequency'
      : /(?:b\/s|bps)$/.test(unit) ? 'bit-rate'
      : /B\/s$/.test(unit) ? 'byte-rate'
      : /B$/.test(unit) ? 'size'
      : undefined;
    if (group === undefined) throw new Error(`build-grammar: which dimension is the unit '${unit}'? Add it to unitsByDimension.`);
    groups[group].push(unit);
  }
  for (const list of Object.values(groups)) list.sort((a, b) => b.length - a.length);
  return groups;
}
const UNITS = unitsByDimension(tables.KNOWN_UNITS);
const UNIT_END = '(?![A-Za-z0-9_/%\u00b5\u03bc])';
const GLUED = '[A-Za-z_%\u00b5\u03bc][A-Za-z0-9_/%\u00b5\u03bc]*';

/** schema.ts BODY_SCHEMAS regrouped by how the grammar reads a value. */
function bodiesByShape(schemas) {
  const bodies = {};
  for (const [kind, schema] of Object.entries(schemas)) {
    if (kind === 'linkSpec') continue;
    const body = { number: [], flag: [], ref: [], name: [], enum: {}, list: {}, layout: false };
    for (const [word, spec] of Object.entries(schema)) {
      if (spec.shape === 'flag') body.flag.push(word);
      else if (spec.shape === 'number') body.number.push(word);
      else if (spec.shape === 'layout') body.layout = true;
      else if (spec.shape === 'word' && spec.value.type === 'enum') body.enum[word] = [...spec.value.values];
      else if (spec.shape === 'word' && spec.value.type === 'name') body.name.push(word);
      else if (spec.shape === 'word' || spec.shape === 'qname') body.ref.push(word);
      else if (spec.shape === 'words' || spec.shape === 'qnames' || spec.shape === 'endpoints') {
        body.list[word] = spec.value.type === 'enum' ? { enum: [...spec.value.values] } : { names: true };
      } else throw new Error(`build-grammar: unknown shape '${spec.shape}' of ${kind}.${word}`);
    }
    bodies[kind] = body;
  }
  return bodies;
}
const BODIES = bodiesByShape(tables.BODY_SCHEMAS);
const LINK_KINDS = [...tables.LINK_KINDS];
const LINK_OPTIONS = Object.keys(tables.BODY_SCHEMAS.linkSpec);
const bodyKindOf = (item) => tables.bodyKindOfItem(item);

// Where a declaration starts (parser.ts startsItem): the parser ends an unclosed body there.
// Three tokens tell `host b {` from a name (`map n -> template rw`, `group host`).
const TOP_START_WORDS =
  `(?:topology(?=\\s*")|host\\s+${W}\\s*[{:\\[]|(?:${alt(NAMED_TOP.filter((word) => word !== 'host'))})\\s+${W}\\s*\\{)`;
const ITEM_START_WORDS = `(?:(?:${alt(ITEMS)})\\s+${W}\\s*\\{|link\\s+${W}\\s*(?:--|\\.|\\[)|map\\s+${W}\\s*->)`;
const ANY_START = `(?=${B}(?:${TOP_START_WORDS}|${ITEM_START_WORDS}))`;
const TOP_ENDS = `(?=${B}${TOP_START_WORDS})`;

const NUM_DEC = '-?[0-9][0-9_]*(?:\\.[0-9][0-9_]*)?';
const NUM_HEX = '-?0[xX][0-9A-Fa-f_]*';
const numberStart = '-?[0-9]';

const repository = {};
const cap = (...names) => Object.fromEntries(names.map((n, i) => [String(i + 1), { name: n }]).filter(([, v]) => v.name));

// ---- lexical ----------------------------------------------------------------
repository.comments = {
  patterns: [
    {
      name: 'comment.block.dmatopo',
      begin: '/\\*',
      beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.dmatopo' } },
      end: '\\*/',
      endCaptures: { 0: { name: 'punctuation.definition.comment.end.dmatopo' } },
    },
    {
      name: 'comment.line.double-slash.dmatopo',
      begin: '//',
      beginCaptures: { 0: { name: 'punctuation.definition.comment.dmatopo' } },
      end: '$',
    },
  ],
};
repository.string = {
  name: 'string.quoted.double.dmatopo',
  begin: '"',
  beginCaptures: { 0: { name: 'punctuation.definition.string.begin.dmatopo' } },
  end: '(")|$',
  endCaptures: { 1: { name: 'punctuation.definition.string.end.dmatopo' } },
  // Only \" and \\ are escapes (language.md § Strings); any other is a syntax error.
  patterns: [
    { name: 'constant.character.escape.dmatopo', match: '\\\\["\\\\]' },
    { name: 'invalid.illegal.escape.dmatopo', match: '\\\\.' },
  ],
};
const unitGroups = Object.keys(UNITS);
const ALL_UNITS = Object.values(UNITS).flat().sort((a, b) => b.length - a.length).map(esc);
repository.number = {
  patterns: [
    {
      comment: 'hex: an integer only; a unit after it is UNIT001',
      match: `(?<![A-Za-z0-9_])(${NUM_HEX})(?:[ \\t]+((?:${alt(ALL_UNITS)})${UNIT_END}))?`,
      captures: cap('constant.numeric.hex.dmatopo', 'invalid.illegal.unit.dmatopo'),
    },
    {
      comment: 'a decimal number and its unit, with or without a space; an unknown unit glued to the number is UNIT001',
      match:
        `(?<![A-Za-z0-9_])(${NUM_DEC})` +
        `(?:[ \\t]*(?:${unitGroups.map((g) => `(${UNITS[g].map(esc).join('|')})`).join('|')})${UNIT_END}|(${GLUED}))?`,
      captures: cap(
        'constant.numeric.decimal.dmatopo',
        ...unitGroups.map((g) => `keyword.other.unit.${g}.dmatopo`),
        'invalid.illegal.unit.dmatopo',
      ),
    },
  ],
};

repository.punctuation = {
  patterns: [
    { name: 'punctuation.terminator.dmatopo', match: ';' },
    { name: 'punctuation.separator.comma.dmatopo', match: ',' },
    { name: 'keyword.operator.arrow.dmatopo', match: '->' },
    { name: 'keyword.operator.link.dmatopo', match: '--' },
    { name: 'keyword.operator.range.dmatopo', match: '\\.\\.' },
    { name: 'punctuation.accessor.dmatopo', match: '\\.' },
    { name: 'punctuation.separator.colon.dmatopo', match: ':' },
    { name: 'punctuation.section.brackets.begin.dmatopo', match: '\\[' },
    { name: 'punctuation.section.brackets.end.dmatopo', match: '\\]' },
  ],
};
repository.separators = {
  patterns: [
    { name: 'punctuation.terminator.dmatopo', match: ';' },
    { name: 'punctuation.separator.comma.dmatopo', match: ',' },
  ],
};

// ---- names --------------------------------------------------------------------
const RANGE = `(\\[)[ \\t]*(${NUM_DEC})?[ \\t]*(\\.\\.)?[ \\t]*(${NUM_DEC})?[ \\t]*(\\])`;
const RANGE_CAPS = [
  'punctuation.section.brackets.begin.dmatopo',
  'constant.numeric.decimal.dmatopo',
  'keyword.operator.range.dmatopo',
  'constant.numeric.decimal.dmatopo',
  'punctuation.section.brackets.end.dmatopo',
];
repository['qualified-name'] = {
  comment: 'host.name, and node[0..3].name in attach lists',
  match: `${B}(${W})(?:${RANGE})?[ \\t]*(\\.)(?!\\.)(${W})?`,
  captures: cap('variable.other.object.dmatopo', ...RANGE_CAPS, 'punctuation.accessor.dmatopo', 'variable.other.property.dmatopo'),
};
repository.name = { match: `${B}${W}`, name: 'variable.other.dmatopo' };

// A value word after its property, on the same line: `(?:VALUE)` where VALUE is a qualified or plain name.
const QVALUE = `(?:(${W})[ \\t]*(\\.)(?!\\.)(${W})?|(${W}))`;
const QVALUE_CAPS = ['variable.other.object.dmatopo', 'punctuation.accessor.dmatopo', 'variable.other.property.dmatopo', 'variable.other.dmatopo'];
const NOT_START = `(?!${TOP_START_WORDS}|${ITEM_START_WORDS})`;

// ---- properties ------------------------------------------------------------------
const PROP = 'support.type.property-name.dmatopo';
function propertyPatterns(kind) {
  const spec = BODIES[kind];
  const patterns = [];
  const simple = [...spec.number, ...spec.flag];
  for (const word of spec.ref) {
    patterns.push({
      match: `${B}(${word})${E}(?:[ \\t]+${NOT_START}${QVALUE})?`,
      captures: cap(PROP, ...QVALUE_CAPS),
    });
  }
  for (const word of spec.name) {
    patterns.push({
      match: `${B}(${word})${E}(?:[ \\t]+${NOT_START}(${W}))?`,
      captures: cap(PROP, 'variable.other.group.dmatopo'),
    });
  }
  for (const [word, values] of Object.entries(spec.enum)) {
    patterns.push({
      match: `${B}(${word})${E}(?:[ \\t]+${NOT_START}(?:(${alt(values)})${E}|(${W})))?`,
      captures: cap(PROP, `support.constant.${word}.dmatopo`, 'invalid.illegal.value.dmatopo'),
    });
  }
  if (spec.layout) {
    patterns.push({
      match: `${B}(layout)${E}(?:[ \\t]+${NOT_START}(?:(${alt(LAYOUTS)})${E}|(${W})))?`,
      captures: cap(PROP, 'support.constant.layout.dmatopo', 'invalid.illegal.value.dmatopo'),
    });
  }
  for (const [word, list] of Object.entries(spec.list)) {
    patterns.push({ include: `#list-${kind}-${word}` });
    // After a list's `,`: a property of this body followed by a token that can start its value begins
    // the next property (language.md § Bodies); otherwise the word is the next item.
    const follows = [
      ...spec.number.map((w) => `${w}\\s+${numberStart}`),
      ...[...spec.ref, ...spec.name, ...Object.keys(spec.enum), ...Object.keys(spec.list)].map((w) => `${w}\\s+[A-Za-z_]`),
      ...(spec.layout ? ['layout\\s+[A-Za-z_]'] : []),
    ];
    const itemPatterns = list.enum
      ? [
          { match: `${B}(${alt(list.enum)})${E}`, name: `support.constant.${word}.dmatopo` },
          { match: `${B}${W}`, name: 'invalid.illegal.value.dmatopo' },
        ]
      : [{ include: '#qualified-name' }, { include: '#name' }];
    repository[`list-${kind}-${word}`] = {
      name: `meta.list.${word}.dmatopo`,
      begin: `${B}(${word})${E}[ \\t]*`,
      beginCaptures: cap(PROP),
      end: `(?=[;}])|(?<=[A-Za-z0-9_\\]])(?![ \\t]*,)|(?:(?<=,)|^)[ \\t]*(?=(?:${follows.join('|')}))|${ANY_START}`,
      patterns: [
        { include: '#comments' },
        { include: '#string' },
        { name: 'punctuation.separator.comma.dmatopo', match: ',' },
        ...itemPatterns,
      ],
    };
  }
  if (simple.length > 0) patterns.push({ match: `${B}(?:${alt(simple)})${E}`, name: PROP });
  // A value on the line after its property still gets its colour.
  const enumValues = [
    ...new Set([
      ...Object.values(spec.enum).flat(),
      ...Object.values(spec.list).flatMap((l) => l.enum ?? []),
      ...(spec.layout ? LAYOUTS : []),
    ]),
  ];
  const own = new Set([...simple, ...spec.ref, ...spec.name, ...Object.keys(spec.enum), ...Object.keys(spec.list)]);
  const loose = enumValues.filter((v) => !own.has(v));
  if (loose.length > 0) patterns.push({ match: `${B}(?:${alt(loose)})${E}`, name: 'support.constant.dmatopo' });
  return patterns;
}

for (const kind of Object.keys(BODIES)) {
  repository[`properties-${kind}`] = { patterns: propertyPatterns(kind) };
  repository[`body-${kind}`] = {
    name: 'meta.block.dmatopo',
    begin: '\\{',
    beginCaptures: { 0: { name: 'punctuation.section.block.begin.dmatopo' } },
    end: `(\\})|${ANY_START}`,
    endCaptures: { 1: { name: 'punctuation.section.block.end.dmatopo' } },
    patterns: [{ include: '#body-content-' + kind }],
  };
  repository[`body-content-${kind}`] = {
    patterns: [
      { include: '#comments' },
      { include: '#string' },
      { include: '#separators' },
      { include: `#properties-${kind}` },
      { include: '#stray-block' },
      { include: '#number' },
      { include: '#qualified-name' },
      { include: '#name' },
      { include: '#punctuation' },
    ],
  };
}

// ---- host items ------------------------------------------------------------------------
for (const item of ITEMS) {
  const kind = bodyKindOf(item);
  repository[`item-${item}`] = {
    name: `meta.item.${item}.dmatopo`,
    begin: `${B}(${item})${E}(?:[ \\t]+${NOT_START}(${W}))?`,
    beginCaptures: cap(`storage.type.${item}.dmatopo`, `entity.name.type.${item}.dmatopo`),
    end: `(?<=\\})|(?=\\})|${ANY_START}`,
    patterns: [{ include: '#comments' }, { include: `#body-${kind}` }, { include: `#body-content-${kind}` }],
  };
}
repository.map = {
  name: 'meta.map.dmatopo',
  match:
    `${B}(map)${E}(?:[ \\t]+(${W})(?:[ \\t]*(->)(?:[ \\t]*${NOT_START}(${W})` +
    `(?:[ \\t]+(?!(?:${alt(KEYWORDS)})\\b)(?:(${alt(MAP_ACCESS)})${E}|(${W})))?)?)?)?`,
  captures: cap(
    'storage.type.map.dmatopo',
    'variable.other.dmatopo',
    'keyword.operator.arrow.dmatopo',
    'variable.other.dmatopo',
    'support.constant.access.dmatopo',
    'invalid.illegal.value.dmatopo',
  ),
};
repository.link = {
  name: 'meta.link.dmatopo',
  begin: `${B}(link)${E}`,
  beginCaptures: cap('keyword.declaration.link.dmatopo'),
  end: `(?=[;,{}])|$|${ANY_START}`,
  patterns: [
    { include: '#comments' },
    { include: '#link-spec' },
    { name: 'keyword.operator.link.dmatopo', match: '--' },
    { include: '#qualified-name' },
    { include: '#name' },
    { include: '#punctuation' },
  ],
};
repository['link-spec'] = {
  name: 'meta.link-spec.dmatopo',
  begin: `(:)(?:[ \\t]*(?:(${alt(LINK_KINDS)})${E}|(?!(?:${alt(LINK_OPTIONS)})${E})(${W})))?`,
  beginCaptures: cap('punctuation.separator.colon.dmatopo', 'support.constant.link-kind.dmatopo', 'invalid.illegal.value.dmatopo'),
  end: `(?=[;,{}])|$|${ANY_START}`,
  patterns: [
    { include: '#comments' },
    { match: `${B}(?:${alt(PCIE_GENERATIONS)})${E}`, name: 'constant.other.pcie-generation.dmatopo' },
    { match: `${B}gen[0-9]+${E}`, name: 'invalid.illegal.value.dmatopo' },
    { match: `${B}(?:${alt(PCIE_LANES)})${E}`, name: 'constant.other.pcie-lanes.dmatopo' },
    { match: `${B}x[0-9]+${E}`, name: 'invalid.illegal.value.dmatopo' },
    { match: `${B}(?:${alt(LINK_OPTIONS)})${E}`, name: PROP },
    { include: '#number' },
    { include: '#string' },
    { include: '#qualified-name' },
    { include: '#name' },
    { include: '#punctuation' },
  ],
};
repository['host-content'] = {
  patterns: [
    { include: '#comments' },
    { include: '#string' },
    { include: '#separators' },
    ...ITEMS.map((i) => ({ include: `#item-${i}` })),
    { include: '#link' },
    { include: '#map' },
    { include: '#stray-block' },
    { include: '#number' },
    { include: '#qualified-name' },
    { include: '#name' },
    { include: '#punctuation' },
  ],
};
repository['host-body'] = {
  name: 'meta.block.dmatopo',
  begin: '\\{',
  beginCaptures: { 0: { name: 'punctuation.section.block.begin.dmatopo' } },
  end: `(\\})|${TOP_ENDS}`,
  endCaptures: { 1: { name: 'punctuation.section.block.end.dmatopo' } },
  patterns: [{ include: '#host-content' }],
};

// ---- top level -------------------------------------------------------------------------
repository.topology = {
  match: `${B}(topology)${E}`,
  captures: cap('keyword.declaration.topology.dmatopo'),
};
const declEnd = `(?<=\\})|(\\})|${TOP_ENDS}`;
const declEndCaptures = { 1: { name: 'punctuation.section.block.end.dmatopo' } };
repository.host = {
  name: 'meta.host.dmatopo',
  begin: `${B}(host)${E}(?:[ \\t]+${NOT_START}(${W})(?:[ \\t]*${RANGE})?)?`,
  beginCaptures: cap('keyword.declaration.host.dmatopo', 'entity.name.type.host.dmatopo', ...RANGE_CAPS),
  end: declEnd,
  endCaptures: declEndCaptures,
  patterns: [
    { include: '#comments' },
    {
      match: `(:)(?:[ \\t]*(${W}))?`,
      captures: cap('punctuation.separator.colon.dmatopo', 'entity.other.inherited-class.template.dmatopo'),
    },
    { include: '#host-body' },
    { include: '#host-content' },
  ],
};
repository.template = {
  name: 'meta.template.dmatopo',
  begin: `${B}(template)${E}(?:[ \\t]+${NOT_START}(${W}))?`,
  beginCaptures: cap('keyword.declaration.template.dmatopo', 'entity.name.type.template.dmatopo'),
  end: declEnd,
  endCaptures: declEndCaptures,
  patterns: [{ include: '#comments' }, { include: '#host-body' }, { include: '#host-content' }],
};
for (const [word, scope] of [
  ['network', 'entity.name.type.network.dmatopo'],
  ['flow', 'entity.name.function.flow.dmatopo'],
]) {
  repository[word] = {
    name: `meta.${word}.dmatopo`,
    begin: `${B}(${word})${E}(?:[ \\t]+${NOT_START}(${W}))?`,
    beginCaptures: cap(`keyword.declaration.${word}.dmatopo`, scope),
    end: declEnd,
    endCaptures: declEndCaptures,
    patterns: [{ include: '#comments' }, { include: `#body-${word}` }, { include: `#body-content-${word}` }],
  };
}
repository['stray-brace'] = { match: '\\}', name: 'invalid.illegal.stray-brace.dmatopo' };
// A `{` where none belongs takes its block with it, up to the matching `}` or
// the next declaration (parser.ts strayBlock): `gpuu g0 { iommu mmu }`.
repository['stray-block'] = {
  name: 'meta.block.stray.dmatopo',
  begin: '\\{',
  beginCaptures: { 0: { name: 'punctuation.section.block.begin.dmatopo' } },
  end: `(\\})|${ANY_START}`,
  endCaptures: { 1: { name: 'punctuation.section.block.end.dmatopo' } },
  patterns: [
    { include: '#comments' },
    { include: '#string' },
    { include: '#stray-block' },
    { include: '#number' },
    { include: '#qualified-name' },
    { include: '#name' },
    { include: '#punctuation' },
  ],
};

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  comment: 'Generated by test/grammar/build-grammar.mjs from server/src/syntax/tokens.ts and schema.ts: edit that file, not this one.',
  name: 'DMA Topology',
  scopeName: 'source.dmatopo',
  fileTypes: ['dmatopo'],
  patterns: [
    { include: '#comments' },
    { include: '#string' },
    { include: '#topology' },
    { include: '#host' },
    { include: '#template' },
    { include: '#network' },
    { include: '#flow' },
    { include: '#link' },
    { include: '#separators' },
    { include: '#stray-block' },
    { include: '#stray-brace' },
    { include: '#number' },
    { include: '#qualified-name' },
    { include: '#name' },
    { include: '#punctuation' },
  ],
  repository,
};

const text = JSON.stringify(grammar, null, 2) + '\n';
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(output, 'utf8');
  } catch {
    // missing: stale
  }
  if (committed !== text) {
    console.error('syntaxes/dmatopo.tmLanguage.json is stale: run `node scripts/build-grammar.mjs` and review the snapshots.');
    process.exit(1);
  }
  console.log('syntaxes/dmatopo.tmLanguage.json matches the language tables.');
} else {
  writeFileSync(output, text);
  console.log('wrote syntaxes/dmatopo.tmLanguage.json');
}
