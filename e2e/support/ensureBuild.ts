// Runs before the e2e suite: the web harness serves out/renderer, so build it when it is
// missing (a fresh clone). CI builds first anyway; a stale build is the developer's call.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('out/renderer/index.html')) {
  process.stdout.write('e2e: no built renderer, running electron-vite build\n');
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
}
