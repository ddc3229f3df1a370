/** HTTP/1.1 messages: a request (GET or POST) and a response whose Content-Length matches its body. */
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f);

function concat(head: Uint8Array, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

export function httpRequest(method: 'GET' | 'POST', host: string, path: string, body?: Uint8Array): Uint8Array {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'User-Agent: trawl-bench/1.0', 'Accept: */*', 'Connection: keep-alive'];
  if (body) lines.push('Content-Type: text/plain', `Content-Length: ${body.length}`);
  const head = ascii(`${lines.join('\r\n')}\r\n\r\n`);
  return body ? concat(head, body) : head;
}

const REASONS: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 404: 'Not Found' };

export function httpResponse(status: 200 | 301 | 404, body: Uint8Array): Uint8Array {
  const lines = [`HTTP/1.1 ${status} ${REASONS[status]}`, 'Server: trawl-bench', 'Content-Type: text/plain', `Content-Length: ${body.length}`];
  if (status === 301) lines.push('Location: /moved');
  return concat(ascii(`${lines.join('\r\n')}\r\n\r\n`), body);
}
