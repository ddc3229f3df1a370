/**
 * Bytes no dissector claimed, as Wireshark's `data` protocol: `Data (N bytes)` with `data.data` and
 * `data.len`. It never changes the Protocol or Info column.
 */
import { hexBytes } from '../format';
import { defineProtocol } from '../protocol';

export const data = defineProtocol({
  abbrev: 'data',
  name: 'Data',
  short: 'DATA',
  fields: {
    'data.data': { name: 'Data', type: 'bytes' },
    'data.len': { name: 'Length', type: 'int32' },
  },
  dissect(view, ctx) {
    const n = view.length;
    if (n === 0) return 0;
    if (ctx.building) {
      ctx.layer.setLabel(`Data (${n} byte${n === 1 ? '' : 's'})`);
      const bytes = view.slice(0, n);
      ctx.layer.add('data.data', 0, n, bytes, `Data: ${hexBytes(bytes)}`);
      ctx.layer.add('data.len', 0, 0, n, `[Length: ${n}]`);
    }
    return n;
  },
});
