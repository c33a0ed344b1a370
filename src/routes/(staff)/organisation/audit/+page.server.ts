import { acceptedLanguages, formatMoment, readerLocale } from '$lib/format/dates';
import { getLocale } from '$lib/paraglide/runtime';
import { parseAuditCursor } from '$lib/server/audit';
import { readAuditLog } from '$lib/server/auth/accounts';
import { requireOrganiser } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = (event) => {
	const actor = requireOrganiser(event);
	const before = parseAuditCursor(event.url.searchParams.get('before')) ?? undefined;
	const { entries, nextBefore } = readAuditLog(getDb(), actor, { before, limit: PAGE_SIZE });
	// Formatted here, once, so that the server's and the browser's clocks cannot disagree while hydrating.
	const locale = readerLocale(getLocale(), acceptedLanguages(event.request.headers.get('accept-language')));
	return {
		entries: entries.map((entry) => ({
			...entry,
			iso: new Date(entry.at).toISOString(),
			when: formatMoment(entry.at, locale)
		})),
		nextBefore,
		isFirstPage: before === undefined
	};
};
