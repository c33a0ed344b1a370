/**
 * `$app/state` in the phone's own build (`scripts/vite-phone-build.js`): what the phone reads of the page, from
 * its address (`/s/CODE`). SvelteKit's client is not on the phone's page.
 */
const url = new URL(location.href);
const code = url.pathname.split('/')[2];

export const page = {
	url,
	params: { code: code === undefined ? undefined : decodeURIComponent(code) } as { code?: string },
	data: {} as Record<string, unknown>
};
