/**
 * Settings of a dialogue: thresholds of the values checks, minimum group size, endorsement cap and retention.
 * Stored as JSON; always read through normaliseSettings so that a missing or out-of-range value never reaches a
 * check raw.
 */
import { eq } from 'drizzle-orm';
import { normaliseSettings, type DialogueSettings } from '$lib/dialogue';
import type { StaffPrincipal } from '../auth/principal';
import { recordAudit } from '../audit';
import { dialogue } from '../db/schema';
import { manageDialogue, type DialogueRow } from './access';
import { resolveEnv, type ServiceEnv } from './env';

/** Stored settings, filled with defaults and clamped: old or hand-edited rows never reach the checks raw. */
export function readSettings(row: Pick<DialogueRow, 'settings'>): DialogueSettings {
	let stored: unknown;
	try {
		stored = JSON.parse(row.settings);
	} catch {
		stored = null;
	}
	return normaliseSettings(
		stored && typeof stored === 'object' ? (stored as Partial<DialogueSettings>) : undefined
	);
}

const SETTING_KEYS = [
	'minGroupSize',
	'affirmationRatio',
	'minParticipants',
	'respectPulseThreshold',
	'riskAssessmentMaxAgeDays',
	'endorsementCap',
	'retentionDays',
	'safeguardingRetentionDays',
	'idleEndDays',
	'minCheckInResponses',
	'participantCap'
] as const satisfies readonly (keyof DialogueSettings)[];

/**
 * Changes settings (organisers). Whatever arrives is clamped with normaliseSettings (the minimum group size is
 * never below 3); keys that are not settings are dropped. Returns what was stored.
 */
export function updateSettings(
	staff: StaffPrincipal,
	dialogueId: string,
	input: Partial<Record<keyof DialogueSettings, unknown>>,
	env?: ServiceEnv
): DialogueSettings {
	const { db, now } = resolveEnv(env);
	return db.transaction((tx) => {
		const { dialogue: row } = manageDialogue(tx, staff, dialogueId, 'change settings');
		const merged: Partial<Record<keyof DialogueSettings, unknown>> = { ...readSettings(row) };
		for (const key of SETTING_KEYS) if (key in input) merged[key] = input[key];
		// normaliseSettings falls back to the default for anything that is not a finite number.
		const settings = normaliseSettings(merged as Partial<DialogueSettings>);
		tx.update(dialogue)
			.set({ settings: JSON.stringify(settings), updatedAt: now })
			.where(eq(dialogue.id, row.id))
			.run();
		recordAudit(tx, {
			organisationId: staff.organisationId,
			actorId: staff.id,
			action: 'dialogue.settings',
			targetType: 'dialogue',
			targetId: row.id,
			detail: { ...settings },
			at: now
		});
		return settings;
	});
}
