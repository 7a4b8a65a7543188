export { DataRecord, newRecord, INLET_METADATA_KEY, type Metadata } from './record.js';
export { Update } from './update.js';
export { Inlet, type InletOptions, type PullResult } from './inlet.js';
export { Outlet, type OutletOptions, type Processor, type Grouper } from './outlet.js';
