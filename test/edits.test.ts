// What an edit does to the last analysis's findings until the next one
// replaces them: moved with their text, dropped where the edit touched them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { carryThrough } from '../server/src/analysis/edits';
import type { Diagnostic } from '../server/src/model/index';

const finding = (start: number, end: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({ code: 'SEC011', severity: 'information', message: 'm', span: { start, end }, ...extra });

describe('findings carried through an edit', () => {
  it('keeps a finding before the edit as it is, moves one after it, and drops one the edit touches', () => {
    const before = finding(0, 5);
    const touched = finding(8, 12);
    const after = finding(20, 25, { related: [{ span: { start: 30, end: 31 }, message: 'r' }, { span: { start: 10, end: 11 }, message: 'touched' }] });
    const carried = carryThrough([before, touched, after], [{ start: 10, end: 11, text: 'abc' }]);
    assert.equal(carried.length, 2);
    assert.equal(carried[0], before, 'the same object: its place and lines are unchanged');
    assert.deepEqual(carried[1]!.span, { start: 22, end: 27 });
    assert.deepEqual(carried[1]!.related, [{ span: { start: 32, end: 33 }, message: 'r' }]);
  });

  it('drops a finding the edit only borders: typing after a name changes the name', () => {
    assert.deepEqual(carryThrough([finding(0, 5), finding(7, 9)], [{ start: 5, end: 7, text: '' }]), []);
  });

  it('applies several changes in order, each in the text the one before left', () => {
    const carried = carryThrough([finding(20, 25)], [
      { start: 0, end: 0, text: 'xx' },
      { start: 30, end: 31, text: '' },
      { start: 1, end: 2, text: 'yyyy' },
    ]);
    assert.deepEqual(carried.map((d) => d.span), [{ start: 25, end: 30 }]);
  });

  it('never carries what a quick fix needs: its edits were for the old text', () => {
    const [carried] = carryThrough([finding(0, 5, { data: { fix: { edits: [{ span: { start: 40, end: 41 }, newText: 'pinned' }] } } })], [{ start: 10, end: 10, text: 'x' }]);
    assert.ok(carried !== undefined);
    assert.equal(carried.data, undefined);
    assert.deepEqual(carried.span, { start: 0, end: 5 });
  });
});
