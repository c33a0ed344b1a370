/**
 * `POST /api/v1/sessions/{id}/contributions {kind, text, clientRequestId, proposedRole?, resources?}`: 201 with
 * the new id, 200 with the same id on a retry, 409 when the phase does not take this kind or the session is paused.
 */
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { answer, readJson, requireParticipant } from '$lib/server/live/http/http';
import { submitContribution } from '$lib/server/live/phones/participation';
import type { LaneEvent } from '$lib/server/http/lane';
import type { RequestHandler } from './$types';

/** Also served by the lane (`$lib/server/http/lane.ts`): it reads no more of its event than a `LaneEvent` holds. */
export const POST = ((event: LaneEvent) =>
	answer(async () => {
		const db = getDb();
		const participant = requireParticipant(db, event, event.params.id);
		const { id, created } = submitContribution(db, participant, await readJson(event.request));
		return json({ id }, { status: created ? 201 : 200 });
	})) satisfies RequestHandler;
