/** Public surface of Wireshark's display-filter language in Trawl. */
export type { DisplayFilter } from './types';
export { compileDisplayFilter, type CompiledDisplayFilter } from './compile';
export { filterLanguage, type FilterLanguage } from './language';
