import { z } from 'zod';
import { Inlet } from '../engine/inlet.js';
import { Outlet } from '../engine/outlet.js';
import { DataRecord, newRecord } from '../engine/record.js';
import { defineGrouper, defineProcessor } from '../processors/define-processor.js';
import { defineInlet, defineOutlet } from './define.js';

/**
 * The SDK object a plugin module's default-exported function receives, so that a plugin needs no import
 * from the studio and always uses the studio's own zod and engine classes.
 */
export interface PluginSdk {
  defineInlet: typeof defineInlet;
  defineOutlet: typeof defineOutlet;
  defineProcessor: typeof defineProcessor;
  defineGrouper: typeof defineGrouper;
  z: typeof z;
  Inlet: typeof Inlet;
  Outlet: typeof Outlet;
  DataRecord: typeof DataRecord;
  newRecord: typeof newRecord;
}

export const pluginSdk: PluginSdk = Object.freeze({
  defineInlet,
  defineOutlet,
  defineProcessor,
  defineGrouper,
  z, Inlet, Outlet, DataRecord, newRecord });
