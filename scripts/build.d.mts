/** Types of `build.mjs`, for the TypeScript that imports it (the benchmark). */
export declare const serverBundle: string;
export declare function buildServer(outfile?: string): Promise<string>;
export declare function buildIfStale(): Promise<string>;
