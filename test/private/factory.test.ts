// src/private/factory.ts: a factory's problem surfaces where its value is received.
import { Construct } from 'constructs';
import { factory, isFaulty, receive } from '../../src/private/factory';
import { Errors, fail } from '../../src/validation/error';

class Inner {
  public static make(ok: boolean): Inner {
    return factory('Inner.make', Inner, () => {
      if (!ok) fail('Inner.make', 'key', '', 'is required', 'set it');
      return new Inner();
    });
  }
  private constructor() {}
}

class Outer {
  public static make(inner: Inner, ok = true): Outer {
    return factory('Outer.make', Outer, () => {
      receive('Outer.make', 'inner', inner);
      if (!ok) fail('Outer.make', 'mode', 'x', 'is wrong', 'fix it');
      return new Outer();
    });
  }
  private constructor() {}
}

function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('factory() and receive()', () => {
  const where = new Construct(undefined as any, 'app');

  test('a faulty value is an instance of its class and throws only when received', () => {
    const v = Inner.make(false);
    expect(v).toBeInstanceOf(Inner);
    expect(isFaulty(v)).toBe(true);
    expect(isFaulty(Inner.make(true))).toBe(false);
    const e = thrownBy(() => receive(where, 'props.inner', v));
    expect(Errors.isValidationError(e)).toBe(true);
    expect(e.message).toBe('[app] Inner.make: is required (props.inner.key: "") — set it');
  });

  test('a problem passed on by an outer factory keeps the inner factory\'s name, once', () => {
    const e = thrownBy(() => receive(where, 'outer', Outer.make(Inner.make(false))));
    expect(e.message).toBe('[app] Inner.make: is required (outer.inner.key: "") — set it');
  });

  test('the outer factory\'s own problem names the outer factory', () => {
    const e = thrownBy(() => receive(where, 'outer', Outer.make(Inner.make(true), false)));
    expect(e.message).toBe('[app] Outer.make: is wrong (outer.mode: "x") — fix it');
  });

  test('values without a problem, and non-objects, are returned as they are', () => {
    const v = Inner.make(true);
    expect(receive(where, 'x', v)).toBe(v);
    expect(receive(where, 'x', undefined)).toBeUndefined();
    expect(receive(where, 'x', 'text')).toBe('text');
  });
});
