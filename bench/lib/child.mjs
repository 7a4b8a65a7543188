// Runs one benchmark script in its own Node process and reads back the JSON result it writes.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const OUTPUT_TAIL_CHARS = 4000;

/**
 * Runs `node --expose-gc <script> ...args --result <file>` and resolves with the parsed result.
 * Rejects with the exit code and the tail of the child's output when it fails, times out or
 * writes no result.
 */
export async function runChild(script, args = [], { timeoutMs = 600_000, env = {}, echo = false } = {}) {
  const resultDir = await mkdtemp(path.join(tmpdir(), 'databay-bench-result-'));
  const resultFile = path.join(resultDir, 'result.json');

  try {
    const { code, signal, output } = await spawnNode(script, [...args, '--result', resultFile], {
      timeoutMs,
      env,
      echo,
    });
    if (code !== 0) {
      throw new Error(
        `${path.basename(script)} ${args.join(' ')} exited with ${signal ?? `code ${code}`}.\n` +
          `Last output:\n${output.slice(-OUTPUT_TAIL_CHARS)}`,
      );
    }

    let text;
    try {
      text = await readFile(resultFile, 'utf8');
    } catch {
      throw new Error(
        `${path.basename(script)} exited cleanly but wrote no result to ${resultFile}.\n` +
          `Last output:\n${output.slice(-OUTPUT_TAIL_CHARS)}`,
      );
    }
    return JSON.parse(text);
  } finally {
    await rm(resultDir, { recursive: true, force: true });
  }
}

function spawnNode(script, args, { timeoutMs, env, echo }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      const text = chunk.toString();
      if (echo) process.stderr.write(text);
      output = (output + text).slice(-OUTPUT_TAIL_CHARS * 4);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    const timer = setTimeout(() => {
      output += `\n[bench] timed out after ${timeoutMs} ms, sending SIGKILL`;
      child.kill('SIGKILL');
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}
