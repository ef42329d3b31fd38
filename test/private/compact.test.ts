import { Lazy } from 'cdk8s';
import { compact } from '../../src/private/compact';

test('drops undefined properties at every level of plain objects and arrays', () => {
  expect(compact({ a: 1, b: undefined, c: { d: undefined, e: [{ f: undefined, g: 'x' }] }, h: null }))
    .toEqual({ a: 1, c: { e: [{ g: 'x' }] }, h: null });
  const o = compact({ a: undefined, b: [undefined, 1] }) as any;
  expect(Object.keys(o)).toEqual(['b']);
  expect(o.b).toEqual([undefined, 1]);
});

test('leaves class instances and scalars alone', () => {
  const lazy = Lazy.any({ produce: () => 1 });
  expect(compact({ l: lazy }).l).toBe(lazy);
  expect(compact('s')).toBe('s');
  expect(compact(undefined)).toBeUndefined();
});
