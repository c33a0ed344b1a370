/**
 * `GET /api/v1/sessions/{id}/outcome?format=json|csv|md|pdf` (staff): the outcome report of a closed session as a
 * download named after the codename. JSON by default; problem details on every error.
 */
import { acceptedLanguages, readerLocale } from '$lib/format/dates';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { DialogueNotFoundError } from '$lib/server/dialogues';
import { answer } from '$lib/server/live/http/http';
import { LiveError } from '$lib/server/live/errors';
import { attachment, exportReport, isExportFormat, ReportNotReadyError } from '$lib/server/outcome/service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	answer(async () => {
		const staff = event.locals.staff;
		if (!staff) throw new LiveError(401, 'signInRequired', m.live_error_sign_in());
		const format = event.url.searchParams.get('format') ?? 'json';
		if (!isExportFormat(format)) {
			throw new LiveError(400, 'invalid', m.outcome_error_format(), {
				errors: { format: m.outcome_error_format() }
			});
		}
		try {
			const locale = readerLocale(
				getLocale(),
				acceptedLanguages(event.request.headers.get('accept-language'))
			);
			const file = await exportReport(staff, event.params.id, format, undefined, locale);
			return new Response(file.body, {
				headers: {
					'content-type': file.contentType,
					'content-disposition': attachment(file.filename),
					'cache-control': 'private, no-store'
				}
			});
		} catch (error) {
			if (error instanceof DialogueNotFoundError) {
				throw new LiveError(404, 'sessionNotFound', m.live_error_session_not_found());
			}
			if (error instanceof ReportNotReadyError) {
				throw new LiveError(404, 'reportNotFound', m.outcome_error_report_not_ready());
			}
			throw error;
		}
	});
