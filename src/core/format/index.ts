// Numbers as go tool pprof prints them.
//
//   values.ts   a value in its unit, scaled ("69.63MB"), and the report's unit
//   percent.ts  Go's %.2f%% and %g of percentages
//   bytes.ts    a byte count for messages ("1.5 GiB")
//   totals.ts   a profile's total per sample type, labelled

export * from './values';
export * from './percent';
export * from './bytes';
export * from './totals';
