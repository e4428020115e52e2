import { HttpStatus } from '@nestjs/common';
import bodyParser from 'body-parser';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError } from '../errors/domain-error';

/**
 * Deepest nesting of arrays and objects a request body may have. The deepest body any route
 * takes is an object holding a list of objects (an action plan's `targets`): three levels.
 */
export const MAX_JSON_DEPTH = 4;

/** Keys that could reach an object's prototype when a parsed body is merged into another object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor']);

const JSON_TYPES = ['application/json', 'application/*+json'];

export interface JsonBodyLimits {
  /** Limit of every route not named in `byPath` (bytes, or a size such as '100kb'). */
  defaultLimit: string;
  /** Routes with a limit of their own, by exact path (e.g. the report import). */
  byPath: Record<string, string>;
}

const invalidJson = () => new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_JSON', 'The request body is not valid JSON');

/**
 * The JSON body parser of the API. Reads the body with the route's size limit, refuses nesting
 * deeper than MAX_JSON_DEPTH before parsing (deep nesting overflows the stack of the libraries
 * that read the body later), parses without a reviver, and refuses prototype keys anywhere.
 * Its errors carry fixed messages: nothing of the input is echoed back.
 */
export function jsonBodyParser(limits: JsonBodyLimits): RequestHandler {
  const readers = new Map<string, RequestHandler>();
  const readerFor = (limit: string) => {
    let reader = readers.get(limit);
    if (!reader) {
      reader = bodyParser.text({ type: JSON_TYPES, limit, defaultCharset: 'utf-8' });
      readers.set(limit, reader);
    }
    return reader;
  };

  return (request: Request, response: Response, next: NextFunction) => {
    const limit = limits.byPath[request.path.replace(/\/+$/, '')] ?? limits.defaultLimit;
    readerFor(limit)(request, response, (error?: unknown) => {
      if (error) return next(error);
      if (typeof request.body !== 'string') return next(); // not JSON: another parser's business
      try {
        request.body = parseJsonBody(request.body);
        next();
      } catch (parseError) {
        next(parseError);
      }
    });
  };
}

/** Parses a request body as JSON, with the checks described at `jsonBodyParser`. */
export function parseJsonBody(text: string): unknown {
  // An empty body with a JSON content type is an empty object, as body-parser's own parser has it.
  if (text.trim() === '') return {};
  if (!/^\s*[[{]/.test(text)) throw invalidJson();
  assertNestingAtMost(text, MAX_JSON_DEPTH);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  assertNoForbiddenKeys(value);
  return value;
}

/** Counts brackets outside strings; stops at the first one too deep, without building anything. */
function assertNestingAtMost(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      if (++depth > maxDepth) {
        throw new DomainError(
          HttpStatus.BAD_REQUEST,
          'JSON_TOO_DEEP',
          `The request body is nested deeper than ${maxDepth} levels of arrays and objects`,
        );
      }
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth--;
    }
  }
}

/** JSON.parse keeps `__proto__` as a plain key; refusing it here keeps it from ever meeting `Object.assign`. */
function assertNoForbiddenKeys(value: unknown): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== 'object') continue;
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'JSON_FORBIDDEN_KEY', `The request body may not use the key "${key}"`);
      }
      pending.push((current as Record<string, unknown>)[key]);
    }
  }
}
