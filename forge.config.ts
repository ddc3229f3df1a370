/**
 * Electron Forge: `npx electron-forge start` runs the desktop app from the bundled dist/ (built by
 * scripts/build.mjs; package.json "main" is dist/node/electron-main.js) and `package`/`make` produce
 * the same deb, rpm (and zip) as electron-builder.yml. @electron-forge/* is not a dependency (Electron's
 * binary cannot be downloaded here), so the config is typed with the few shapes it uses.
 */
interface ForgeMaker {
  name: string;
  platforms?: string[];
  config: Record<string, unknown>;
}

interface ForgeConfig {
  packagerConfig: Record<string, unknown>;
  rebuildConfig: Record<string, unknown>;
  makers: ForgeMaker[];
  hooks?: Record<string, (...args: unknown[]) => Promise<void>>;
}

const linuxPackage = {
  name: 'trawl',
  productName: 'Trawl',
  genericName: 'Packet Analyzer',
  description: 'Open, filter and follow network captures.',
  categories: ['Network'],
  mimeType: ['application/vnd.tcpdump.pcap', 'application/x-pcapng'],
  icon: 'assets/icon.png',
};

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Trawl',
    executableName: 'trawl',
    asar: true,
    icon: 'assets/icon',
    // Only the bundle goes in: sources, tests and node_modules of the sources stay out.
    ignore: [/^\/(core|workers|electron|web|renderer|cli|bench|e2e|scripts|helper|docs|out)(\/|$)/, /\.map$/, /\.test\.tsx?$/],
    // The built helper folder becomes resources/helper/ (where locateHelper in workers/capture-helper.ts looks).
    extraResource: ['dist/helper'],
  },
  rebuildConfig: {},
  makers: [
    { name: '@electron-forge/maker-zip', platforms: ['linux', 'darwin'], config: {} },
    {
      name: '@electron-forge/maker-deb',
      config: { options: { ...linuxPackage, section: 'net', depends: ['libcap2-bin'], scripts: { postinst: 'assets/linux/after-install.sh' } } },
    },
    {
      name: '@electron-forge/maker-rpm',
      config: { options: { ...linuxPackage, requires: ['libcap'], scripts: { post: 'assets/linux/after-install.sh' } } },
    },
  ],
  hooks: {
    // Forge runs the app from dist/: build it first, as `npm start` does.
    generateAssets: async () => {
      const { spawnSync } = await import('node:child_process');
      const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
      if (built.status !== 0) throw new Error(`scripts/build.mjs failed with status ${built.status}`);
    },
  },
};

export default config;
