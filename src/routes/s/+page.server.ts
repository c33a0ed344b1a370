/**
 * `/s`: joining without the meeting's link. With `?code=` (the join box on the home page or here, sent without
 * JavaScript too) the phone goes on to the meeting's own page, which says in words when the code is wrong or the
 * meeting has ended.
 */
import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const code = (url.searchParams.get('code') ?? '').replace(/\s+/g, '').slice(0, 20);
	if (code) redirect(303, `/s/${encodeURIComponent(code)}`);
};
