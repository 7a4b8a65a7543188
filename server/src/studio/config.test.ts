import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults without variables', () => {
    const config = loadConfig({}, '/srv/studio');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/studio/data',
      filesRoot: '/srv/studio/data/files',
      pluginsDir: '/srv/studio/data/plugins',
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      { PORT: '8080', HOST: '0.0.0.0', DATABAY_DATA_DIR: 'state', DATABAY_FILES_ROOT: '/files', DATABAY_PLUGINS_DIR: 'plugins', LOG_LEVEL: 'debug' },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.join('/srv', 'state'),
      filesRoot: '/files',
      pluginsDir: '/srv/plugins',
      logLevel: 'debug',
    });
  });

  it('bad value names variable and value', () => {
    for (const [variable, value] of [
      ['PORT', 'eighty'],
      ['PORT', '70000'],
      ['LOG_LEVEL', 'loud'],
    ]) {
      let caught: unknown;
      try {
        loadConfig({ [variable]: value }, '/srv');
      } catch (error) {
        caught = error;
      }
      expect(caught, `${variable}=${value}`).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe(variable);
      expect((caught as Error).message).toContain(`Invalid value "${value}" for ${variable}`);
    }
  });
});
