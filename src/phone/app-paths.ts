/**
 * `$app/paths` in the phone's own build (`scripts/vite-phone-build.js`): Hearth is served at the root of its
 * address (no `paths.base`), so a route's path is its address.
 */
export function resolve(path: string): string {
	return path;
}
