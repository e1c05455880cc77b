import { diameterMmOfIso, isoOfUsSize, ringSizeOf, usSizeOfIso } from '../../src/customers/ring-sizes.js';

describe('ring sizes', () => {
  it.each([
    // US size, ISO 8653 inside circumference (mm), from the standard conversion table
    [3, 44.2],
    [5, 49.3],
    [6, 51.8],
    [6.5, 53.1],
    [7, 54.4],
    [9, 59.5],
    [11.5, 65.9],
  ])('US %s is an inside circumference of %s mm, and back', (us, iso) => {
    expect(isoOfUsSize(us)).toBeCloseTo(iso, 1);
    expect(usSizeOfIso(iso)).toBe(us);
  });

  it('rounds a measured circumference to the nearest quarter US size', () => {
    expect(usSizeOfIso(52.4)).toBe(6.25);
    expect(usSizeOfIso(52.9)).toBe(6.5);
  });

  it('completes a size given in one system and keeps one given in both as measured', () => {
    expect(ringSizeOf('left_ring', { us: 6 })).toEqual({ finger: 'left_ring', us: 6, isoMm: 51.8, diameterMm: 16.5 });
    expect(ringSizeOf('right_index', { isoMm: 57 })).toEqual({ finger: 'right_index', us: 8, isoMm: 57, diameterMm: 18.1 });
    expect(ringSizeOf('left_ring', { us: 6, isoMm: 52 })).toMatchObject({ us: 6, isoMm: 52 });
    expect(diameterMmOfIso(54.4)).toBe(17.3);
  });
});
