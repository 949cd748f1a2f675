export function electronBinary(): { pkgDir: string; path: string | null }
