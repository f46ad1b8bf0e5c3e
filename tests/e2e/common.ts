import { Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// What the end-to-end specs share.

/** Where screenshots and downloaded files go (not committed). */
export const artifacts = path.join(__dirname, '..', 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });

/** The repository's root, where `cargo run -p gnbv-engine` works. */
export const root = path.join(__dirname, '..', '..');

/** Collects console errors and uncaught exceptions; a test ends by expecting none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** The gnbv command-line tool (built by the engine tests; built here if missing). */
export function gnbv(args: string[]): Buffer {
  const bin = path.join(root, 'target', 'debug', 'gnbv');
  if (!fs.existsSync(bin)) execFileSync('cargo', ['build', '-q', '-p', 'gnbv-engine'], { cwd: root, stdio: 'inherit' });
  return execFileSync(bin, args, { cwd: root, maxBuffer: 256 * 1024 * 1024 });
}
