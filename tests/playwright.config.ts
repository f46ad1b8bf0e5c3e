import { defineConfig } from '@playwright/test';

// Serves the release build in dist/ on loopback and drives Debian's Chromium (no browser
// download). E2E_PORT picks the port; common ones may be taken on shared machines.
const port = Number(process.env.E2E_PORT ?? 8787);

export default defineConfig({
  testDir: 'e2e',
  outputDir: '../test-results',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `python3 ../scripts/serve.py ../dist ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 20_000,
    stdout: 'ignore',
    stderr: 'ignore',
  },
});
