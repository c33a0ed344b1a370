import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireStaff } from '$lib/server/auth/guard';
import { guarded } from '$lib/server/dialogues';
import { outcomeDocument } from '$lib/server/outcome/document';
import { getReport, ReportNotReadyError } from '$lib/server/outcome/service';
import type { PageServerLoad } from './$types';

/** The outcome report of a closed session, as the same document the PDF and Markdown exports render. */
export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event);
	const view = guarded(() => {
		try {
			return getReport(staff, event.params.sessionId);
		} catch (cause) {
			if (cause instanceof ReportNotReadyError) error(404, m.outcome_error_report_not_ready());
			throw cause;
		}
	});
	return {
		document: outcomeDocument(view.report, (await event.parent()).dateLocale),
		sessionId: view.sessionId,
		dialogueId: view.dialogueId,
		codename: view.report.codename,
		purgedAt: view.purgedAt
	};
};
