/**
 * `GET /api/v1/dialogues/{id}/safeguarding?format=json|csv` (the dialogue's facilitators and the organisation's
 * organisers): the dialogue's safeguarding records, exportable on their own. Every read through this endpoint is
 * an export and is audited (who, when, how many; never the texts). Problem details on every error.
 */
import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { LiveError } from '$lib/server/live/errors';
import { answer } from '$lib/server/live/http/http';
import {
	auditSafeguardingExport,
	listSafeguardingRecords,
	safeguardingCsv
} from '$lib/server/live/commands/safeguarding';
import type { RequestHandler } from './$types';

const FORMATS = ['json', 'csv'] as const;

export const GET: RequestHandler = (event) =>
	answer(() => {
		const format = event.url.searchParams.get('format') ?? 'json';
		if (!(FORMATS as readonly string[]).includes(format)) {
			throw new LiveError(400, 'invalid', m.safeguarding_error_format(), {
				errors: { format: m.safeguarding_error_format() }
			});
		}
		const db = getDb();
		const records = listSafeguardingRecords(db, event.locals.staff, event.params.id);
		// listSafeguardingRecords has checked who asks: a staff member of this dialogue.
		const staff = event.locals.staff!;
		auditSafeguardingExport(db, staff, event.params.id, format, records.length);
		const headers = { 'cache-control': 'private, no-store' };
		if (format === 'csv') {
			const name = `safeguarding-${records[0]?.dialogueCodename ?? event.params.id}.csv`.replace(
				/[^\p{L}\p{N}._-]+/gu,
				'-'
			);
			return new Response(safeguardingCsv(records), {
				headers: {
					...headers,
					'content-type': 'text/csv; charset=utf-8',
					'content-disposition': `attachment; filename="${name}"`
				}
			});
		}
		return json({ records }, { headers });
	});
