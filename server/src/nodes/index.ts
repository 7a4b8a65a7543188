// The built-in inlets and outlets, and the node types that let flows use them.
export { HttpInlet, HTTP_METHODS, type HttpInletOptions, type HttpMethod } from './http-inlet.js';
export { FileInlet, FILE_INLET_FORMATS, type FileInletOptions, type FileInletFormat } from './file-inlet.js';
export { RandomIntInlet, type RandomIntInletOptions } from './random-int-inlet.js';
export { NullInlet } from './null-inlet.js';
export {
  FileOutlet,
  FILE_OUTLET_FORMATS,
  FILE_OUTLET_MODES,
  type FileOutletOptions,
  type FileOutletFormat,
  type FileOutletMode,
} from './file-outlet.js';
export { CsvOutlet, type CsvOutletOptions } from './csv-outlet.js';
export { MongoOutlet, DEFAULT_MONGO_URI, MONGO_SCALAR_KEY, type MongoOutletOptions } from './mongo-outlet.js';
export { ConsoleOutlet, type ConsoleOutletOptions } from './console-outlet.js';
export { NullOutlet } from './null-outlet.js';
export { FILE_ENCODINGS, type FileEncoding } from './file-encoding.js';
export { NodeError, NodeErrorCode } from './errors.js';
export { redactUri } from './redact-uri.js';
export { builtinNodeTypes } from './builtins.js';
