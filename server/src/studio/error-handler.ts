import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { createError, StudioError } from './errors.js';

/** Turns every error a route throws into `{ statusCode, code, error, message }` and logs it by outcome. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  let studioError: StudioError;
  if (error instanceof StudioError) {
    studioError = error;
  } else {
    const statusCode = (error as FastifyError).statusCode;
    studioError =
      statusCode !== undefined && statusCode >= 400 && statusCode < 500
        ? createError('DBS_REQUEST_INVALID', error.message)
        : createError('DBS_INTERNAL', error.message);
  }

  const ids = request.params as Record<string, string> | undefined;
  const logFields = { err: error, code: studioError.code, flowId: ids?.id, linkId: ids?.linkId };
  if (studioError.statusCode >= 500) request.log.error(logFields, 'Request failed');
  else request.log.info({ ...logFields, err: undefined, message: studioError.message }, 'Request rejected');

  return reply.code(studioError.statusCode).send({
    statusCode: studioError.statusCode,
    code: studioError.code,
    error: STATUS_CODES[studioError.statusCode] ?? 'Error',
    message: studioError.message,
    ...studioError.details,
  });
}
