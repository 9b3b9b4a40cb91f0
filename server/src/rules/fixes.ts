// Quick-fix edits several rules share: adding a property to a body,
// making a buffer pinned.
import type { BufferModel } from '../model/index';
import type { Span } from '../syntax/ast';
import { BODY_SCHEMAS } from '../syntax/index';
import type { Fix } from './rule';

/** Replace `pageable` with `pinned`, or add `pinned` to the buffer's body. */
export function pinnedFix(buffer: BufferModel): Fix {
  const pageable = buffer.written.property('pageable');
  if (pageable !== undefined) return { title: `Make '${buffer.name}' pinned`, edits: [{ span: pageable.key.span, newText: 'pinned' }] };
  return { title: `Make '${buffer.name}' pinned`, edits: [addFlag(buffer, Object.keys(BODY_SCHEMAS.buffer), 'pinned')] };
}

/**
 * An edit that adds a property (`pinned`, `sg`, `rdma`, `access …`) after
 * the body's last written one, or into an empty body. Shared by the DMA rules
 * whose quick fixes add a property.
 */
export function addFlag(item: { readonly span: Span; readonly written: { property(key: string): { readonly span: Span } | undefined } }, keys: readonly string[], text: string): { span: Span; newText: string } {
  let end: number | undefined;
  for (const key of keys) {
    const property = item.written.property(key);
    if (property !== undefined && (end === undefined || property.span.end > end)) end = property.span.end;
  }
  if (end !== undefined) return { span: { start: end, end }, newText: `, ${text}` };
  const at = item.span.end - 1;
  return { span: { start: at, end: at }, newText: ` ${text} ` };
}
