/** Writes .br and .gz copies beside the text files under dir; their total size before and after Brotli. */
export function precompress(dir: string): { before: number; after: number };
