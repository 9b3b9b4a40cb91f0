// Every diagnostic of the language's own table fires with its code at its
// range (⟦…⟧ marks the expected range; ⟦⟧ an empty one right after a token).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../server/src/model/index';
import { expectClean, expectDiagnostics, onlyDiagnostic } from './helpers';

const HOST = `host h {
  cpu c {}
  memory ram { size 64 GiB, cpu c }
  iommu mmu {}
  nic n { iommu mmu }
  link c -- n : pcie gen4 x16
  buffer b { in ram, size 1 MiB, pinned }
`;

describe('SYN001 syntax errors', () => {
  it('reports a stray token in a body and goes on', () => {
    expectDiagnostics(`${HOST}  cpu d { cores 4 ⟦@⟧ vendor amd }\n}`, ['SYN001']);
  });
  it('reports a missing value right after its property name, once', () => {
    expectDiagnostics(`${HOST}  buffer x { in ram, size⟦⟧ }\n}`, ['SYN001']);
    expectDiagnostics(`${HOST}  cpu d { cores⟦: 16⟧ }\n}`, ['SYN001']);
  });
  it('reports an unknown property with a suggestion', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  cpu d { ⟦coers 4⟧ }\n}`, ['SYN001']);
    assert.match(diagnostics[0]!.message, /did you mean 'cores'\?/);
  });
  it('reports a missing } right after the last token of the unclosed body, once', () => {
    expectDiagnostics(`host h {
  cpu c { cores 4⟦⟧
  memory ram { size 1 GiB
  nic n {}
  link c -- n : pcie gen4 x4
}
host g { cpu c {} }`, ['SYN001']);
  });
  it('reports a missing } of a host at the next top-level declaration', () => {
    expectDiagnostics(`host h {
  cpu c {}⟦⟧
host g { cpu c {} }`, ['SYN001']);
  });
  it('reports a stray } at top level', () => {
    expectDiagnostics('host g { cpu c {} }\n⟦}⟧\n', ['SYN001']);
  });
  it('reports a missing name', () => {
    expectDiagnostics('host g { cpu⟦⟧ { } }\n', ['SYN001']);
    expectDiagnostics('flow⟦⟧ { }\n', ['SYN001']);
  });
  it('reports a missing {', () => {
    expectDiagnostics('host g { cpu c⟦⟧ cores 4 } }\n', ['SYN001']);
  });
  it('reports an unterminated string and comment', () => {
    expectDiagnostics('topology ⟦"lab⟧\nhost g { cpu c {} }\n', ['SYN001']);
    expectDiagnostics('host g { cpu c {} }\n⟦/*⟧ never closed\nhost x {}', ['SYN001']);
  });
  it('reports unknown characters', () => {
    expectDiagnostics('host g { cpu c {} ⟦$$⟧ }\n', ['SYN001']);
  });
  it('reports a topology title that is not first', () => {
    expectDiagnostics('host g { cpu c {} }\n⟦topology⟧ "x"\n', ['SYN001']);
  });
  it('reports a link without its other end, and a map without access', () => {
    // The half-written link leaves n's connection unknown: no TOP001 on top.
    expectDiagnostics('host g { cpu c {} nic n {} link n --⟦⟧ }\n', ['SYN001']);
    expectDiagnostics('host g { cpu c {} nic n {} link c -- n : pcie gen4 x4 memory m { size 1 GiB } buffer b { in m, size 1 MiB } map n -> b⟦⟧ }\n', ['SYN001']);
  });
});

describe('REF001 unknown names', () => {
  it('inside a host, with a suggestion', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  buffer x { in ⟦rma⟧, size 1 MiB }\n}`, ['REF001']);
    assert.match(diagnostics[0]!.message, /did you mean 'ram'\?/);
  });
  it('at top level: unknown host, unknown item, unqualified name', () => {
    expectDiagnostics(`${HOST}}\nflow f { from ⟦hh⟧.b to h.⟦bb⟧ size 1 MiB }\nflow g { from ⟦b⟧ to h.b size 1 MiB }`, ['REF001', 'REF001', 'REF001']);
  });
  it('for an unknown template', () => {
    expectDiagnostics('template t { cpu c {} }\nhost g : ⟦tt⟧ {}\n', ['REF001']);
  });
  it('for a network port on a missing host of a range, once', () => {
    expectDiagnostics(`template t { cpu c {} nic n {} link c -- n : pcie gen4 x4 }
host k[0..1] : t {}
network ib { kind infiniband rate 100 Gb/s attach ⟦k⟧[0..3].n }`, ['REF001']);
  });
});

