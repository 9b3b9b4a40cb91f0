// The name a report gives a document, from its uri, for both sides: the
// server's report heading and the client's panel title must agree.

/** The last segment of the uri's path, percent-decoded (as written when it does not decode). */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
