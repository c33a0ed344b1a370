/**
 * The community capacity screen. Every save is a new row, so revisiting the screen at a later stage keeps what
 * was thought before; the newest row is the current screen.
 */
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import {
	CAPACITY_OCCASIONS,
	CAPACITY_QUESTION_KEYS,
	capacityReviewSchema,
	type CapacityAnswers,
	type CapacityOccasion,
	type CapacityReviewInput
} from '$lib/validation';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { capacityReview, staffUser } from '../db/schema';
import { accessDialogue, touchDialogue } from './access';
import { resolveEnv, type Reader, type ServiceEnv } from './env';
import { parseInput } from './errors';

export function emptyCapacityAnswers(): CapacityAnswers {
	return {
		proDemocratic: { assessment: '', concerns: [] },
		extremistTies: { assessment: '', concerns: [] },
		riskToPerson: { assessment: '', concerns: [] },
		socialCapital: { assessment: '', concerns: [] }
	};
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** Reads stored answers defensively: a row written by an older version still shows what it can. */
export function readCapacityAnswers(json: string): CapacityAnswers {
	const answers = emptyCapacityAnswers();
	let stored: unknown;
	try {
		stored = JSON.parse(json);
	} catch {
		return answers;
	}
	if (!stored || typeof stored !== 'object') return answers;
	for (const key of CAPACITY_QUESTION_KEYS) {
		const answer = (stored as Record<string, unknown>)[key];
		if (!answer || typeof answer !== 'object') continue;
		const { assessment, concerns } = answer as { assessment?: unknown; concerns?: unknown };
		answers[key] = {
			assessment: text(assessment),
			concerns: Array.isArray(concerns)
				? concerns.map((c: { concern?: unknown; mitigation?: unknown }) => ({
						concern: text(c?.concern),
						mitigation: text(c?.mitigation)
					}))
				: []
		};
	}
	return answers;
}

/** What the values check reads from a screen: questions with an assessment, concerns without a mitigation. */
export function capacityCounts(answers: CapacityAnswers): { answered: number; unmitigated: number } {
	let answered = 0;
	let unmitigated = 0;
	for (const key of CAPACITY_QUESTION_KEYS) {
		const answer = answers[key];
		if (answer.assessment.trim() !== '') answered += 1;
		unmitigated += answer.concerns.filter(
			(c) => c.concern.trim() !== '' && c.mitigation.trim() === ''
		).length;
	}
	return { answered, unmitigated };
}

export interface CapacityReviewView {
	id: string;
	occasion: CapacityOccasion;
	answers: CapacityAnswers;
	createdAt: number;
	createdByName: string | null;
}

function asOccasion(value: string): CapacityOccasion {
	return (CAPACITY_OCCASIONS as readonly string[]).includes(value)
		? (value as CapacityOccasion)
		: 'preparation';
}

function reviewsOf(db: Reader, dialogueId: string, limit?: number): CapacityReviewView[] {
	const query = db
		.select({
			id: capacityReview.id,
			occasion: capacityReview.occasion,
			answers: capacityReview.answers,
			createdAt: capacityReview.createdAt,
			createdByName: staffUser.name
		})
		.from(capacityReview)
		.leftJoin(staffUser, eq(staffUser.id, capacityReview.createdBy))
		.where(eq(capacityReview.dialogueId, dialogueId))
		.orderBy(desc(capacityReview.createdAt), desc(capacityReview.id));
	const rows = limit === undefined ? query.all() : query.limit(limit).all();
	return rows.map((row) => ({
		id: row.id,
		occasion: asOccasion(row.occasion),
		answers: readCapacityAnswers(row.answers),
		createdAt: row.createdAt,
		createdByName: row.createdByName
	}));
}

/** The newest screen of a dialogue, or null (no staff check: for the readiness facts). */
export function latestCapacityReview(db: Reader, dialogueId: string): CapacityReviewView | null {
	return reviewsOf(db, dialogueId, 1)[0] ?? null;
}

/** Saves the screen as a new history row. Returns the new row's id. */
export function saveCapacityReview(
	staff: StaffPrincipal,
	dialogueId: string,
	input: CapacityReviewInput,
	env?: ServiceEnv
): { id: string } {
	const { db, now } = resolveEnv(env);
	const data = parseInput(capacityReviewSchema, input);
	const id = randomUUID();
	db.transaction((tx) => {
		const { dialogue } = accessDialogue(tx, staff, dialogueId);
		// Newest-first needs strictly increasing times: two saves in one millisecond (or a clock step back)
		// must not make an older screen the current one.
		const previous = latestCapacityReview(tx, dialogue.id);
		const createdAt = previous ? Math.max(now, previous.createdAt + 1) : now;
		tx.insert(capacityReview)
			.values({
				id,
				dialogueId: dialogue.id,
				answers: JSON.stringify(data.answers),
				occasion: data.occasion,
				createdBy: staff.id,
				createdAt
			})
			.run();
		touchDialogue(tx, dialogue.id, now);
		const counts = capacityCounts(data.answers);
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'capacity.save',
			targetType: 'dialogue',
			targetId: dialogue.id,
			// Counts only: the screen's text stays in its own table.
			detail: { reviewId: id, occasion: data.occasion, ...counts },
			at: now
		});
	});
	return { id };
}

/** Every screen of the dialogue, newest first (the first is the current one). */
export function listCapacityHistory(
	staff: StaffPrincipal,
	dialogueId: string,
	env?: ServiceEnv
): CapacityReviewView[] {
	const { db } = resolveEnv(env);
	const { dialogue } = accessDialogue(db, staff, dialogueId);
	return reviewsOf(db, dialogue.id);
}
