/**
 * Each assigned facilitator declares their own impartiality: no conflict of interest, or one disclosed in the
 * note and handled. Nobody declares for someone else, organisers included.
 */
import { and, eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { impartialitySchema, type ImpartialityInput } from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { dialogueFacilitator } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type ServiceEnv } from './env';
import { InvalidInputError, parseInput } from './errors';

export function declareImpartiality(
	staff: StaffPrincipal,
	dialogueId: string,
	input: ImpartialityInput,
	env?: ServiceEnv
): void {
	const { db, now } = resolveEnv(env);
	const data = parseInput(impartialitySchema, input);
	db.transaction((tx) => {
		const { dialogue, assignment } = accessDialogue(tx, staff, dialogueId);
		if (!assignment) throw new InvalidInputError({ confirmed: m.prep_error_not_assigned() });
		tx.update(dialogueFacilitator)
			.set({ impartialityDeclaredAt: now, impartialityNote: data.note })
			.where(and(eq(dialogueFacilitator.dialogueId, dialogue.id), eq(dialogueFacilitator.userId, staff.id)))
			.run();
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'impartiality.declare',
			targetType: 'dialogue',
			targetId: dialogue.id,
			detail: { disclosed: data.note !== '' },
			at: now
		});
	});
}

/** Withdraws one's own declaration (circumstances changed); the dialogue is not ready until it is renewed. */
export function withdrawImpartiality(staff: StaffPrincipal, dialogueId: string, env?: ServiceEnv): void {
	const { db, now } = resolveEnv(env);
	db.transaction((tx) => {
		const { dialogue, assignment } = accessDialogue(tx, staff, dialogueId);
		if (!assignment) throw new InvalidInputError({ confirmed: m.prep_error_not_assigned() });
		tx.update(dialogueFacilitator)
			.set({ impartialityDeclaredAt: null })
			.where(and(eq(dialogueFacilitator.dialogueId, dialogue.id), eq(dialogueFacilitator.userId, staff.id)))
			.run();
		touchDialogue(tx, dialogue.id, now);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'impartiality.withdraw',
			targetType: 'dialogue',
			targetId: dialogue.id,
			at: now
		});
	});
}
