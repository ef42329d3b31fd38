import { Duration } from 'cdk8s';
import { goDuration, istioDuration, isWholeMillis } from '../../src/private/duration';

describe('goDuration (Go time.Duration.String form)', () => {
  test.each([
    [Duration.days(90), '2160h0m0s'],
    [Duration.hours(720), '720h0m0s'],
    [Duration.hours(1), '1h0m0s'],
    [Duration.minutes(90), '1h30m0s'],
    [Duration.minutes(5), '5m0s'],
    [Duration.seconds(90), '1m30s'],
    [Duration.seconds(30), '30s'],
    [Duration.millis(1500), '1.5s'],
    [Duration.millis(500), '500ms'],
    [Duration.millis(0), '0s'],
    [Duration.millis(3600500), '1h0m0.5s'],
  ])('%p → %s', (d, wire) => expect(goDuration(d)).toBe(wire));
});

describe('istioDuration', () => {
  test.each([
    [Duration.seconds(15), '15s'],
    [Duration.millis(500), '0.5s'],
    [Duration.minutes(2), '120s'],
    [Duration.millis(1), '0.001s'],
  ])('%p → %s', (d, wire) => expect(istioDuration(d)).toBe(wire));

  test('whole milliseconds of at least 1ms', () => {
    expect(isWholeMillis(Duration.millis(1))).toBe(true);
    expect(isWholeMillis(Duration.millis(0))).toBe(false);
    expect(isWholeMillis(Duration.millis(1.5))).toBe(false);
  });
});
