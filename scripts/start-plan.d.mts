// Types of start-plan.mjs, for its TypeScript test.
export declare const WEB_FALLBACK_NOTICE: string;
export declare function userArgs(argv: readonly string[]): string[];
export declare function absoluteArgs(args: readonly string[], userCwd: string): string[];
export declare function electronBinary(requireElectron: () => unknown, isExecutable: (path: string) => boolean): string | null;
export declare function executableCheck(accessSync: (path: string, mode: number) => void): (path: string) => boolean;
export declare function requiredOutputs(root: string, mode: 'electron' | 'web'): string[];
export interface StartPlan {
  mode: 'electron' | 'web';
  build: boolean;
  command: string;
  args: string[];
  notice: string | null;
}
export declare function planStart(input: {
  root: string;
  argv: readonly string[];
  userCwd: string;
  execPath: string;
  binary: string | null;
  exists: (path: string) => boolean;
}): StartPlan;
