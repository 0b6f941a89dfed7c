/** Types of `heap.mjs`, for the TypeScript that imports it (the benchmark). */
export declare const POSTGRES_HEAP_MB: number;
export declare function withHeapFor(databaseUrl: string | undefined, flags: string[]): string[];
