/**
 * Who made an IPC call, as the preload tells main in an extra argument the renderer cannot set (the
 * bridge it exposes never passes one). Main shows open errors of drops itself, as it does for menu opens.
 * Pure: the sandboxed preload imports it.
 */
export const DROP_ORIGIN = 'drop';