describe('REF002 duplicate names', () => {
  it('inside a host, with the first as related location', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  cpu ⟦ram⟧ {}\n}`, ['REF002']);
    assert.equal(diagnostics[0]!.related?.length, 1);
    assert.equal(diagnostics[0]!.related![0]!.span.start, HOST.indexOf('ram'));
  });
  it('at top level across kinds, including hosts of a range', () => {
    expectDiagnostics('host a { cpu c {} }\nflow ⟦a⟧ { from a.c to a.c size 1 B }\n', ['REF002']);
    expectDiagnostics('host n[0..2] { cpu c {} }\nhost ⟦n1⟧ { cpu c {} }\n', ['REF002']);
  });
  it('once at the host line when a host redeclares a template item', () => {
    expectDiagnostics('template t { cpu c {} }\nhost ⟦k⟧[0..3] : t { cpu c {} }\n', ['REF002']);
  });
});

describe('REF003 wrong kind of reference', () => {
  it('names what was found', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  map n -> ⟦c⟧ rw\n}`, ['REF003']);
    assert.match(diagnostics[0]!.message, /'c' is a cpu, expected a buffer/);
  });
  it('for a flow endpoint and a template that is a host', () => {
    expectDiagnostics(`${HOST}}\nflow f { from h.⟦mmu⟧ to h.b size 1 MiB }`, ['REF003']);
    expectDiagnostics('host a { cpu c {} }\nhost b : ⟦a⟧ { cpu c {} }\n', ['REF003']);
  });
});

describe('UNIT001 units', () => {
  it('names the expected dimension', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  buffer x { in ram, size ⟦10 ms⟧ }\n}`, ['UNIT001']);
    assert.match(diagnostics[0]!.message, /size expects a size such as 64 MiB, got 10 ms/);
  });
  it('reports an unknown attached unit on the unit', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  buffer x { in ram, size 64⟦mib⟧ }\n}`, ['UNIT001']);
    assert.match(diagnostics[0]!.message, /did you mean 'MiB'\?/);
  });
  it('reports a missing unit, a unit on a count and a unit on a hex number', () => {
    expectDiagnostics(`${HOST}  buffer x { in ram, size ⟦64⟧, count ⟦4 B⟧, offset 0x10 ⟦KiB⟧ }\n}`, ['UNIT001', 'UNIT001', 'UNIT001']);
  });
  it('takes a space-separated unknown word as the next property', () => {
    expectDiagnostics(`${HOST}  buffer x { in ram, size ⟦64⟧ ⟦mib⟧ }\n}`, ['UNIT001', 'SYN001']);
  });
});

describe('VAL001 values', () => {
  it('rejects gen9, x3, -4 MiB, 120 % and mode strictt', () => {
    expectDiagnostics(`host h {
  cpu c {}
  memory ram { size 1 GiB }
  iommu mmu { mode ⟦strictt⟧ }
  nic n {}
  nvme d {}
  link c -- n : pcie ⟦gen9⟧ x16
  link c -- d : pcie gen4 ⟦x3⟧
  buffer b { in ram, size 1 MiB, offset ⟦-4 MiB⟧ }
}
flow f { from h.d to h.b size 1 MiB cache ⟦120 %⟧ }`, ['VAL001', 'VAL001', 'VAL001', 'VAL001', 'VAL001']);
  });
  it('rejects an empty range and one of more than 4,096 hosts', () => {
    expectDiagnostics('host a⟦[3..1]⟧ { cpu c {} }\nhost b⟦[0..4096]⟧ { cpu c {} }\nhost ok[0..4095] { cpu c {} }\n', ['VAL001', 'VAL001']);
  });
  it('rejects a fractional count and a map access that is not read, write or rw', () => {
    expectDiagnostics(`${HOST}  buffer x { in ram, size 1 MiB, count ⟦1.5⟧ }\n  map n -> b ⟦rwx⟧\n}`, ['VAL001', 'VAL001']);
  });
});

