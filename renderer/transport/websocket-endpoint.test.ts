import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rpcUrl } from './websocket-endpoint';

test('the RPC socket is on the page origin, secure when the page is', () => {
  assert.equal(rpcUrl({ protocol: 'http:', host: '127.0.0.1:8080' }), 'ws://127.0.0.1:8080/rpc');
  assert.equal(rpcUrl({ protocol: 'https:', host: 'example.test' }), 'wss://example.test/rpc');
});
