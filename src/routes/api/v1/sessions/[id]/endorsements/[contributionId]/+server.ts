/** `DELETE /api/v1/sessions/{id}/endorsements/{contributionId}`: take this phone's support back. */
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { answer, requireParticipant } from '$lib/server/live/http/http';
import { withdrawEndorsement } from '$lib/server/live/phones/participation';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = (event) =>
	answer(() => {
		const db = getDb();
		const participant = requireParticipant(db, event, event.params.id);
		return json(withdrawEndorsement(db, participant, event.params.contributionId));
	});
