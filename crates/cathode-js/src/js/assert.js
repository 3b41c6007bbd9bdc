// `require('assert')` and `require('assert/strict')`: Node's assertions and AssertionError.
// Messages name the operator and both values, without Node's coloured diff.
(function (util) {
  'use strict';

  const { inspect } = util;

  class AssertionError extends Error {
    constructor(options) {
      const { message, actual, expected, operator } = options;
      super(message !== undefined ? `${message}` : describe(actual, expected, operator));
      this.generatedMessage = message === undefined;
      this.code = 'ERR_ASSERTION';
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
    }
    get name() {
      return 'AssertionError';
    }
  }

  const TITLES = {
    deepStrictEqual: 'Expected values to be strictly deep-equal:',
    strictEqual: 'Expected values to be strictly equal:',
    deepEqual: 'Expected values to be loosely deep-equal:',
    equal: 'Expected values to be loosely equal:',
    notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
    notStrictEqual: 'Expected "actual" to be strictly unequal to:',
    notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
    notEqual: 'Expected "actual" to be loosely unequal to:',
  };

  function describe(actual, expected, operator) {
    const title = TITLES[operator];
    if (title === undefined) return `${inspect(actual)} ${operator} ${inspect(expected)}`;
    if (operator.startsWith('not')) {
      const shown = inspect(expected);
      return shown.includes('\n') ? `${title}\n\n${shown}\n` : `${title} ${shown}`;
    }
    const a = inspect(actual);
    const e = inspect(expected);
    if (!a.includes('\n') && !e.includes('\n') && operator.endsWith('qual') && !operator.startsWith('deep')) {
      return `${title}\n\n${a} !== ${e}\n`;
    }
    return `${title}\n+ actual - expected\n\n+ ${a.split('\n').join('\n+ ')}\n- ${e.split('\n').join('\n- ')}\n`;
  }

  function fail(options, stackStart) {
    if (options.message instanceof Error) throw options.message;
    const err = new AssertionError(options);
    void stackStart;
    throw err;
  }

  function ok(value, message) {
    if (arguments.length === 0) {
      fail({ message: 'No value argument passed to `assert.ok()`', actual: undefined, expected: true, operator: '==' });
    }
    if (!value) {
      if (message !== undefined) fail({ message, actual: value, expected: true, operator: '==' });
      const err = new AssertionError({ message: `The expression evaluated to a falsy value:\n\n  assert(${inspect(value)})\n`, actual: value, expected: true, operator: '==' });
      err.generatedMessage = true;
      throw err;
    }
  }

  const assert = function assert(value, message) {
    if (arguments.length === 0) ok();
    else ok(value, message);
  };
  assert.ok = assert;
  assert.AssertionError = AssertionError;
  assert.fail = function (message = 'Failed') {
    if (message instanceof Error) throw message;
    const err = new AssertionError({ message, operator: 'fail' });
    err.generatedMessage = message === 'Failed';
    throw err;
  };

  const looseEqual = (a, b) => a == b || (a !== a && b !== b); // eslint-disable-line eqeqeq
  const comparisons = {
    equal: looseEqual,
    notEqual: (a, b) => !looseEqual(a, b),
    strictEqual: Object.is,
    notStrictEqual: (a, b) => !Object.is(a, b),
    deepEqual: (a, b) => util._deepEqual(a, b, false),
    notDeepEqual: (a, b) => !util._deepEqual(a, b, false),
    deepStrictEqual: (a, b) => util._deepEqual(a, b, true),
    notDeepStrictEqual: (a, b) => !util._deepEqual(a, b, true),
  };
  for (const [operator, test] of Object.entries(comparisons)) {
    assert[operator] = function (actual, expected, message) {
      if (arguments.length < 2) {
        const err = new TypeError('The "actual" and "expected" arguments must be specified');
        err.code = 'ERR_MISSING_ARGS';
        throw err;
      }
      if (!test(actual, expected)) {
        const shown = operator === 'equal' ? '==' : operator === 'notEqual' ? '!=' : operator;
        const err = new AssertionError({ actual, expected, message, operator });
        err.operator = shown;
        throw err;
      }
    };
  }

  // Does `err` match what `throws`/`rejects` expect: a class, a RegExp, a validation function, or
  // an object whose properties must deep-equal the error's.
  function matches(err, expected, message, operator) {
    if (expected === undefined) return;
    if (typeof expected === 'function') {
      if (expected.prototype !== undefined && err instanceof expected) return;
      if (Error.isPrototypeOf(expected) || expected === Error) {
        fail({ actual: err, expected, message: message || `The error is expected to be an instance of "${expected.name}". Received "${err && err.constructor && err.constructor.name}"`, operator });
      }
      if (expected.call({}, err) === true) return;
      fail({ actual: err, expected, message: message || 'The validation function is expected to return "true". Received false', operator });
    }
    if (expected instanceof RegExp) {
      if (expected.test(String(err))) return;
      fail({ actual: err, expected, message: message || `The input did not match the regular expression ${expected}. Input:\n\n${inspect(String(err))}\n`, operator });
    }
    if (typeof expected === 'object' && expected !== null) {
      for (const key of Object.keys(expected)) {
        const want = expected[key];
        const got = err == null ? undefined : err[key];
        const same = want instanceof RegExp && typeof got === 'string' ? want.test(got) : util._deepEqual(got, want, true);
        if (!same) {
          fail({ actual: err, expected, message: message || `Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   ${key}: ${inspect(got)}\n-   ${key}: ${inspect(want)}\n  }\n`, operator });
        }
      }
    }
  }

  const NO_ERROR = Symbol('no error');
  assert.throws = function throws(fn, expected, message) {
    if (typeof fn !== 'function') {
      const err = new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    if (typeof expected === 'string') {
      message = expected;
      expected = undefined;
    }
    let thrown = NO_ERROR;
    try {
      fn();
    } catch (err) {
      thrown = err;
    }
    if (thrown === NO_ERROR) {
      const name = expected && expected.name ? ` (${expected.name})` : '';
      fail({ actual: undefined, expected, operator: 'throws', message: `Missing expected exception${name}${message ? `: ${message}` : '.'}` });
    }
    matches(thrown, expected, message, 'throws');
  };
  assert.doesNotThrow = function doesNotThrow(fn, expected, message) {
    if (typeof expected === 'string') message = expected;
    try {
      fn();
    } catch (err) {
      fail({ actual: err, expected, operator: 'doesNotThrow', message: `Got unwanted exception${message ? `: ${message}` : '.'}\nActual message: "${err && err.message}"` });
    }
  };
  assert.rejects = async function rejects(promiseOrFn, expected, message) {
    if (typeof expected === 'string') {
      message = expected;
      expected = undefined;
    }
    let thrown = NO_ERROR;
    try {
      await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
    } catch (err) {
      thrown = err;
    }
    if (thrown === NO_ERROR) {
      const name = expected && expected.name ? ` (${expected.name})` : '';
      fail({ actual: undefined, expected, operator: 'rejects', message: `Missing expected rejection${name}${message ? `: ${message}` : '.'}` });
    }
    matches(thrown, expected, message, 'rejects');
  };
  assert.doesNotReject = async function doesNotReject(promiseOrFn, expected, message) {
    if (typeof expected === 'string') message = expected;
    try {
      await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
    } catch (err) {
      fail({ actual: err, expected, operator: 'doesNotReject', message: `Got unwanted rejection${message ? `: ${message}` : '.'}\nActual message: "${err && err.message}"` });
    }
  };
  assert.match = function match(string, regexp, message) {
    if (typeof string !== 'string' || !regexp.test(string)) {
      fail({ actual: string, expected: regexp, operator: 'match', message: message || `The input did not match the regular expression ${regexp}. Input:\n\n${inspect(string)}\n` });
    }
  };
  assert.doesNotMatch = function doesNotMatch(string, regexp, message) {
    if (typeof string !== 'string' || regexp.test(string)) {
      fail({ actual: string, expected: regexp, operator: 'doesNotMatch', message: message || `The input was expected to not match the regular expression ${regexp}. Input:\n\n${inspect(string)}\n` });
    }
  };
  assert.ifError = function ifError(value) {
    if (value !== null && value !== undefined) {
      if (value instanceof Error) throw value;
      fail({ actual: value, expected: null, operator: 'ifError', message: `ifError got unwanted exception: ${inspect(value)}` });
    }
  };

  // assert/strict: the loose comparisons are the strict ones.
  const strict = function strict(value, message) {
    if (arguments.length === 0) ok();
    else ok(value, message);
  };
  Object.assign(strict, assert, {
    equal: assert.strictEqual,
    notEqual: assert.notStrictEqual,
    deepEqual: assert.deepStrictEqual,
    notDeepEqual: assert.notDeepStrictEqual,
  });
  strict.ok = strict;
  strict.strict = strict;
  assert.strict = strict;
  return assert;
})
