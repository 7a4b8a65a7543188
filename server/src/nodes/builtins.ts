import type { NodeTypeDefinition } from '../registry/define.js';
import { fileInletType, httpInletType, nullInletType, randomIntInletType } from './inlet-types.js';
import {
  consoleOutletType,
  csvOutletType,
  fileOutletType,
  mongoOutletType,
  nullOutletType,
} from './outlet-types.js';

/** The node types that ship with the studio, in palette order. */
export const builtinNodeTypes: NodeTypeDefinition[] = [
  httpInletType,
  fileInletType,
  randomIntInletType,
  nullInletType,
  fileOutletType,
  csvOutletType,
  mongoOutletType,
  consoleOutletType,
  nullOutletType,
];