describe('VAL002 repeats and exclusions', () => {
  it('reports a repeated property with the first as related location', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  cpu d { cores 4 ⟦cores⟧ 8 }\n}`, ['VAL002']);
    assert.equal(diagnostics[0]!.related?.length, 1);
  });
  it('reports pinned with pageable, and every with rate', () => {
    expectDiagnostics(`${HOST}  buffer x { in ram, size 1 MiB, pinned, ⟦pageable⟧ }\n}\nflow f { from h.n to h.b size 1 MiB every 1 ms ⟦rate⟧ 60 fps }`, ['VAL002', 'VAL002']);
  });
});

describe('REQ001 required properties', () => {
  it('is reported on the declaration name, listing what is missing', () => {
    const { diagnostics } = expectDiagnostics(`${HOST}  buffer ⟦x⟧ { pinned }\n}`, ['REQ001']);
    assert.match(diagnostics[0]!.message, /'in'.*and 'size'/);
  });
  it('for networks, flows, strided patterns and memories of multi-socket hosts', () => {
    expectDiagnostics(`${HOST}}\nnetwork ⟦ib⟧ { rate 100 Gb/s }\nflow ⟦f⟧ { from h.n to h.b size 1 MiB pattern strided stride 64 B }`, ['REQ001', 'REQ001']);
    expectDiagnostics('host h { cpu a {} cpu b {} memory ⟦m⟧ { size 1 GiB } }', ['REQ001']);
  });
  it('for a copy between two buffers of one memory with no engine', () => {
    expectDiagnostics(`${HOST}  buffer c2 { in ram, size 1 MiB }\n}\nflow ⟦f⟧ { from h.b to h.c2 size 1 MiB }`, ['REQ001']);
  });
});

describe('TOP001 topology', () => {
  it('reports a device that reaches no cpu', () => {
    expectDiagnostics(`${HOST}  gpu ⟦g⟧ {}\n}`, ['TOP001']);
  });
  it('reports the link that closes a PCIe cycle', () => {
    expectDiagnostics(`${HOST}  switch s {}\n  link c -- s : pcie gen4 x16\n  ⟦link s -- n : pcie gen4 x16⟧\n}`, ['TOP001']);
  });
  it('does not count NVLink as a PCIe cycle', () => {
    expectDiagnostics(`${HOST}  gpu g {}\n  link c -- g : pcie gen4 x16\n  link g -- n : nvlink 300 GB/s\n}`, []);
  });
  it('reports a top-level link that does not join NICs of two hosts', () => {
    expectDiagnostics(`${HOST}}\nhost k { cpu c {} gpu g {} link c -- g : pcie gen4 x16 }\nlink h.n -- ⟦k.g⟧ : ethernet 100 Gb/s`, ['TOP001']);
  });
  it('does not cut devices off their cpu because a link spec is invalid', () => {
    expectDiagnostics('host h { cpu c {} nic n {} link c -- n : pcie ⟦gen7⟧ x16 }', ['VAL001']);
  });
});

describe('diagnostics inside templates and ranges are reported once', () => {
  it('reports a template mistake once however many hosts use it', () => {
    expectDiagnostics(`template t { cpu c { cores ⟦4 GiB⟧ } gpu ⟦g⟧ {} }
