/**
 * Ring sizes: the US/Canada scale and ISO 8653 (the inside circumference in millimetres), the two
 * a shop meets. US size s has an inside circumference of 36.5 + 2.5535 s mm (ISO 8653's table:
 * US 6 = 51.8 mm, US 7 = 54.4 mm); quarter sizes are the finest a sizing stick measures.
 */
const US_ZERO_MM = 36.5;
const MM_PER_US_SIZE = 2.5535;

export const US_SIZE_RANGE = { min: 0, max: 16 } as const;
export const ISO_SIZE_RANGE = { min: 36.5, max: 77.4 } as const;

/** The nearest quarter US size of an inside circumference in millimetres. */
export function usSizeOfIso(circumferenceMm: number): number {
  return Math.round(((circumferenceMm - US_ZERO_MM) / MM_PER_US_SIZE) * 4) / 4;
}

/** The inside circumference (ISO 8653, to 0.1 mm) of a US size. */
export function isoOfUsSize(usSize: number): number {
  return Math.round((US_ZERO_MM + usSize * MM_PER_US_SIZE) * 10) / 10;
}

/** The inside diameter in millimetres (what a ring mandrel or a caliper reads), to 0.1 mm. */
export function diameterMmOfIso(circumferenceMm: number): number {
  return Math.round((circumferenceMm / Math.PI) * 10) / 10;
}

export const FINGERS = [
  'left_thumb', 'left_index', 'left_middle', 'left_ring', 'left_little',
  'right_thumb', 'right_index', 'right_middle', 'right_ring', 'right_little',
] as const;
export type Finger = (typeof FINGERS)[number];

/** A finger's size as recorded: the US size and ISO circumference always both present. */
export interface RingSize {
  finger: Finger;
  us: number;
  isoMm: number;
  diameterMm: number;
}

/** Completes a size given in either system; a size given in both keeps both as measured. */
export function ringSizeOf(finger: Finger, given: { us?: number; isoMm?: number }): RingSize {
  const isoMm = given.isoMm ?? isoOfUsSize(given.us!);
  const us = given.us ?? usSizeOfIso(isoMm);
  return { finger, us, isoMm, diameterMm: diameterMmOfIso(isoMm) };
}
