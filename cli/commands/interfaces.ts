/** `trawl interfaces [--json]`: the network interfaces live capture can use, numbered as `dumpcap -D` numbers them. */
import type { NetworkInterface } from '../../core/api';
import { listNetworkInterfaces } from '../../workers/net-interfaces';
import { jsonOnlyArgs, type CliCommand, type CliIO } from '../command';

const USAGE = `Usage: trawl interfaces [--json]

Lists this machine's network interfaces, numbered like \`dumpcap -D\` and \`tshark -D\`: name and kind of
device, then whether it is up and running, the link type a capture on it records (as trawl-capture
--link-type says; "cannot capture" where it refuses the device) and its addresses.

  --json   the list as a JSON array, with each interface's packet counter (received plus sent) and when
           it was read`;

function state(i: NetworkInterface): string {
  if (!i.up) return 'down';
  return i.running ? 'up, running' : 'up, not running';
}

/** The numbered list: `1. eth0 (Ethernet (virtio_net))` then an indented line of state, link type and addresses. */
export function formatInterfaces(list: readonly NetworkInterface[]): string {
  const width = String(list.length).length;
  return list
    .map((i, n) => {
      const number = `${String(n + 1).padStart(width)}. `;
      const link = i.linkTypeName ?? 'cannot capture';
      const addresses = i.addresses.length > 0 ? i.addresses.join(', ') : 'no addresses';
      return `${number}${i.name} (${i.description})\n${' '.repeat(number.length)}${state(i)}; ${link}; ${addresses}\n`;
    })
    .join('');
}

export function makeInterfacesCommand(list: () => Promise<NetworkInterface[]> = listNetworkInterfaces): CliCommand {
  return {
    name: 'interfaces',
    summary: 'List the network interfaces to capture from, with their state, link type and addresses',
    usage: USAGE,
    async run(args: string[], io: CliIO): Promise<number> {
      const json = jsonOnlyArgs(args);
      const interfaces = await list();
      io.out(json ? `${JSON.stringify(interfaces, null, 2)}\n` : formatInterfaces(interfaces));
      return 0;
    },
  };
}

export const interfacesCommand: CliCommand = makeInterfacesCommand();