host k[0..15] : t {}
host j : t {}`, ['UNIT001', 'TOP001']);
  });
  it('reports a host range body mistake once', () => {
    expectDiagnostics('host k[0..63] { cpu c { vendor ⟦intl⟧ } }', ['VAL001']);
  });
});

describe('recovery', () => {
  it('reports several unrelated mistakes, one each, and parses what follows', () => {
    const { model } = expectDiagnostics(`host h {
  cpu c { cores ⟦4 s⟧ }
  memory ram { size 64 GiB⟦⟧
  iommu mmu { mode ⟦lazzy⟧ }
  nic n { iommu mmu, ⟦bogus⟧ }
  link c -- n : pcie gen4 x16
  buffer b { in ram, size 1 MiB, pinned }
}
⟦}⟧
flow f { from h.n to h.⟦bb⟧ size 1 MiB }
host k { cpu c {} }`, ['UNIT001', 'SYN001', 'VAL001', 'SYN001', 'SYN001', 'REF001']);
    assert.ok(model.hosts.has('k'), 'the host after the mistakes is parsed');
    assert.ok(model.hosts.get('h')!.entities.has('b'), 'items after the missing } belong to the host');
  });
  it('takes a stray block with its stray word: an unknown item kind is one mistake', () => {
    const { model } = expectDiagnostics(`host h {
  cpu c {}
  ⟦gpuu g0 { iommu mmu }⟧
  nic n {}
  link c -- n : pcie gen4 x4
  memory m { size 1 GiB }
  buffer b { ⟦foo { x }⟧ size 1 MiB, in m }
}
host k { cpu c {} }`, ['SYN001', 'SYN001']);
    assert.deepEqual([...model.hosts.keys()], ['h', 'k']);
    assert.equal(model.hosts.get('h')!.buffers[0]!.sizeBytes, 2 ** 20);
  });
  it('skips reference checks of nodes recovery invented', () => {
    // `from h.` lacks its name: one syntax error, no unknown-name error on top.
    expectDiagnostics(`${HOST}}\nflow f { from h.⟦⟧ to h.b size 1 MiB }`, ['SYN001']);
  });
});

describe('messages', () => {
  it('never report an internal error on a valid file', () => {
    assert.equal(analyze('').diagnostics.length, 0);
    assert.equal(onlyDiagnostic('host h {').code, 'SYN001');
  });
});

describe('topology title', () => {
  it('reports a missing title right after the keyword', () => {
    expectDiagnostics('topology⟦⟧\nhost g { cpu c {} }\n', ['SYN001']);
  });
  it('reports an unknown escape on the escape itself, saying how to write a backslash', () => {
    const { diagnostics } = expectDiagnostics('topology "C:⟦\\l⟧ab⟦\\r⟧ack1 \\\\lab \\" ⟦\\😀⟧"\n', ['SYN001', 'SYN001', 'SYN001']);
    assert.equal(diagnostics[0]!.message, "unknown escape '\\l': a string knows only \\\" and \\\\; write a backslash as \\\\");
    expectClean('topology "C:\\\\lab \\"rack\\" 1"\n');
  });
  it('reports a second title as a syntax error, as the grammar allows one', () => {
    expectDiagnostics('topology "a"\n⟦topology⟧ "b"\n', ['SYN001']);
  });
});

describe('contextual keywords in value positions', () => {
  it('takes host, template, network and flow as names after ->, after a dot and as a group', () => {
    expectDiagnostics(`host h {
  cpu c {}
  memory m { size 1 GiB }
  nic n {}
  link c -- n : pcie gen4 x4
  buffer template { in m, size 1 MiB, pinned }
  buffer network { in m, size 1 MiB, pinned }
  map n -> template rw
  map n -> network rw
}
flow f { from h.n to h.network size 1 MiB group host }
flow g { from h.n to h.template size 1 MiB group flow }`, []);
  });
});

describe('REF002 in document order', () => {
  it('points at the later declaration whatever the kinds', () => {
    const { diagnostics } = expectDiagnostics('host e { cpu c {} nic n {} link c -- n : pcie gen4 x4 }\ntemplate ⟦e⟧ { cpu c {} }\nflow f { from e.n to e.n size 1 B }\nhost ⟦f⟧ { cpu c {} }\n', ['REF002', 'REF002']);
    assert.equal(diagnostics[0]!.related![0]!.span.start, 'host '.length);
  });
});

describe('link options', () => {
  it('accepts mtu on nvlink and bus links, as the grammar does, and rejects it on pcie', () => {
    expectDiagnostics(`host h {
  cpu c {}
  gpu a {}
  gpu b {}
  camera k {}
  link c -- a : pcie gen4 x16
  link c -- b : pcie gen4 x16 ⟦mtu⟧ 4096 B
  link a -- b : nvlink 300 GB/s mtu 4096 B
  link c -- k : bus 2 GB/s mtu 256 B
}`, ['VAL001']);
  });
});

describe('suggestions', () => {
  it('guesses only when one candidate is closest', () => {
    const gen = onlyDiagnostic('host h { cpu c {} nic n {} link c -- n : pcie gen9 x16 }');
    assert.doesNotMatch(gen.message, /did you mean/);
    const mode = onlyDiagnostic('host h { iommu i { mode strictt } }');
    assert.match(mode.message, /did you mean 'strict'\?/);
  });
});
