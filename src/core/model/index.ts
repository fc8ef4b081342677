// The columnar profile every reader fills and every report reads.
//
//   profile.ts   Profile: tables as structs of arrays, one string table,
//                stacks as a parent-first prefix tree
//   builder.ts   ProfileBuilder, StackTableBuilder: how readers fill it
//   growable.ts  typed arrays that grow, for the readers' hot loops
//   interner.ts  Interner: one id per distinct string or address
//   label-sets.ts LabelSets: one copy per distinct set of a sample's labels
//   parents.ts   the stack tree's parents without a column: ParentIndex, parentOf
//   hash.ts      mixNumber, mixText: hashing keys made of numbers and text
//   transfer.ts  the buffers behind a Profile's columns, to move it between threads
//   reassignable.ts fields a hot loop stores again, made mutable for V8 at construction

export * from './profile';
export * from './builder';
export * from './growable';
export * from './interner';
export * from './label-sets';
export * from './parents';
export * from './hash';
export * from './transfer';
export * from './reassignable';
